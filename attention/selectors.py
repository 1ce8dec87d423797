"""The signals per active participant, worked out each time from what the platform knows.

Nothing is stored as a verdict: ``cohort_signals`` reads the cohort's sessions, attendance,
sign-ups, chat read markers, goals and contribution months in a fixed number of queries,
however many people the cohort has. Which kinds a viewer may see is the access layer's
decision (``access.attention``); this module only leaves out the kinds it is told to.
"""

import datetime
from collections import defaultdict
from dataclasses import dataclass, field
from enum import StrEnum

from django.db.models import Max, Min, OuterRef, Q, Subquery
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from chat.models import ChatMessage, ReadMarker
from contributions.models import LedgerLine
from contributions.selectors import standing_of
from groups.models import Cohort, Membership, Organisation
from health.models import Goal
from sessions.models import Attendance, Rsvp, Session

from .models import DEFAULTS, Assignment, AttentionSettings, FollowUp


class Kind(StrEnum):
    MISSED = "missed"
    NO_SIGNUP = "no_signup"
    QUIET = "quiet"
    NO_CHECK_IN = "no_check_in"
    CONTRIBUTION = "contribution"
    NEW = "new"
    RHYTHM = "rhythm"


# Participation (attendance, sign-ups, chat and log-ins, the moments of the programme) and
# the personal signals (goals and payments) that only the coach sees.
PARTICIPATION_KINDS = frozenset({Kind.MISSED, Kind.NO_SIGNUP, Kind.QUIET, Kind.NEW, Kind.RHYTHM})
PERSONAL_KINDS = frozenset({Kind.NO_CHECK_IN, Kind.CONTRIBUTION})

LABELS: dict[Kind, Promise] = {
    Kind.MISSED: _("Missed the last sessions"),
    Kind.NO_SIGNUP: _("Not signed up for the next session"),
    Kind.QUIET: _("Not logged in and not read the chat"),
    Kind.NO_CHECK_IN: _("No check-in on a goal"),
    Kind.CONTRIBUTION: _("Contribution failed or behind"),
    Kind.NEW: _("New: in the first sessions"),
    Kind.RHYTHM: _("The sessions are now monthly"),
}
# The switch to monthly: sessions every week or two, then a gap of about a month.
REGULAR_GAP = datetime.timedelta(days=15)
MONTHLY_GAP = datetime.timedelta(days=25)


@dataclass(frozen=True)
class Signal:
    kind: Kind
    since: datetime.date
    detail: str = ""

    @property
    def label(self) -> Promise:
        return LABELS[self.kind]


@dataclass
class Row:
    """One participant on the list: their signals, the last contact, who follows them up."""

    membership: Membership
    signals: list[Signal] = field(default_factory=list)
    last_contact: FollowUp | None = None
    assignment: Assignment | None = None

    @property
    def since(self) -> datetime.date | None:
        return min((signal.since for signal in self.signals), default=None)


def thresholds(*, organisation: Organisation | int) -> AttentionSettings:
    """The programme's settings, or the defaults (unsaved) when the manager set none."""
    organisation_id = organisation if isinstance(organisation, int) else organisation.pk
    found = AttentionSettings.objects.filter(organisation_id=organisation_id).first()
    return found or AttentionSettings(organisation_id=organisation_id, **DEFAULTS)


def _joined(membership: Membership) -> datetime.datetime:
    return membership.accepted_at or membership.created_at


def _rhythm_switch(held: list[Session], upcoming: list[Session]) -> datetime.date | None:
    """The day of the last weekly (or fortnightly) session before they went monthly."""
    starts = [s.starts_at for s in held + upcoming]
    for index in range(2, len(starts)):
        before, gap = starts[index - 1] - starts[index - 2], starts[index] - starts[index - 1]
        if before <= REGULAR_GAP and gap >= MONTHLY_GAP:
            return timezone.localtime(starts[index - 1]).date()
    return None


def cohort_signals(
    *,
    cohort: Cohort,
    memberships: list[Membership] | None = None,
    kinds: frozenset[Kind] = PARTICIPATION_KINDS | PERSONAL_KINDS,
    now: datetime.datetime | None = None,
) -> list[Row]:
    """A row per active participant (or per membership given), people with signals first."""
    now = now or timezone.now()
    today = timezone.localdate(now)
    limits = thresholds(organisation=cohort.organisation_id)
    if memberships is None:
        memberships = list(
            cohort.memberships.participants().active().select_related("person").order_by("pk")
        )
    rows = {m.pk: Row(m) for m in memberships}
    if not rows:
        return []
    people = {m.person_id: m for m in memberships}
    sessions = list(cohort.sessions.planned().order_by("starts_at"))
    held = [s for s in sessions if s.starts_at <= now]
    upcoming = [s for s in sessions if s.starts_at > now]

    if kinds & {Kind.MISSED, Kind.NEW, Kind.NO_SIGNUP}:
        marks = _marks(held + upcoming[:1], people)
        for membership in memberships:
            row = rows[membership.pk]
            mine = [s for s in held if s.starts_at >= _joined(membership)]
            if Kind.MISSED in kinds:
                _missed(row, mine, marks, limits.missed_in_a_row)
            if Kind.NEW in kinds and len(mine) < limits.first_sessions:
                row.signals.append(
                    Signal(Kind.NEW, timezone.localtime(_joined(membership)).date())
                )
            if Kind.NO_SIGNUP in kinds and upcoming:
                _no_signup(row, upcoming[0], marks, limits.signup_days, now)

    if Kind.QUIET in kinds:
        _quiet(rows, cohort, people, limits.quiet_weeks, now)
    if Kind.NO_CHECK_IN in kinds:
        _no_check_in(rows, limits.check_in_weeks, now)
    if Kind.CONTRIBUTION in kinds:
        _contribution(rows, today)
    if Kind.RHYTHM in kinds and limits.rhythm_weeks:
        switch = _rhythm_switch(held, upcoming)
        if switch and switch <= today <= switch + datetime.timedelta(weeks=limits.rhythm_weeks):
            for row in rows.values():
                row.signals.append(Signal(Kind.RHYTHM, switch))

    for follow_up in FollowUp.objects.filter(membership_id__in=rows).select_related("by"):
        row = rows[follow_up.membership_id]
        if row.last_contact is None:  # ordered newest first
            row.last_contact = follow_up
    for assignment in Assignment.objects.filter(
        membership_id__in=rows, ended_at__isnull=True
    ).select_related("aanjager"):
        rows[assignment.membership_id].assignment = assignment
    return sorted(rows.values(), key=lambda row: (not row.signals, row.since or today))


type Marks = dict[tuple[int, int], str]


def _marks(sessions: list[Session], people: dict[int, Membership]) -> Marks:
    """(session, person) -> "present", "absent", "excused" or "off" (signed off), "on"."""
    ids = [s.pk for s in sessions]
    marks: Marks = {}
    for session_id, person_id, coming in Rsvp.objects.filter(
        session_id__in=ids, person_id__in=people
    ).values_list("session_id", "person_id", "coming"):
        marks[(session_id, person_id)] = "on" if coming else "off"
    for session_id, person_id, status in Attendance.objects.filter(
        session_id__in=ids, person_id__in=people
    ).values_list("session_id", "person_id", "status"):
        marks[(session_id, person_id)] = status
    return marks


def _missed(row: Row, held: list[Session], marks: Marks, in_a_row: int) -> None:
    missed: list[Session] = []
    for session in reversed(held):
        if marks.get((session.pk, row.membership.person_id)) not in ("absent", "excused", "off"):
            break
        missed.append(session)
    if len(missed) >= in_a_row:
        row.signals.append(
            Signal(
                Kind.MISSED,
                timezone.localtime(missed[-1].starts_at).date(),
                str(_("%(count)s times in a row") % {"count": len(missed)}),
            )
        )


def _no_signup(row: Row, nxt: Session, marks: Marks, days: int, now: datetime.datetime) -> None:
    window = nxt.starts_at - datetime.timedelta(days=days)
    if now >= window and marks.get((nxt.pk, row.membership.person_id)) != "on":
        since = max(window, nxt.created_at)  # not before the session was planned
        row.signals.append(Signal(Kind.NO_SIGNUP, timezone.localtime(since).date(), nxt.title))


def _quiet(
    rows: dict[int, Row],
    cohort: Cohort,
    people: dict[int, Membership],
    weeks: int,
    now: datetime.datetime,
) -> None:
    newest_read = ChatMessage.objects.filter(
        room=OuterRef("room"), seq__lte=OuterRef("last_read_seq")
    ).order_by("-seq")
    read_at = dict(
        ReadMarker.objects.filter(room__cohort=cohort, person_id__in=people)
        .annotate(read_at=Subquery(newest_read.values("created_at")[:1]))
        .values_list("person_id", "read_at")
    )
    limit = now - datetime.timedelta(weeks=weeks)
    for person_id, membership in people.items():
        seen = [
            moment
            for moment in (membership.person.last_login, read_at.get(person_id))
            if moment is not None
        ]
        last = max(seen, default=_joined(membership))
        if last < limit:
            rows[membership.pk].signals.append(Signal(Kind.QUIET, timezone.localtime(last).date()))


def _no_check_in(rows: dict[int, Row], weeks: int, now: datetime.datetime) -> None:
    limit = now - datetime.timedelta(weeks=weeks)
    goals = (
        Goal.objects.filter(membership_id__in=rows, status=Goal.Status.ACTIVE)
        .values("membership_id")
        .annotate(created=Min("created_at"), checked=Max("check_ins__created_at"))
    )
    for goal in goals:
        last = goal["checked"] or goal["created"]
        if last < limit:
            rows[goal["membership_id"]].signals.append(
                Signal(Kind.NO_CHECK_IN, timezone.localtime(last).date())
            )


def _contribution(rows: dict[int, Row], today: datetime.date) -> None:
    lines: dict[int, list[LedgerLine]] = defaultdict(list)
    for line in LedgerLine.objects.filter(membership_id__in=rows).filter(
        Q(status=LedgerLine.Status.FAILED) | Q(status=LedgerLine.Status.DUE)
    ):
        lines[line.membership_id].append(line)
    for membership_id, own in lines.items():
        standing = standing_of(own, today=today)
        if standing.open_months:
            first = min(line.month for line in own if line.is_open)
            rows[membership_id].signals.append(Signal(Kind.CONTRIBUTION, first))


CATCH_UP_WEEKS = 6  # a missed session stays on the participant's overview this long


def sessions_to_catch_up(
    *, membership: Membership, now: datetime.datetime | None = None
) -> list[Session]:
    """The held sessions of the last weeks this participant missed (absent, excused or
    signed off), newest first, with their themes and material to read at home."""
    now = now or timezone.now()
    recent = list(
        membership.cohort.sessions.planned()
        .filter(
            starts_at__lte=now,
            starts_at__gte=max(
                _joined(membership), now - datetime.timedelta(weeks=CATCH_UP_WEEKS)
            ),
        )
        .select_related("material_page")
        .prefetch_related("themes")
        .order_by("-starts_at")
    )
    marks = _marks(recent, {membership.person_id: membership})
    return [
        session
        for session in recent
        if marks.get((session.pk, membership.person_id)) in ("absent", "excused", "off")
    ]
