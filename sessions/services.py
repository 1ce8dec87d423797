"""Writes for themes, voting, sessions, RSVPs, attendance, calendar feeds and reminders.

Every function validates, writes in one transaction and raises ValidationError with a
translated message when the input is wrong, so that nothing is saved then. E-mails go out
through tasks enqueued on commit.
"""

import datetime
import secrets
from collections.abc import Iterable, Mapping
from typing import Any
from zoneinfo import ZoneInfo

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q, Sum
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from wagtail.models import Page

from access.policy import Action, membership_roles_allowed
from accounts.models import User
from groups.models import Cohort, Membership

from .models import (
    Attendance,
    CalendarFeed,
    DecisionResult,
    GroupDecision,
    ReminderSent,
    Rsvp,
    Session,
    SessionSeries,
    ThemeProposal,
    Vote,
    VotingRound,
)
from .tasks import remind_session, send_session_change, send_session_reminder

REMINDER_AHEAD = datetime.timedelta(days=2)
DEFAULT_THEMES_TO_CHOOSE = 3


def local_zone() -> ZoneInfo:
    return ZoneInfo(settings.TIME_ZONE)


def _active_membership(cohort: Cohort, person: User, roles: Iterable[str]) -> Membership | None:
    return cohort.memberships.filter(
        person=person, status=Membership.Status.ACTIVE, role__in=list(roles)
    ).first()


def _locked_cohort(cohort: Cohort) -> Cohort:
    # One writer per cohort at a time: overlap checks and vote limits stay true under races.
    return Cohort.objects.select_for_update().get(pk=cohort.pk)


# --- themes and voting ---------------------------------------------------------------------


@transaction.atomic
def propose_theme(
    *,
    cohort: Cohort,
    by: User,
    title: str = "",
    reason: str = "",
    library_page: Page | None = None,
) -> ThemeProposal:
    """Adds a theme to the group's list; from the theme library the page's title is the default."""
    title = " ".join(title.split()) or (library_page.title if library_page else "")
    if not title:
        raise ValidationError({"title": _("Give the theme a name.")})
    if library_page and cohort.theme_proposals.filter(library_page=library_page).exists():
        raise ValidationError(
            {"library_page": _("This page of the theme library has been proposed already.")}
        )
    if cohort.theme_proposals.filter(title__iexact=title).exists():
        raise ValidationError({"title": _("This theme has been proposed already.")})
    proposal = ThemeProposal(
        cohort=cohort,
        proposed_by=by,
        title=title,
        reason=reason.strip(),
        library_page=library_page,
    )
    proposal.full_clean()
    proposal.save()
    return proposal


@transaction.atomic
def open_voting_round(*, cohort: Cohort, by: User, votes_per_person: int = 3) -> VotingRound:
    cohort = _locked_cohort(cohort)
    if cohort.voting_rounds.filter(closed_at__isnull=True).exists():
        raise ValidationError(_("A voting round is already open. Close it first."))
    if not ThemeProposal.objects.filter(cohort=cohort).exclude(results__chosen=True).exists():
        raise ValidationError(_("There are no open theme proposals to vote on yet."))
    voting_round = VotingRound(cohort=cohort, opened_by=by, votes_per_person=votes_per_person)
    voting_round.full_clean()
    voting_round.save()
    return voting_round


@transaction.atomic
def cast_votes(*, voting_round: VotingRound, voter: User, allocation: dict[int, int]) -> None:
    """Replaces the voter's votes in this round by the allocation {proposal id: votes}."""
    voting_round = VotingRound.objects.select_for_update().get(pk=voting_round.pk)
    if not voting_round.is_open:
        raise ValidationError(_("This voting round has closed; votes can no longer change."))
    if _active_membership(voting_round.cohort, voter, Membership.PARTICIPANT_ROLES) is None:
        raise ValidationError(_("Only participants of this group can vote."))
    allocation = {int(pk): int(count) for pk, count in allocation.items() if int(count) != 0}
    if any(count < 0 for count in allocation.values()):
        raise ValidationError(_("A number of votes cannot be negative."))
    total = sum(allocation.values())
    if total > voting_round.votes_per_person:
        raise ValidationError(
            _("You gave %(total)d votes, but you have %(limit)d. Take some away and try again.")
            % {"total": total, "limit": voting_round.votes_per_person}
        )
    open_ids = set(
        ThemeProposal.objects.filter(cohort_id=voting_round.cohort_id)
        .exclude(results__chosen=True)
        .values_list("pk", flat=True)
    )
    if not set(allocation) <= open_ids:
        raise ValidationError(_("You can only vote for open proposals of your own group."))
    voting_round.votes.filter(voter=voter).delete()
    Vote.objects.bulk_create(
        Vote(round=voting_round, proposal_id=pk, voter=voter, count=count)
        for pk, count in allocation.items()
    )


def rank(counts: list[tuple[ThemeProposal, int]]) -> list[tuple[ThemeProposal, int, int, bool]]:
    """Standard competition ranking (1, 2, 2, 4): equal votes share a rank and are ties."""
    ordered = sorted(counts, key=lambda item: (-item[1], item[0].title.lower()))
    tally: dict[int, int] = {}
    for _proposal, votes in ordered:
        tally[votes] = tally.get(votes, 0) + 1
    ranked, position = [], 0
    for index, (proposal, votes) in enumerate(ordered):
        if index == 0 or votes != ordered[index - 1][1]:
            position = index + 1
        ranked.append((proposal, votes, position, tally[votes] > 1))
    return ranked


@transaction.atomic
def close_voting_round(
    *, voting_round: VotingRound, by: User, themes_to_choose: int = DEFAULT_THEMES_TO_CHOOSE
) -> GroupDecision:
    """Closes the round and records the group decision.

    The themes ranked within ``themes_to_choose`` are chosen; a tie at the boundary is
    kept a tie (all tied themes are chosen). Themes without votes are never chosen.
    """
    voting_round = VotingRound.objects.select_for_update().get(pk=voting_round.pk)
    if not voting_round.is_open:
        raise ValidationError(_("This voting round has closed already."))
    if themes_to_choose < 1:
        raise ValidationError(_("Choose at least one theme."))
    proposals = list(
        ThemeProposal.objects.filter(cohort_id=voting_round.cohort_id)
        .exclude(results__chosen=True)
        .annotate(total=Sum("votes__count", filter=Q(votes__round=voting_round)))
    )
    ranked = rank([(proposal, proposal.total or 0) for proposal in proposals])
    voting_round.closed_at = timezone.now()
    voting_round.save(update_fields=["closed_at"])
    decision = GroupDecision.objects.create(
        round=voting_round,
        cohort_id=voting_round.cohort_id,
        decided_by=by,
        decided_at=voting_round.closed_at,
        voters=voting_round.votes.values("voter").distinct().count(),
    )
    DecisionResult.objects.bulk_create(
        DecisionResult(
            decision=decision,
            proposal=proposal,
            votes=votes,
            rank=position,
            tied=tied,
            chosen=votes > 0 and position <= themes_to_choose,
        )
        for proposal, votes, position, tied in ranked
    )
    return decision


# --- sessions ------------------------------------------------------------------------------

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
    if session.facilitator is not None and not _active_membership(
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
    cohort = _locked_cohort(cohort)
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
    _locked_cohort(session.cohort)
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
    series = SessionSeries.objects.create(
        cohort=cohort,
        created_by=by,
        description=_("%(count)d sessions from %(date)s")
        % {"count": len(dates), "date": formats.date_format(first_date, "SHORT_DATE_FORMAT")},
    )
    sessions = []
    for number, day in enumerate(dates, start=1):
        try:
            sessions.append(
                plan_session(
                    cohort=cohort,
                    by=by,
                    series=series,
                    title=f"{title} {number}",
                    starts_at=local_datetime(day, start_time),
                    ends_at=local_datetime(day, end_time),
                    **fields,
                )
            )
        except ValidationError as error:
            raise ValidationError(
                _("Session %(number)d on %(date)s: %(problem)s")
                % {
                    "number": number,
                    "date": formats.date_format(day, "SHORT_DATE_FORMAT"),
                    "problem": " ".join(error.messages),
                }
            ) from error
    return sessions


# --- RSVPs and attendance ------------------------------------------------------------------


@transaction.atomic
def answer_rsvp(*, session: Session, person: User, coming: bool) -> Rsvp:
    """A member says they come (aanmelden) or not (afmelden), up to the start."""
    if session.is_cancelled:
        raise ValidationError(_("This session has been cancelled."))
    if session.starts_at <= timezone.now():
        raise ValidationError(_("This session has started; you can no longer sign up or off."))
    if _active_membership(session.cohort, person, Membership.PARTICIPANT_ROLES) is None:
        raise ValidationError(_("Only participants of this group can sign up."))
    rsvp, _created = Rsvp.objects.update_or_create(
        session=session,
        person=person,
        defaults={"coming": coming, "answered_at": timezone.now()},
    )
    return rsvp


@transaction.atomic
def record_attendance(
    *, session: Session, by: User, entries: Mapping[int, tuple[str, str]]
) -> list[Attendance]:
    """Fills in the register: {person id: (status, reason)}; earlier lines are replaced."""
    if session.is_cancelled:
        raise ValidationError(_("This session has been cancelled; there is nothing to register."))
    if session.local_start_date() > timezone.localdate():
        raise ValidationError(_("Attendance can be registered from the day of the session on."))
    members = set(
        session.cohort.memberships.participants()
        .filter(status=Membership.Status.ACTIVE)
        .values_list("person_id", flat=True)
    )
    strangers = set(entries) - members
    if strangers:
        raise ValidationError(_("Attendance can only be registered for members of this group."))
    records = []
    for person_id, (status, reason) in entries.items():
        if status not in Attendance.Status.values:
            raise ValidationError(_("Choose present, absent or excused."))
        reason = reason.strip()
        if status == Attendance.Status.EXCUSED and not reason:
            raise ValidationError(_("Give a reason for everyone who is excused."))
        if status != Attendance.Status.EXCUSED:
            reason = ""
        record, _created = Attendance.objects.update_or_create(
            session=session,
            person_id=person_id,
            defaults={
                "status": status,
                "reason": reason,
                "recorded_by": by,
                "recorded_at": timezone.now(),
            },
        )
        records.append(record)
    return records


# --- calendar feeds ------------------------------------------------------------------------


@transaction.atomic
def renew_calendar_feed(*, person: User) -> CalendarFeed:
    """Makes a new secret feed address; the previous address stops working at once."""
    feed, _created = CalendarFeed.objects.update_or_create(
        person=person,
        defaults={"secret": secrets.token_urlsafe(32), "created_at": timezone.now()},
    )
    return feed


@transaction.atomic
def ensure_calendar_feed(*, person: User) -> CalendarFeed:
    feed = CalendarFeed.objects.filter(person=person).first()
    return feed or renew_calendar_feed(person=person)


# --- reminders -----------------------------------------------------------------------------


def enqueue_session_reminders(*, session: Session) -> int:
    """Enqueues a reminder for this session per member not yet reminded and not declined."""
    from .selectors import members_to_notify

    if session.is_cancelled or session.starts_at <= timezone.now():
        return 0
    reminded = set(
        ReminderSent.objects.filter(session=session).values_list("person_id", flat=True)
    )
    count = 0
    for person in members_to_notify(session=session, skip_declined=True):
        if person.pk in reminded:
            continue
        send_session_reminder.enqueue(
            session_id=session.pk, person_id=person.pk, starts_at=session.starts_at.isoformat()
        )
        count += 1
    return count


def enqueue_due_reminders(*, now: datetime.datetime | None = None) -> int:
    """Enqueues the reminders of every session starting within two days.

    Safe to run as often as wanted (each person is reminded once per session): the
    `send_session_reminders` command runs it from a scheduler, and it is the only trigger
    where the task backend cannot defer work (the embedded mode).
    """
    now = now or timezone.now()
    due = Session.objects.planned().filter(starts_at__gt=now, starts_at__lte=now + REMINDER_AHEAD)
    return sum(
        enqueue_session_reminders(session=session) for session in due.select_related("cohort")
    )


def schedule_reminders(session: Session) -> None:
    """Defers `remind_session` to two days before the (new) start, if the backend can defer.

    With django-tasks-db the reminder then needs no scheduler; a task for an earlier start
    time does nothing when it runs. Backends that run at once (the embedded mode) rely on
    the `send_session_reminders` command instead.
    """
    if not remind_session.get_backend().supports_defer or session.starts_at <= timezone.now():
        return
    remind_session.using(run_after=session.starts_at - REMINDER_AHEAD).enqueue(
        session_id=session.pk, starts_at=session.starts_at.isoformat()
    )
