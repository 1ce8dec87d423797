"""Care groups, GP practices, funders, and the staff roles people hold in them."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class Organisation(models.Model):
    """A care group (zorggroep) that runs the programme: cohorts, practices, staff."""

    name = models.CharField(_("name"), max_length=150, unique=True)

    class Meta:
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Practice(models.Model):
    """A GP practice (huisartsenpraktijk) of the organisation whose nurses refer patients."""

    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="practices"
    )
    name = models.CharField(_("name"), max_length=150)

    class Meta:
        verbose_name = _("GP practice")
        verbose_name_plural = _("GP practices")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "name"], name="groups_practice_unique_name"
            )
        ]

    def __str__(self) -> str:
        return self.name


class Funder(models.Model):
    """An insurer, municipality or employer that pays for cohorts and reads their reports."""

    class Kind(models.TextChoices):
        INSURER = "insurer", _("health insurer")
        MUNICIPALITY = "municipality", _("municipality")
        EMPLOYER = "employer", _("employer")
        OTHER = "other", _("other")

    name = models.CharField(_("name"), max_length=150, unique=True)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)

    class Meta:
        verbose_name = _("funder")
        verbose_name_plural = _("funders")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class StaffRole(models.Model):
    """A person's role for an organisation (manager, practice nurse) or a funder (contact)."""

    class Role(models.TextChoices):
        MANAGER = "manager", _("programme manager")
        PRACTICE_NURSE = "practice_nurse", _("practice nurse")
        FUNDER = "funder", _("funder")

    person = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="staff_roles"
    )
    role = models.CharField(_("role"), max_length=20, choices=Role.choices)
    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, null=True, blank=True, related_name="staff"
    )
    practice = models.ForeignKey(
        Practice, on_delete=models.CASCADE, null=True, blank=True, related_name="nurses"
    )
    funder = models.ForeignKey(
        Funder, on_delete=models.CASCADE, null=True, blank=True, related_name="contacts"
    )

    class Meta:
        verbose_name = _("staff role")
        verbose_name_plural = _("staff roles")
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(
                        role="manager",
                        organisation__isnull=False,
                        practice__isnull=True,
                        funder__isnull=True,
                    )
                    | Q(
                        role="practice_nurse",
                        organisation__isnull=False,
                        practice__isnull=False,
                        funder__isnull=True,
                    )
                    | Q(
                        role="funder",
                        organisation__isnull=True,
                        practice__isnull=True,
                        funder__isnull=False,
                    )
                ),
                name="groups_staffrole_scope_matches_role",
            ),
            models.UniqueConstraint(
                fields=["person", "organisation"],
                condition=Q(role="manager"),
                name="groups_staffrole_unique_manager",
            ),
            models.UniqueConstraint(
                fields=["person", "practice"],
                condition=Q(role="practice_nurse"),
                name="groups_staffrole_unique_nurse",
            ),
            models.UniqueConstraint(
                fields=["person", "funder"],
                condition=Q(role="funder"),
                name="groups_staffrole_unique_funder",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.person} ({self.get_role_display()})"
