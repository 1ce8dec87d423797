"""Retention by month since the cohort's start, under disclosure control.

Intention to treat: per month m since the start, everyone enrolled by the end of the
period is the denominator, and those who had not left before the day m months after the
cohort's start are still taking part (finishing the programme is not leaving). A month
counts once that day lies within the period; over several cohorts a row sums up the
cohorts that reached it. Both counts are released by the cell-key method and the share
is their ratio (reports.disclosure). One query for every cohort of the report.
"""

import datetime
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Case, Count, F, Sum, When
from django.utils.translation import gettext as _

from groups.models import Membership, add_months

from . import sections
from . import values as v
from .attendance_blocks import FirstSessions
from .disclosure import Cell, RecordKey, cell_total, magnitude_threshold, released_count
from .pairing import ids_in
from .report import Table

MAX_MONTHS = 24


@dataclass
class CohortRetention:
    start: datetime.date
    enrolled: Cell = field(default_factory=Cell)
    left: list[tuple[datetime.datetime, Cell]] = field(default_factory=list)

    def still_in(self, month: int) -> Cell:
        """The enrolled people who had not left before the day ``month`` months in."""
        boundary = _midnight(add_months(self.start, month))
        gone = cell_total(cell for left_at, cell in self.left if left_at < boundary)
        return Cell(self.enrolled.n - gone.n, self.enrolled.keys - gone.keys)


def _midnight(day: datetime.date) -> datetime.datetime:
    return datetime.datetime.combine(day, datetime.time.min, tzinfo=datetime.UTC)


def retention_by_month(scope: sections.Scope) -> dict[int, CohortRetention]:
    end = scope.end_of_period
    left = Case(
        When(status=Membership.Status.LEFT, ended_at__lt=end, then=F("ended_at")), default=None
    )
    rows: Iterable[Mapping[str, Any]] = (
        Membership.objects.filter(
            cohort_id__in=ids_in(scope.cohort_ids),
            role__in=Membership.PARTICIPANT_ROLES,
            accepted_at__lt=end,
        )
        .annotate(left_at=left)
        .values("cohort_id", "cohort__start_date", "left_at")
        .annotate(n=Count("pk"), k=Sum(RecordKey("person_id"), default=0))
        .order_by()
    )
    result: dict[int, CohortRetention] = {}
    for row in rows:
        block = result.setdefault(row["cohort_id"], CohortRetention(row["cohort__start_date"]))
        cell = Cell(row["n"], int(row["k"]))
        block.enrolled += cell
        if row["left_at"] is not None:
            block.left.append((row["left_at"], cell))
    return result


def months_reached(block: CohortRetention, end: datetime.date) -> int:
    """The months since the start whose day lies within the period (at most MAX_MONTHS)."""
    months = 0
    while months < MAX_MONTHS and add_months(block.start, months + 1) <= end:
        months += 1
    return months


def _month_totals(
    blocks: dict[int, CohortRetention], end: datetime.date
) -> list[tuple[Cell, Cell]]:
    """Per month since the start (1, 2, ...): still taking part and enrolled, summed over
    the cohorts that reached that month. Plain integer sums: a thousand cohorts over a
    year are thirteen thousand (cohort, month) pairs."""
    reached_by_start: dict[datetime.date, int] = {}  # cohorts often share a start
    sums: list[list[int]] = []  # per month: still n, still keys, enrolled n, enrolled keys
    for block in blocks.values():
        if block.start not in reached_by_start:
            reached_by_start[block.start] = months_reached(block, end)
        reached = reached_by_start[block.start]
        while len(sums) < reached:
            sums.append([0, 0, 0, 0])
        enrolled = block.enrolled
        for month in range(1, reached + 1):
            still = block.still_in(month) if block.left else enrolled
            total = sums[month - 1]
            total[0] += still.n
            total[1] += still.keys
            total[2] += enrolled.n
            total[3] += enrolled.keys
    return [(Cell(a, b), Cell(c, d)) for a, b, c, d in sums]


def retention_month_table(scope: sections.Scope, blocks: dict[int, CohortRetention]) -> Table:
    rows = []
    for month, (still, enrolled) in enumerate(_month_totals(blocks, scope.end), start=1):
        released = (released_count(still), released_count(enrolled))
        rows.append(
            [
                v.text(_("Month %(month)d") % {"month": month}),
                v.count(still),
                v.count(enrolled),
                v.share(min(released), released[1]),
            ]
        )
    return Table(
        key="retention_by_month",
        title=_("Retention by month since the start"),
        headers=[_("Month since the start"), _("Still taking part"), _("Enrolled"), _("Share")],
        rows=rows,
        note=_(
            "Counted over everyone enrolled (intention to treat): finishing the programme "
            "is not leaving. A month is shown once it has passed within the period."
        ),
    )


# --- from referral to the first session ---------------------------------------------------


_FIRST_SQL = """
SELECT f.cohort_id, f.person_id, MAX(m.created_at), MIN(f.first_at)
FROM (
    SELECT s.cohort_id, a.person_id, MIN(s.starts_at) AS first_at
    FROM {attendance} a JOIN {session} s ON s.id = a.session_id
    WHERE {in_cohorts} AND a.status = %(present)s AND s.status = %(held)s
      AND s.starts_at < %(end)s
    GROUP BY s.cohort_id, a.person_id
    HAVING MIN(s.starts_at) >= %(start)s
) f
JOIN {membership} m ON m.cohort_id = f.cohort_id AND m.person_id = f.person_id
WHERE m.role IN (%(participant)s, %(aanjager)s) AND m.accepted_at < %(end)s
GROUP BY f.cohort_id, f.person_id
"""


def _utc(value: datetime.datetime | str) -> datetime.datetime:
    """A timestamp from a raw query (SQLite gives text) as an aware UTC datetime."""
    from django.utils.dateparse import parse_datetime

    parsed = parse_datetime(value) if isinstance(value, str) else value
    assert parsed is not None
    if parsed.tzinfo is None:
        return parsed.replace(tzinfo=datetime.UTC)
    return parsed.astimezone(datetime.UTC)


def first_sessions(scope: sections.Scope) -> FirstSessions:
    """One pass over the register: each person's first session attended per cohort, with
    the referral of their membership of that cohort (days counted in UTC, as the period).
    The ORM puts a correlated subquery in the GROUP BY here, run once per register entry;
    hence raw SQL, as in reports.attendance_blocks."""
    from django.db import connection

    from sessions.models import Attendance, Session

    from .attendance_blocks import _in_cohorts, _params
    from .disclosure import record_key

    quote = connection.ops.quote_name
    sql = _FIRST_SQL.format(
        attendance=quote(Attendance._meta.db_table),
        session=quote(Session._meta.db_table),
        membership=quote(Membership._meta.db_table),
        in_cohorts=_in_cohorts(scope.cohort_ids),
    )
    params = _params(scope.cohort_ids, scope.start_of_period, scope.end_of_period)
    params |= {"participant": Membership.Role.PARTICIPANT, "aanjager": Membership.Role.AANJAGER}
    result = FirstSessions()
    if not scope.cohort_ids:
        return result
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        rows = cursor.fetchall()
    n = keys = 0
    for cohort_id, person_id, referred_at, first_at in rows:
        session_day = _utc(first_at).date()
        days = (session_day - _utc(referred_at).date()).days
        result.days.setdefault((cohort_id, session_day.replace(day=1)), []).append(days)
        n += 1
        keys += record_key(person_id)
    result.people = Cell(n, keys)
    return result


def first_session_table(first: FirstSessions) -> Table:
    """The median over the cohort-months of at least the magnitude threshold: two released
    medians over nested groups differ by whole blocks of that many people."""
    import statistics

    from .disclosure import Withheld, sum_blocks

    blocks = sum_blocks(first.days.values(), size=len)
    if blocks:
        median = v.number(statistics.median(d for block in blocks for d in block), 0)
    else:
        # also when nobody came: a dash for nobody next to an "x" would tell 0 from 1 to 9 people
        median = v.withheld(Withheld.SMALL_GROUP)
    return Table(
        key="first_session",
        title=_("From referral to the first session"),
        headers=[_("Measure"), _("Value")],
        rows=[
            [
                v.text(_("Participants whose first session was within the period")),
                v.count(first.people),
            ],
            [v.text(_("Days from referral to the first session attended (median)")), median],
        ],
        note=_(
            "Only people who came to a session. The median counts a cohort's people who had "
            "their first session in the same month only when there are at least %(m)d of them."
        )
        % {"m": magnitude_threshold()},
    )
