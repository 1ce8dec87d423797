"""The access log (after NEN 7513): who viewed, changed or exported whose personal data."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class AppendOnlyError(Exception):
    """An access log entry was about to be changed or deleted: the log is append-only."""


class AccessLogQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise AppendOnlyError("Access log entries cannot be changed.")

    def delete(self):
        raise AppendOnlyError("Access log entries cannot be deleted.")

    def _raw_delete(self, using):
        raise AppendOnlyError("Access log entries cannot be deleted.")

    def about(self, person) -> "AccessLogQuerySet":
        """Entries about this person's data, newest first."""
        return self.filter(subject=person).order_by("-at", "-pk")


class AccessLogEntry(models.Model):
    """One view, change or export of a person's personal or health data, kept unchanged."""

    class Action(models.TextChoices):
        VIEW = "view", _("viewed")
        CHANGE = "change", _("changed")
        EXPORT = "export", _("exported")
        ERASE = "erase", _("erased")

    class DataKind(models.TextChoices):
        PROFILE = "profile", _("personal details")
        REFERRAL = "referral", _("referral and GP consent")
        PLAN = "plan", _("personal plan")
        GOALS = "goals", _("goals")
        MEASUREMENTS = "measurements", _("measurements")
        QUESTIONNAIRE = "questionnaire", _("questionnaire answers")
        PAYMENTS = "payments", _("contributions and payments")
        ATTENDANCE = "attendance", _("attendance")
        ALL_DATA = "all_data", _("all data")
        CONSENT = "consent", _("consent")
        MEDICATION = "medication", _("medication")
        GLUCOSE = "glucose", _("blood sugar values and hypo reports")
        ALERTS = "alerts", _("safety alerts to the practice")
        ATTENTION = "attention", _("signals and follow-ups of the attention list")
        NOTICE_READS = "notice_reads", _("who has read a notice")

    class ActorRole(models.TextChoices):
        SELF = "self", _("yourself")
        COACH = "coach", _("coach")
        NURSE = "nurse", _("practice nurse")
        MANAGER = "manager", _("programme manager")
        GROUP = "group", _("group member")
        AANJAGER = "aanjager", _("aanjager")
        ADMINISTRATOR = "administrator", _("administrator")
        SYSTEM = "system", _("the platform itself")
        OTHER = "other", _("other")

    at = models.DateTimeField(_("when"), default=timezone.now, db_index=True)
    action = models.CharField(_("what happened"), max_length=10, choices=Action.choices)
    data_kind = models.CharField(_("kind of data"), max_length=20, choices=DataKind.choices)
    subject = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("whose data"),
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        null=True,  # the system itself, e.g. the retention task
        verbose_name=_("by whom"),
    )
    actor_role = models.CharField(_("in the role of"), max_length=20, choices=ActorRole.choices)
    organisation = models.ForeignKey(
        "groups.Organisation",
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
        verbose_name=_("on behalf of"),
    )
    path = models.CharField(_("page"), max_length=300, blank=True)

    objects = AccessLogQuerySet.as_manager()

    class Meta:
        verbose_name = _("access log entry")
        verbose_name_plural = _("access log entries")
        ordering = ["-at", "-pk"]
        indexes = [models.Index(fields=["subject", "-at"], name="privacy_log_subject_at")]
        default_permissions = ("view",)

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.actor_id} {self.action} {self.data_kind}"

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise AppendOnlyError("Access log entries cannot be changed.")
        kwargs["force_insert"] = True
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise AppendOnlyError("Access log entries cannot be deleted.")


class Erasure(models.Model):
    """That a person's personal data were removed (pseudonymised), when and why.

    The person's row stays, under a pseudonym, so the cohort's counts, attendance and
    outcome figures stay the same; their name, contact details and own words are gone.
    """

    class Reason(models.TextChoices):
        REQUEST = "request", _("at the person's request")
        LEFT = "left", _("after leaving the programme, by the programme manager")
        RETENTION = "retention", _("retention period of a finished cohort passed")

    person = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="erasure"
    )
    reason = models.CharField(_("reason"), max_length=20, choices=Reason.choices)
    erased_at = models.DateTimeField(_("erased at"), default=timezone.now)
    # Staff erasing on someone's behalf say why (who is in the access log entry).
    note = models.CharField(_("explanation"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("erasure")
        verbose_name_plural = _("erasures")

    def __str__(self) -> str:
        return f"{self.person_id} ({self.get_reason_display()}, {self.erased_at:%Y-%m-%d})"


class ConsentChoice(models.Model):
    """A participant's yes or no to one optional use of their data; the latest row counts."""

    class Purpose(models.TextChoices):
        COACH_MEASUREMENTS = "coach_measurements", _("My coach may see and enter my measurements")
        RESEARCH = (
            "research",
            _(
                "My answers and measurements may be used, without my name, for research into "
                "the programme"
            ),
        )

    person = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="consent_choices"
    )
    purpose = models.CharField(_("for what"), max_length=30, choices=Purpose.choices)
    given = models.BooleanField(_("agreed"))
    at = models.DateTimeField(_("when"), default=timezone.now)

    class Meta:
        verbose_name = _("consent choice")
        verbose_name_plural = _("consent choices")
        ordering = ["person", "purpose", "-at", "-pk"]

    def __str__(self) -> str:
        return f"{self.person_id} {self.purpose}: {self.given}"
