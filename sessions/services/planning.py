"""Planning sessions: one at a time or a series, moving and cancelling them."""

import datetime
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from access.policy import Action, membership_roles_allowed
from accounts.models import User
from groups.models import Cohort

from ..models import (
    Session,
    SessionSeries,
    ThemeProposal,
)
from ..tasks import send_session_change
from .cohort import active_membership, local_zone, locked_cohort
from .reminders import schedule_reminders

SESSION_FIELDS = (
    "title",
    "starts_at",
    "ends_at",
    "place",
    "online_url",
    "facilitator",
    "guest_facilitator",
    "agenda",
    "notes",
    "material_page",
)


CHANGE_FIELDS = ("starts_at", "ends_at", "place", "online_url")


def _when(moment: datetime.datetime) -> str:
    return formats.date_format(timezone.localtime(moment), "DATETIME_FORMAT")


def _check_session(session: Session, themes: Iterable[ThemeProposal] | None) -> None:
    session.full_clean(exclude=["cohort", "series"])
    if not session.place.strip() and not session.online_url:
        raise ValidationError({"place": _("Fill in a place or an online link.")})
    leaders = membership_roles_allowed(Action.PLAN_SESSIONS)  # who plans sessions leads them
    if session.facilitator is not None and not active_membership(
        session.cohort, session.facilitator, leaders
    ):
        raise ValidationError(
            {"facilitator": _("The person leading a session is the coach or an aanjager.")}
        )
    for theme in themes or []:
        if theme.cohort_id != session.cohort_id:
            raise ValidationError({"themes": _("A theme must be one of this group's themes.")})
    overlapping = (
        Session.objects.planned()
        .filter(
            cohort_id=session.cohort_id,
            starts_at__lt=session.ends_at,
            ends_at__gt=session.starts_at,
        )
        .exclude(pk=session.pk)
        .first()
    )
    if overlapping:
        raise ValidationError(
            {
                "starts_at": _(
                    "This overlaps with the session “%(title)s” on %(when)s. Choose another time."
                )
                % {"title": overlapping.title, "when": _when(overlapping.starts_at)}
            }
        )


@transaction.atomic
def plan_session(
    *,
    cohort: Cohort,
    by: User,
    title: str,
    starts_at: datetime.datetime,
    ends_at: datetime.datetime,
    themes: Iterable[ThemeProposal] = (),
    series: SessionSeries | None = None,
    **fields: Any,
) -> Session:
    cohort = locked_cohort(cohort)
    session = Session(
        cohort=cohort, series=series, title=title, starts_at=starts_at, ends_at=ends_at, **fields
    )
    themes = list(themes)
    _check_session(session, themes)
    session.save()
    session.themes.set(themes)
    transaction.on_commit(lambda: schedule_reminders(session))
    return session


@transaction.atomic
def update_session(
    *, session: Session, by: User, themes: Iterable[ThemeProposal] | None = None, **fields: Any
) -> Session:
    """Changes a session; moving it (time or place) raises SEQUENCE and tells the members."""
    locked_cohort(session.cohort)
    session = Session.objects.select_for_update().get(pk=session.pk)
    if session.is_cancelled:
        raise ValidationError(_("This session has been cancelled; it cannot be changed."))
    before = {name: getattr(session, name) for name in CHANGE_FIELDS}
    for name, value in fields.items():
        if name not in SESSION_FIELDS:
            raise TypeError(f"update_session() got an unexpected field {name!r}")
        setattr(session, name, value)
    themes = None if themes is None else list(themes)
    _check_session(session, themes)
    moved = any(getattr(session, name) != value for name, value in before.items())
    new_start = session.starts_at != before["starts_at"]
    if moved:
        session.sequence += 1
    session.updated_at = timezone.now()
    session.save()
    if themes is not None:
        session.themes.set(themes)
    if moved and session.ends_at > timezone.now():
        transaction.on_commit(
            lambda: send_session_change.enqueue(session_id=session.pk, kind="moved")
        )
    if new_start:
        transaction.on_commit(lambda: schedule_reminders(session))
    return session


@transaction.atomic
def cancel_session(*, session: Session, by: User, reason: str) -> Session:
    session = Session.objects.select_for_update().get(pk=session.pk)
    if session.is_cancelled:
        raise ValidationError(_("This session has been cancelled already."))
    if session.ends_at <= timezone.now():
        raise ValidationError(_("This session has taken place already; it cannot be cancelled."))
    if not reason.strip():
        raise ValidationError({"reason": _("Give a reason, so that members know why.")})
    session.status = Session.Status.CANCELLED
    session.cancel_reason = reason.strip()
    session.sequence += 1
    session.updated_at = timezone.now()
    session.save()
    transaction.on_commit(
        lambda: send_session_change.enqueue(session_id=session.pk, kind="cancelled")
    )
    return session


def _nth_weekday(year: int, month: int, weekday: int, nth: int) -> datetime.date:
    first = datetime.date(year, month, 1)
    offset = (weekday - first.weekday()) % 7
    return first + datetime.timedelta(days=offset + 7 * (nth - 1))


def series_dates(
    *, first_date: datetime.date, every_weeks: int, regular_count: int, monthly_count: int
) -> list[datetime.date]:
    """Dates of a series: `regular_count` sessions every `every_weeks` weeks, then monthly.

    Monthly sessions fall on the same weekday and week of the month as the first session
    (for example every second Tuesday), starting in the month after the last regular one.
    """
    dates = [first_date + datetime.timedelta(weeks=every_weeks * n) for n in range(regular_count)]
    nth = min((first_date.day - 1) // 7 + 1, 4)
    last = dates[-1] if dates else first_date - datetime.timedelta(days=31)
    year, month = last.year, last.month
    while len(dates) < regular_count + monthly_count:
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
        candidate = _nth_weekday(year, month, first_date.weekday(), nth)
        if not dates or candidate > dates[-1]:
            dates.append(candidate)
    return dates


def local_datetime(day: datetime.date, time: datetime.time) -> datetime.datetime:
    """A wall-clock time in Amsterdam on that day (19:00 stays 19:00 across DST changes)."""
    return datetime.datetime.combine(day, time, tzinfo=local_zone())


@dataclass(frozen=True)
class SeriesSlot:
    """One session of a series as it will be made: what the preview lists."""

    number: int
    title: str
    starts_at: datetime.datetime
    ends_at: datetime.datetime


def series_slots(
    *,
    title: str,
    first_date: datetime.date,
    start_time: datetime.time,
    end_time: datetime.time,
    every_weeks: int = 2,
    regular_count: int = 6,
    monthly_count: int = 0,
) -> list[SeriesSlot]:
    """The sessions a series would make, checked but not saved (for the preview)."""
    if end_time <= start_time:
        raise ValidationError({"end_time": _("A session must end after it starts.")})
    if not 1 <= every_weeks <= 8:
        raise ValidationError({"every_weeks": _("Choose every 1 to 8 weeks.")})
    if regular_count + monthly_count < 1 or regular_count + monthly_count > 60:
        raise ValidationError(_("A series has 1 to 60 sessions."))
    dates = series_dates(
        first_date=first_date,
        every_weeks=every_weeks,
        regular_count=regular_count,
        monthly_count=monthly_count,
    )
    return [
        SeriesSlot(
            number=number,
            title=f"{title} {number}",
            starts_at=local_datetime(day, start_time),
            ends_at=local_datetime(day, end_time),
        )
        for number, day in enumerate(dates, start=1)
    ]


@transaction.atomic
def create_series(
    *,
    cohort: Cohort,
    by: User,
    title: str,
    first_date: datetime.date,
    start_time: datetime.time,
    end_time: datetime.time,
    every_weeks: int = 2,
    regular_count: int = 6,
    monthly_count: int = 0,
    **fields: Any,
) -> list[Session]:
    """Makes the series' sessions (those of ``series_slots``): all of them, or none."""
    slots = series_slots(
        title=title,
        first_date=first_date,
        start_time=start_time,
        end_time=end_time,
        every_weeks=every_weeks,
        regular_count=regular_count,
        monthly_count=monthly_count,
    )
    series = SessionSeries.objects.create(
        cohort=cohort,
        created_by=by,
        description=_("%(count)d sessions from %(date)s")
        % {"count": len(slots), "date": formats.date_format(first_date, "SHORT_DATE_FORMAT")},
    )
    sessions = []
    for slot in slots:
        try:
            sessions.append(
                plan_session(
                    cohort=cohort,
                    by=by,
                    series=series,
                    title=slot.title,
                    starts_at=slot.starts_at,
                    ends_at=slot.ends_at,
                    **fields,
                )
            )
        except ValidationError as error:
            raise ValidationError(
                _("Session %(number)d on %(date)s: %(problem)s")
                % {
                    "number": slot.number,
                    "date": formats.date_format(
                        timezone.localtime(slot.starts_at).date(), "SHORT_DATE_FORMAT"
                    ),
                    "problem": " ".join(error.messages),
                }
            ) from error
    return sessions
