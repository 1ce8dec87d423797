"""The facts behind the coach's early-warning list: thresholds, follow-ups, assignments.

The signals themselves are never stored: ``attention.selectors`` works them out each time
from what the platform already knows (attendance, sign-ups, chat, goals, contributions).
"""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from groups.models import Membership, Organisation

# The defaults, documented in README ("Wie verdient aandacht?"): a manager may change them.
DEFAULTS = {
    "missed_in_a_row": 2,
    "signup_days": 7,
    "quiet_weeks": 3,
    "check_in_weeks": 4,
    "first_sessions": 3,
    "rhythm_weeks": 6,
}
# The referral pipeline: after how many days in one step a referral counts as stalled.
PIPELINE_DEFAULTS = {
    "stalled_referred_days": 14,
    "stalled_consented_days": 3,
    "stalled_invited_days": 14,
    "stalled_accepted_days": 21,
    "reminder_days": 7,
    "nurse_told_days": 7,
}


def _small(label, default: int, low: int, high: int, help_text):
    return models.PositiveSmallIntegerField(
        label,
        default=default,
        validators=[MinValueValidator(low), MaxValueValidator(high)],
        help_text=help_text,
    )


class AttentionSettings(models.Model):
    """The thresholds of the signals for one programme (organisation), set by its manager."""

    organisation = models.OneToOneField(
        Organisation, on_delete=models.CASCADE, related_name="attention_settings"
    )
    missed_in_a_row = _small(
        _("missed sessions in a row"),
        DEFAULTS["missed_in_a_row"],
        1,
        10,
        _("Absent or signed off this many times in a row."),
    )
    signup_days = _small(
        _("days before a session without sign-up"),
        DEFAULTS["signup_days"],
        1,
        30,
        _("Not signed up this many days before the next session."),
    )
    quiet_weeks = _small(
        _("weeks without log-in or chat"),
        DEFAULTS["quiet_weeks"],
        1,
        26,
        _("Not logged in and not read the chat for this many weeks."),
    )
    check_in_weeks = _small(
        _("weeks without a check-in on a goal"),
        DEFAULTS["check_in_weeks"],
        1,
        26,
        _("An active goal without a check-in for this many weeks."),
    )
    first_sessions = _small(
        _("first sessions after joining"),
        DEFAULTS["first_sessions"],
        0,
        10,
        _("New participants get attention during this many sessions."),
    )
    rhythm_weeks = _small(
        _("weeks of attention after the switch to monthly"),
        DEFAULTS["rhythm_weeks"],
        0,
        26,
        _("After the last weekly session, for this many weeks."),
    )
    stalled_referred_days = _small(
        _("days waiting for GP consent"),
        PIPELINE_DEFAULTS["stalled_referred_days"],
        1,
        90,
        _("A referral without GP consent after this many days is stalled."),
    )
    stalled_consented_days = _small(
        _("days between GP consent and the invitation"),
        PIPELINE_DEFAULTS["stalled_consented_days"],
        1,
        90,
        _("GP consent is there, but no invitation was sent after this many days."),
    )
    stalled_invited_days = _small(
        _("days without an answer to the invitation"),
        PIPELINE_DEFAULTS["stalled_invited_days"],
        1,
        90,
        _("The invitation has not been accepted after this many days."),
    )
    stalled_accepted_days = _small(
        _("days waiting for the first session"),
        PIPELINE_DEFAULTS["stalled_accepted_days"],
        1,
        90,
        _(
            "Accepted, but not at a session this many days after accepting "
            "or after the start of the group (whichever is later)."
        ),
    )
    reminder_days = _small(
        _("days before the invitation reminder"),
        PIPELINE_DEFAULTS["reminder_days"],
        1,
        60,
        _("An invitee who has not answered after this many days gets one reminder e-mail."),
    )
    nurse_told_days = _small(
        _("days after the reminder before the nurse is told"),
        PIPELINE_DEFAULTS["nurse_told_days"],
        1,
        60,
        _("Still no answer this many days after the reminder: the nurse gets an e-mail."),
    )
    updated_at = models.DateTimeField(default=timezone.now)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    class Meta:
        verbose_name = _("attention settings")
        verbose_name_plural = _("attention settings")

    def __str__(self) -> str:
        return f"{self.organisation}"


class FollowUp(models.Model):
    """A contact with a participant after a signal: what was done, when and by whom."""

    class Kind(models.TextChoices):
        CONTACT = "contact", _("contact")
        CATCH_UP = "catch_up", _("catch-up talk planned")

    membership = models.ForeignKey(Membership, on_delete=models.CASCADE, related_name="follow_ups")
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices, default=Kind.CONTACT)
    note = models.CharField(_("what happened"), max_length=300)
    contacted_on = models.DateField(_("date"))
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("follow-up")
        verbose_name_plural = _("follow-ups")
        ordering = ["-contacted_on", "-created_at"]
        indexes = [models.Index(fields=["membership", "-contacted_on"])]

    def __str__(self) -> str:
        return f"{self.membership} {self.contacted_on}: {self.note}"


class Assignment(models.Model):
    """The coach asks an aanjager to follow a participant up; ended when done or changed."""

    membership = models.ForeignKey(
        Membership, on_delete=models.CASCADE, related_name="attention_assignments"
    )
    aanjager = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    asked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    ended_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("follow-up request")
        verbose_name_plural = _("follow-up requests")
        constraints = [
            models.UniqueConstraint(
                fields=["membership"],
                condition=Q(ended_at__isnull=True),
                name="attention_one_open_assignment",
            )
        ]

    def __str__(self) -> str:
        return f"{self.membership} -> {self.aanjager}"


class DigestSent(models.Model):
    """The weekly e-mail to a coach went out for this week (at most once: idempotent)."""

    coach = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    week = models.DateField()  # the Monday of the week
    sent_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["coach", "week"], name="attention_digest_once_a_week")
        ]

    def __str__(self) -> str:
        return f"{self.coach_id} {self.week}"


class InvitationReminder(models.Model):
    """The one reminder to an invitee who did not answer, and when the nurse was told.

    One row per membership (the reminder goes out at most once, whatever the task is run);
    ``nurse_told_at`` is set in the same transaction as the e-mail to the nurse."""

    membership = models.OneToOneField(
        Membership, on_delete=models.CASCADE, related_name="invitation_reminder"
    )
    reminded_at = models.DateTimeField(default=timezone.now)
    nurse_told_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("invitation reminder")
        verbose_name_plural = _("invitation reminders")

    def __str__(self) -> str:
        return f"{self.membership_id} {self.reminded_at:%Y-%m-%d}"
