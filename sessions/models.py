"""Group-chosen themes (proposals, voting rounds, decisions) and the sessions that follow.

Themes live here rather than in groups/ so that one app owns everything from "what shall
we talk about" to "who came". Times are stored in UTC and shown in Europe/Amsterdam.
"""

import datetime

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from groups.models import Cohort

DEFAULT_VOTES_PER_PERSON = 3


class ThemeProposal(models.Model):
    """A theme someone in the group would like a session about, and why it matters to them."""

    cohort = models.ForeignKey(Cohort, on_delete=models.CASCADE, related_name="theme_proposals")
    title = models.CharField(_("theme"), max_length=120)
    reason = models.TextField(_("why this matters to you"), blank=True, max_length=2000)
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    library_page = models.ForeignKey(
        "wagtailcore.Page",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("page in the theme library"),
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("theme proposal")
        verbose_name_plural = _("theme proposals")
        ordering = ["created_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["cohort", "title"], name="meetings_proposal_unique_title"
            )
        ]

    def __str__(self) -> str:
        return self.title


class VotingRound(models.Model):
    """A period in which the group spreads a fixed number of votes over the proposals."""

    cohort = models.ForeignKey(Cohort, on_delete=models.CASCADE, related_name="voting_rounds")
    votes_per_person = models.PositiveSmallIntegerField(
        _("votes per person"), default=DEFAULT_VOTES_PER_PERSON
    )
    opened_at = models.DateTimeField(default=timezone.now)
    opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    closed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("voting round")
        verbose_name_plural = _("voting rounds")
        ordering = ["-opened_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["cohort"],
                condition=Q(closed_at__isnull=True),
                name="meetings_round_one_open_per_cohort",
            ),
            models.CheckConstraint(
                condition=Q(votes_per_person__gte=1, votes_per_person__lte=10),
                name="meetings_round_votes_in_range",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.cohort}: {self.opened_at:%Y-%m-%d}"

    @property
    def is_open(self) -> bool:
        return self.closed_at is None


class Vote(models.Model):
    """How many of their votes one person gave one proposal in one round."""

    round = models.ForeignKey(VotingRound, on_delete=models.CASCADE, related_name="votes")
    proposal = models.ForeignKey(ThemeProposal, on_delete=models.CASCADE, related_name="votes")
    voter = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    count = models.PositiveSmallIntegerField()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["round", "proposal", "voter"], name="meetings_vote_once_per_proposal"
            ),
            models.CheckConstraint(condition=Q(count__gte=1), name="meetings_vote_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.proposal}: {self.count}"


class GroupDecision(models.Model):
    """What the group chose when a round closed: kept as the group's history."""

    round = models.OneToOneField(VotingRound, on_delete=models.CASCADE, related_name="decision")
    cohort = models.ForeignKey(Cohort, on_delete=models.CASCADE, related_name="theme_decisions")
    decided_at = models.DateTimeField(default=timezone.now)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    voters = models.PositiveSmallIntegerField(default=0)

    class Meta:
        verbose_name = _("group decision")
        verbose_name_plural = _("group decisions")
        ordering = ["-decided_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.cohort}: {self.decided_at:%Y-%m-%d}"


class DecisionResult(models.Model):
    """One proposal's votes and rank in a decision; `chosen` marks the group's choice."""

    decision = models.ForeignKey(GroupDecision, on_delete=models.CASCADE, related_name="results")
    proposal = models.ForeignKey(ThemeProposal, on_delete=models.CASCADE, related_name="results")
    votes = models.PositiveIntegerField()
    rank = models.PositiveSmallIntegerField()
    tied = models.BooleanField(default=False)
    chosen = models.BooleanField(default=False)

    class Meta:
        ordering = ["rank", "proposal__title"]
        constraints = [
            models.UniqueConstraint(
                fields=["decision", "proposal"], name="meetings_result_once_per_proposal"
            )
        ]

    def __str__(self) -> str:
        return f"{self.rank}. {self.proposal} ({self.votes})"


class SessionSeries(models.Model):
    """Sessions planned in one step; each stays editable on its own afterwards."""

    cohort = models.ForeignKey(Cohort, on_delete=models.CASCADE, related_name="session_series")
    description = models.CharField(max_length=200)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    def __str__(self) -> str:
        return self.description


class SessionQuerySet(models.QuerySet):
    def planned(self) -> "SessionQuerySet":
        return self.filter(status=Session.Status.PLANNED)

    def upcoming(self, now=None) -> "SessionQuerySet":
        return self.filter(ends_at__gt=now or timezone.now())


class Session(models.Model):
    """A group meeting (bijeenkomst): when, where, about what, led by whom."""

    class Status(models.TextChoices):
        PLANNED = "planned", _("planned")
        CANCELLED = "cancelled", _("cancelled")

    cohort = models.ForeignKey(Cohort, on_delete=models.CASCADE, related_name="sessions")
    series = models.ForeignKey(
        SessionSeries, on_delete=models.SET_NULL, null=True, blank=True, related_name="sessions"
    )
    title = models.CharField(_("title"), max_length=150)
    starts_at = models.DateTimeField(_("starts at"))
    ends_at = models.DateTimeField(_("ends at"))
    place = models.CharField(_("place"), max_length=200, blank=True)
    online_url = models.URLField(_("online link"), blank=True)
    themes = models.ManyToManyField(
        ThemeProposal, blank=True, related_name="sessions", verbose_name=_("themes")
    )
    facilitator = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("led by"),
    )
    guest_facilitator = models.CharField(
        _("guest who leads it"),
        max_length=150,
        blank=True,
        help_text=_("For example: Mirjam Smit, dietitian."),
    )
    agenda = models.TextField(_("agenda"), blank=True)
    notes = models.TextField(_("notes after the meeting"), blank=True)
    material_page = models.ForeignKey(
        "wagtailcore.Page",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("material in the theme library"),
    )
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PLANNED)
    cancel_reason = models.TextField(_("reason for cancelling"), blank=True)
    # RFC 5545 SEQUENCE: raised whenever time, place or status change.
    sequence = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)

    objects = SessionQuerySet.as_manager()

    class Meta:
        verbose_name = _("session")
        verbose_name_plural = _("sessions")
        ordering = ["starts_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gt=models.F("starts_at")),
                name="meetings_session_ends_after_start",
            )
        ]
        indexes = [models.Index(fields=["cohort", "starts_at"])]

    def __str__(self) -> str:
        return self.title

    @property
    def is_cancelled(self) -> bool:
        return self.status == self.Status.CANCELLED

    @property
    def uid(self) -> str:
        """The iCalendar UID: never changes, whatever happens to the session."""
        return f"bijeenkomst-{self.pk}@herstelcirkel"

    def local_start_date(self) -> datetime.date:
        return timezone.localtime(self.starts_at).date()

    def register_is_open(self, now: datetime.datetime | None = None) -> bool:
        """The attendance register opens when the session starts, not earlier: a line in it
        makes the reports count the session as held."""
        return self.starts_at <= (now or timezone.now())


class Rsvp(models.Model):
    """Whether a member says they come (aanmelden) or not (afmelden)."""

    session = models.ForeignKey(Session, on_delete=models.CASCADE, related_name="rsvps")
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    coming = models.BooleanField()
    answered_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["session", "person"], name="meetings_rsvp_once")
        ]

    def __str__(self) -> str:
        return f"{self.session}: {self.person} ({'yes' if self.coming else 'no'})"


class Attendance(models.Model):
    """One line of the attendance register; rates are computed from these, never stored."""

    class Status(models.TextChoices):
        PRESENT = "present", _("present")
        ABSENT = "absent", _("absent")
        EXCUSED = "excused", _("excused")

    session = models.ForeignKey(Session, on_delete=models.CASCADE, related_name="attendance")
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    status = models.CharField(_("attendance"), max_length=10, choices=Status.choices)
    reason = models.CharField(_("reason"), max_length=300, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["session", "person"], name="meetings_attendance_once")
        ]

    def __str__(self) -> str:
        return f"{self.session}: {self.person} ({self.status})"


class CalendarFeed(models.Model):
    """A member's private calendar feed; a new `secret` revokes the old address."""

    person = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="calendar_feed"
    )
    secret = models.CharField(max_length=64)
    created_at = models.DateTimeField(default=timezone.now)

    def __str__(self) -> str:
        return f"{self.person}"


class ReminderSent(models.Model):
    """Marks that a person was reminded of a session (once), and for which start time."""

    session = models.ForeignKey(Session, on_delete=models.CASCADE, related_name="reminders")
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    starts_at = models.DateTimeField()
    sent_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["session", "person"], name="meetings_reminder_once")
        ]

    def __str__(self) -> str:
        return f"{self.session}: {self.person}"
