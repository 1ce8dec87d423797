"""Reads for the theme, calendar, session, planning and attendance pages.

Over 400 lines but kept whole: each marked section is short and they share one set of imports.
"""

import calendar
import datetime
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from django.db.models import BooleanField, Count, OuterRef, Prefetch, Q, QuerySet, Subquery, Sum
from django.utils import timezone
from django.utils.crypto import constant_time_compare, salted_hmac
from django.utils.translation import gettext
from wagtail.models import Locale, Page

from access.policy import Action, may
from accounts.models import User
from groups.models import Cohort, Membership

from .models import (
    Attendance,
    CalendarFeed,
    DecisionResult,
    GroupDecision,
    Rsvp,
    Session,
    ThemeProposal,
    VotingRound,
)
from .services import SeriesSlot, rank

FEED_HISTORY = datetime.timedelta(days=90)


def members_to_notify(*, session: Session, skip_declined: bool = False) -> QuerySet[User]:
    """Everyone active in the session's group; optionally without those who said no."""
    people = User.objects.filter(
        memberships__cohort_id=session.cohort_id,
        memberships__status=Membership.Status.ACTIVE,
        is_active=True,
    )
    if skip_declined:
        declined = Rsvp.objects.filter(session=session, coming=False).values("person_id")
        people = people.exclude(pk__in=declined)
    return people.distinct().order_by("pk")


# --- themes --------------------------------------------------------------------------------


@dataclass
class RankedProposal:
    proposal: ThemeProposal
    votes: int
    rank: int
    tied: bool
    mine: int = 0


@dataclass
class ThemeOverview:
    open_round: VotingRound | None
    proposals: list[RankedProposal]
    votes_left: int = 0
    voters: int = 0
    decisions: list[GroupDecision] = field(default_factory=list)


def open_proposals(*, cohort: Cohort) -> QuerySet[ThemeProposal]:
    return (
        cohort.theme_proposals.exclude(results__chosen=True)
        .select_related("proposed_by", "library_page")
        .order_by("title")
    )


def theme_overview(*, cohort: Cohort, user: User) -> ThemeOverview:
    """Open proposals with the running tally of the open round (visible to the group)."""
    open_round = cohort.voting_rounds.filter(closed_at__isnull=True).first()
    proposals = list(
        open_proposals(cohort=cohort).annotate(
            total=Sum("votes__count", filter=Q(votes__round=open_round)),
            mine=Sum("votes__count", filter=Q(votes__round=open_round, votes__voter=user)),
        )
    )
    ranked = [
        RankedProposal(
            proposal=p, votes=votes, rank=position, tied=tied, mine=getattr(p, "mine", None) or 0
        )
        for p, votes, position, tied in rank([(p, p.total or 0) for p in proposals])
    ]
    overview = ThemeOverview(open_round=open_round, proposals=ranked)
    if open_round:
        overview.votes_left = open_round.votes_per_person - sum(r.mine for r in ranked)
        overview.voters = open_round.votes.values("voter").distinct().count()
    overview.decisions = list(
        cohort.theme_decisions.select_related("decided_by", "round").prefetch_related(
            Prefetch("results", queryset=DecisionResult.objects.select_related("proposal"))
        )
    )
    return overview


def chosen_themes(*, cohort: Cohort, session: Session | None = None) -> QuerySet[ThemeProposal]:
    """Themes the group chose (and those the session already has): what can be scheduled."""
    condition = Q(results__chosen=True)
    if session is not None:
        condition |= Q(sessions=session)
    return cohort.theme_proposals.filter(condition).distinct().order_by("title")


# --- sessions ------------------------------------------------------------------------------


def cohort_sessions(*, cohort: Cohort, user: User | None = None) -> QuerySet[Session]:
    """Every session of the group with the number who come and who sent apologies; with a
    user, also their own answer (``own_rsvp``: True, False or None)."""
    sessions = (
        cohort.sessions.select_related("facilitator", "material_page")
        .prefetch_related("themes")
        .annotate(
            coming=Count("rsvps", filter=Q(rsvps__coming=True), distinct=True),
            declined=Count("rsvps", filter=Q(rsvps__coming=False), distinct=True),
        )
        .order_by("starts_at")
    )
    if user is not None:
        own = Rsvp.objects.filter(session=OuterRef("pk"), person=user).values("coming")[:1]
        sessions = sessions.annotate(own_rsvp=Subquery(own, output_field=BooleanField()))
    return sessions


@dataclass
class MonthView:
    month: datetime.date
    previous: datetime.date
    next: datetime.date
    weeks: list[list[tuple[datetime.date, list[Session]]]]


def month_view(*, cohort: Cohort, month: datetime.date) -> MonthView:
    """A month as weeks Monday-Sunday, each day with its sessions (local dates)."""
    month = month.replace(day=1)
    weeks = calendar.Calendar(firstweekday=0).monthdatescalendar(month.year, month.month)
    zone = timezone.get_current_timezone()
    start = datetime.datetime.combine(weeks[0][0], datetime.time.min, tzinfo=zone)
    end = datetime.datetime.combine(
        weeks[-1][-1] + datetime.timedelta(days=1), datetime.time.min, tzinfo=zone
    )
    by_day: dict[datetime.date, list[Session]] = {}
    for session in cohort.sessions.filter(starts_at__gte=start, starts_at__lt=end):
        by_day.setdefault(session.local_start_date(), []).append(session)
    previous = (month - datetime.timedelta(days=1)).replace(day=1)
    following = (month + datetime.timedelta(days=32)).replace(day=1)
    return MonthView(
        month=month,
        previous=previous,
        next=following,
        weeks=[[(day, by_day.get(day, [])) for day in week] for week in weeks],
    )


def session_people(*, session: Session) -> dict[str, list[User]]:
    """Who said they come and who sent apologies."""
    answers = session.rsvps.select_related("person").order_by(
        "person__display_name", "person__first_name"
    )
    people: dict[str, list[User]] = {"coming": [], "declined": []}
    for rsvp in answers:
        people["coming" if rsvp.coming else "declined"].append(rsvp.person)
    return people


def own_rsvp(*, session: Session, user: User) -> Rsvp | None:
    return session.rsvps.filter(person=user).first()


@dataclass
class Planning:
    unscheduled_themes: list[ThemeProposal]
    without_facilitator: list[Session]
    upcoming: list[Session]


def planning(*, cohort: Cohort) -> Planning:
    """The coach's view: chosen themes with no session yet, sessions without a leader."""
    now = timezone.now()
    scheduled = (
        Session.objects.planned().filter(cohort=cohort, themes__isnull=False).values("themes")
    )
    unscheduled = chosen_themes(cohort=cohort).exclude(pk__in=scheduled)
    upcoming = list(
        cohort_sessions(cohort=cohort).filter(ends_at__gt=now, status=Session.Status.PLANNED)
    )
    return Planning(
        unscheduled_themes=list(unscheduled),
        without_facilitator=[
            s for s in upcoming if s.facilitator_id is None and not s.guest_facilitator
        ],
        upcoming=upcoming,
    )


def series_defaults(*, cohort: Cohort, today: datetime.date) -> dict[str, Any]:
    """What the series form starts from: a week after the group's last planned session,
    at its times (keeping the rhythm); without one, a week from today."""
    last = cohort.sessions.planned().order_by("-starts_at").first()
    if last is None or last.local_start_date() < today:
        return {"first_date": today + datetime.timedelta(weeks=1)}
    return {
        "first_date": last.local_start_date() + datetime.timedelta(weeks=1),
        "start_time": timezone.localtime(last.starts_at).time(),
        "end_time": timezone.localtime(last.ends_at).time(),
    }


def series_conflicts(*, cohort: Cohort, slots: Iterable[SeriesSlot]) -> dict[int, Session]:
    """{slot number: the planned session it would overlap} for a series' preview."""
    slots = list(slots)
    if not slots:
        return {}
    planned = list(
        cohort.sessions.planned().filter(
            starts_at__lt=max(slot.ends_at for slot in slots),
            ends_at__gt=min(slot.starts_at for slot in slots),
        )
    )
    conflicts = {}
    for slot in slots:
        for session in planned:
            if session.starts_at < slot.ends_at and session.ends_at > slot.starts_at:
                conflicts[slot.number] = session
                break
    return conflicts


def next_session_for(*, user: User) -> Session | None:
    """The next planned session of any group the user is active in."""
    cohorts = Membership.objects.filter(person=user, status=Membership.Status.ACTIVE).values(
        "cohort_id"
    )
    return (
        Session.objects.planned()
        .upcoming()
        .filter(cohort_id__in=cohorts)
        .select_related("cohort", "facilitator")
        .prefetch_related("themes")
        .first()
    )


# --- attendance ----------------------------------------------------------------------------


@dataclass
class RegisterRow:
    """One active participant in the register: their saved line and their sign-up, if any."""

    membership: Membership
    line: Attendance | None
    rsvp: Rsvp | None

    @property
    def suggestion(self) -> tuple[str | None, str]:
        """(status, reason) the register starts from: the saved line, else the sign-up
        (signed up: present; signed off: excused, "signed off" being the reason)."""
        if self.line is not None:
            return self.line.status, self.line.reason
        if self.rsvp is None:
            return None, ""
        if self.rsvp.coming:
            return Attendance.Status.PRESENT, ""
        return Attendance.Status.EXCUSED, gettext("Signed off")


def attendance_register(*, session: Session) -> list[RegisterRow]:
    """The group's active participants, each with their line in the register and sign-up."""
    lines = {a.person_id: a for a in session.attendance.all()}
    rsvps = {r.person_id: r for r in session.rsvps.all()}
    members = (
        session.cohort.memberships.participants()
        .filter(status=Membership.Status.ACTIVE)
        .select_related("person")
        .order_by("person__display_name", "person__first_name", "person__email")
    )
    return [RegisterRow(m, lines.get(m.person_id), rsvps.get(m.person_id)) for m in members]


@dataclass
class Rate:
    present: int
    absent: int
    excused: int

    @property
    def recorded(self) -> int:
        return self.present + self.absent + self.excused

    @property
    def percentage(self) -> int | None:
        return round(100 * self.present / self.recorded) if self.recorded else None


_RATE_COUNTS = {
    "present": Count("pk", filter=Q(status=Attendance.Status.PRESENT)),
    "absent": Count("pk", filter=Q(status=Attendance.Status.ABSENT)),
    "excused": Count("pk", filter=Q(status=Attendance.Status.EXCUSED)),
}


def attendance_by_participant(*, cohort: Cohort) -> list[tuple[Membership, Rate]]:
    """Attendance rate per active participant: present out of registered sessions."""
    counts: Iterable[Mapping[str, Any]] = (
        Attendance.objects.filter(session__cohort=cohort)
        .values("person_id")
        .annotate(**_RATE_COUNTS)
    )
    rows = {
        row["person_id"]: Rate(row["present"], row["absent"], row["excused"]) for row in counts
    }
    members = (
        cohort.memberships.participants()
        .filter(status=Membership.Status.ACTIVE)
        .select_related("person")
        .order_by("person__display_name", "person__first_name", "person__email")
    )
    return [(m, rows.get(m.person_id, Rate(0, 0, 0))) for m in members]


def attendance_by_session(*, cohort: Cohort) -> list[tuple[Session, Rate]]:
    counts: Iterable[Mapping[str, Any]] = (
        Attendance.objects.filter(session__cohort=cohort)
        .values("session_id")
        .annotate(**_RATE_COUNTS)
    )
    rows = {
        row["session_id"]: Rate(row["present"], row["absent"], row["excused"]) for row in counts
    }
    sessions = cohort.sessions.filter(pk__in=rows.keys()).order_by("starts_at")
    return [(s, rows[s.pk]) for s in sessions]


# --- calendar feeds ------------------------------------------------------------------------


def feed_token(feed: CalendarFeed) -> str:
    """The secret in the feed address: the feed's id and an HMAC of its random secret."""
    digest = salted_hmac("sessions.calendar-feed", feed.secret, algorithm="sha256").hexdigest()
    return f"{feed.pk}-{digest}"


def feed_for_token(token: str) -> CalendarFeed | None:
    """The feed this token opens, compared in constant time; None if it is wrong or revoked."""
    pk, _sep, _digest = token.partition("-")
    if not pk.isdigit():
        return None
    feed = CalendarFeed.objects.select_related("person").filter(pk=int(pk)).first()
    if feed is None or not feed.person.is_active:
        return None
    return feed if constant_time_compare(feed_token(feed), token) else None


def sessions_for_feed(*, person: User) -> QuerySet[Session]:
    cohorts = Membership.objects.filter(person=person, status=Membership.Status.ACTIVE).values(
        "cohort_id"
    )
    return (
        Session.objects.filter(cohort_id__in=cohorts, ends_at__gte=timezone.now() - FEED_HISTORY)
        .select_related("cohort", "facilitator")
        .prefetch_related("themes")
        .order_by("starts_at")
    )


# --- the theme library (cms/) --------------------------------------------------------------


@dataclass
class ThemePageGroup:
    """One of the member's groups as seen from a theme-library page."""

    cohort: Cohort
    sessions: list[Session]
    proposal: ThemeProposal | None
    can_propose: bool
    page_to_propose: Page | None


def theme_page_groups(*, page: Page, user: User) -> list[ThemePageGroup]:
    """For a theme page: the sessions of each of the member's groups that use the page
    (as a theme's library page or as a session's material, in any language), the group's
    proposal of the page, and whether the member may propose it to the group."""
    if not user.is_authenticated:
        return []
    cohorts = list(
        Cohort.objects.filter(
            memberships__person=user, memberships__status=Membership.Status.ACTIVE
        )
        .distinct()
        .order_by("name")
    )
    if not cohorts:
        return []
    translations = Page.objects.filter(translation_key=page.translation_key).values("pk")
    sessions = (
        Session.objects.filter(cohort__in=cohorts)
        .filter(Q(material_page__in=translations) | Q(themes__library_page__in=translations))
        .distinct()
        .order_by("starts_at")
    )
    proposals = {
        proposal.cohort_id: proposal
        for proposal in ThemeProposal.objects.filter(
            cohort__in=cohorts, library_page__in=translations
        )
    }
    by_cohort: dict[int, list[Session]] = {}
    for session in sessions:
        by_cohort.setdefault(session.cohort_id, []).append(session)
    # Proposals link the page in the default language, as the proposal form offers it.
    page_to_propose = (
        Page.objects.filter(translation_key=page.translation_key, locale=Locale.get_default())
        .live()
        .first()
    )
    return [
        ThemePageGroup(
            cohort=cohort,
            sessions=by_cohort.get(cohort.pk, []),
            proposal=proposals.get(cohort.pk),
            can_propose=may(user, Action.PROPOSE_THEME, cohort),
            page_to_propose=page_to_propose,
        )
        for cohort in cohorts
    ]
