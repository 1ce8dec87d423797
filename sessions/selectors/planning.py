"""Reads for planning and the calendar: sessions, the month view, sign-ups, series."""

import calendar
import datetime
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.db.models import BooleanField, Count, OuterRef, Q, QuerySet, Subquery
from django.utils import timezone

from accounts.models import User
from groups.models import Cohort, Membership

from ..models import (
    Rsvp,
    Session,
    ThemeProposal,
)
from ..services import SeriesSlot
from .themes import chosen_themes


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
