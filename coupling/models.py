"""What a participant shares with their GP practice, and when: every share is kept.

A share starts when the participant chooses it and ends when they withdraw it; the row
stays (with its end), so the history of who could see what, and since when, is complete.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class PracticeShareQuerySet(models.QuerySet["PracticeShare"]):
    def active(self) -> "PracticeShareQuerySet":
        return self.filter(ended_at__isnull=True)


class PracticeShare(models.Model):
    """A participant's choice to share their self-measurements and scores with their practice."""

    person = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="practice_shares",
        verbose_name=_("participant"),
    )
    practice = models.ForeignKey(
        "groups.Practice",
        on_delete=models.PROTECT,
        related_name="shares",
        verbose_name=_("GP practice"),
    )
    started_at = models.DateTimeField(_("shared since"), default=timezone.now)
    ended_at = models.DateTimeField(_("withdrawn at"), null=True, blank=True)

    objects = PracticeShareQuerySet.as_manager()

    class Meta:
        verbose_name = _("share with the GP practice")
        verbose_name_plural = _("shares with the GP practice")
        ordering = ["person", "-started_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["person"],
                condition=Q(ended_at__isnull=True),
                name="coupling_one_active_share_per_person",
            ),
            models.CheckConstraint(
                condition=Q(ended_at__isnull=True) | Q(ended_at__gte=models.F("started_at")),
                name="coupling_share_ends_after_start",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.person_id} -> {self.practice_id} ({self.started_at:%Y-%m-%d})"

    @property
    def is_active(self) -> bool:
        return self.ended_at is None


class Study(models.Model):
    """A scientific evaluation of some cohorts; its evaluators and pseudonyms belong to it."""

    name = models.CharField(_("name"), max_length=150, unique=True)
    organisation = models.ForeignKey(
        "groups.Organisation", on_delete=models.PROTECT, related_name="studies"
    )
    cohorts = models.ManyToManyField("groups.Cohort", related_name="studies", blank=True)
    evaluators = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        related_name="evaluated_studies",
        blank=True,
        verbose_name=_("evaluators"),
        help_text=_("Researchers who may download the pseudonymous data of this study."),
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("study")
        verbose_name_plural = _("studies")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class StudyPseudonym(models.Model):
    """A participant's random code in one study: stable across its exports, never derived
    from who they are, and different in every other study."""

    study = models.ForeignKey(Study, on_delete=models.CASCADE, related_name="pseudonyms")
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    pseudonym = models.CharField(max_length=12)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["study", "person"], name="coupling_one_code_per_study"
            ),
            models.UniqueConstraint(
                fields=["study", "pseudonym"], name="coupling_codes_unique_in_study"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.study_id}: {self.pseudonym}"


class ResearchExport(models.Model):
    """That an evaluator downloaded a study's data: who, when, how many people and rows."""

    study = models.ForeignKey(Study, on_delete=models.PROTECT, related_name="exports")
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(default=timezone.now)
    participants = models.PositiveIntegerField()
    session_rows = models.PositiveIntegerField()
    moment_rows = models.PositiveIntegerField()

    class Meta:
        verbose_name = _("research export")
        verbose_name_plural = _("research exports")
        ordering = ["-at", "-pk"]

    def __str__(self) -> str:
        return f"{self.study} {self.at:%Y-%m-%d %H:%M}"
