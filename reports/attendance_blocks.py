"""Sums over the attendance register per cohort and per cohort-month, with cell keys.

On PostgreSQL one pass over the register of the sessions held (not cancelled) in the
period groups it by person and by session at once (GROUPING SETS) and sums both up
further in the same statement. Other databases have no grouping sets: there one query
per person (summed per cohort) and one per session (summed per month in Python).
Either way the number of queries does not grow with the people.

Register entries get a record key of their own: the person's key plus a key of the
session (reports.disclosure), so the same entries always give the same cell key.

On PostgreSQL the same pass can also find each person's first session attended (for
reports.retention_months): it then reads the register up to the period's end, counts only
the period's entries in the sums, and groups the first sessions per cohort, month and
days since the referral in the same statement (attendance_blocks(with_first=True)).
"""

import datetime
from dataclasses import dataclass, field

from django.db import connection
from django.utils import timezone

from .disclosure import Cell, record_key_sql


@dataclass
class CohortAttendance:
    people: Cell = field(default_factory=Cell)
    below_50: Cell = field(default_factory=Cell)
    above_80: Cell = field(default_factory=Cell)
    present: Cell = field(default_factory=Cell)  # register entries "present"
    recorded: Cell = field(default_factory=Cell)  # register entries

    @property
    def middle(self) -> Cell:
        return Cell(
            self.people.n - self.below_50.n - self.above_80.n,
            self.people.keys - self.below_50.keys - self.above_80.keys,
        )


@dataclass
class FirstSessions:
    """People whose first session attended lies within the period, in blocks per cohort
    and month of that session: the days from their referral, and their record keys."""

    days: dict[tuple[int, datetime.date], list[int]] = field(default_factory=dict)
    people: Cell = field(default_factory=Cell)


@dataclass
class MonthAttendance:
    sessions: int = 0
    present: Cell = field(default_factory=Cell)
    recorded: Cell = field(default_factory=Cell)
    largest: int = 0  # the largest register of a session: at least this many people


def _params(cohort_ids, start, end) -> dict:
    from sessions.models import Attendance, Session

    cohorts = list(cohort_ids)
    return {
        "present": Attendance.Status.PRESENT,
        "held": Session.Status.PLANNED,
        "cohorts": cohorts if connection.vendor == "postgresql" else None,
        "start": start,
        "end": end,
        **{f"c{i}": pk for i, pk in enumerate(cohorts)},
    }


def _in_cohorts(cohort_ids) -> str:
    if connection.vendor == "postgresql":
        return "s.cohort_id = ANY(%(cohorts)s)"
    return "s.cohort_id IN ({})".format(", ".join(f"%(c{i})s" for i in range(len(cohort_ids))))


# A count and its record-key sum travel in one integer while grouping: count x 2^24 +
# keys (two aggregates instead of four). A person's register entries in one cohort, and a
# session's register, hold far fewer than 2^24 / 255 = 65,793 entries: no spill-over.
PACK = 1 << 24

_GROUPED = """
WITH packed AS (
    SELECT GROUPING(a.person_id) AS per_session, s.cohort_id, s.starts_at, a.session_id,
           a.person_id,
           SUM(CASE WHEN {in_period} a.status = %(present)s THEN {pack} + {person} ELSE 0 END)
               AS present,
           SUM(CASE WHEN {in_period} TRUE THEN {pack} + {person} ELSE 0 END) AS recorded,
           {first_at} AS first_at
    FROM {attendance} a JOIN {session} s ON s.id = a.session_id
    {where}
    GROUP BY GROUPING SETS ((s.cohort_id, a.person_id), (s.cohort_id, a.session_id, s.starts_at))
),
grouped AS (
    SELECT per_session, cohort_id, starts_at, session_id, person_id, first_at,
           present / {pack} AS present, recorded / {pack} AS recorded,
           present %% {pack} AS present_pk, recorded %% {pack} AS recorded_pk
    FROM packed
),
-- three kinds of rows with the same columns: per cohort the people's figures (kind 0:
-- people, their keys, below half and their keys, above 0.8 and their keys), per cohort
-- and month the register's sums (kind 1: sessions, present, present keys, recorded,
-- recorded keys, the largest register) and, when asked for, per cohort, month and days
-- from the referral the people whose first session attended was then (kind 2: days,
-- people, their keys)
people AS (
    SELECT 0, cohort_id, NULL::date AS month, COUNT(*),
           SUM(recorded_pk / recorded)::bigint,
           COUNT(*) FILTER (WHERE present < recorded * 0.5),
           CAST(COALESCE(SUM(recorded_pk / recorded) FILTER (WHERE present < recorded * 0.5), 0)
                AS bigint),
           COUNT(*) FILTER (WHERE present > recorded * 0.8),
           CAST(COALESCE(SUM(recorded_pk / recorded) FILTER (WHERE present > recorded * 0.8), 0)
                AS bigint)
    FROM grouped WHERE per_session = 0 AND recorded > 0
    GROUP BY cohort_id
),
months AS (
    SELECT 1, cohort_id, CAST(date_trunc('month', starts_at AT TIME ZONE %(zone)s) AS date),
           COUNT(*), SUM(present)::bigint, SUM(present_pk + present * {session_key})::bigint,
           SUM(recorded)::bigint, SUM(recorded_pk + recorded * {session_key})::bigint,
           MAX(recorded)
    FROM grouped WHERE per_session = 1 {months_in_period}
    GROUP BY 2, 3
)
SELECT * FROM people UNION ALL SELECT * FROM months {first}
"""

# The first sessions: each person's first session attended (up to the period's end) when
# it lies within the period, with the referral of their membership of that cohort; the
# days are counted between UTC dates, as the period is.
_FIRST = """
UNION ALL
SELECT 2, cohort_id, CAST(date_trunc('month', first_at AT TIME ZONE 'UTC') AS date),
       CAST(first_at AT TIME ZONE 'UTC' AS date) - CAST(referred_at AT TIME ZONE 'UTC' AS date),
       COUNT(*), SUM(pkey)::bigint, NULL::bigint, NULL::bigint, NULL::bigint
FROM (
    SELECT g.cohort_id, g.person_id, g.first_at, MIN(g.recorded_pk / g.recorded) AS pkey,
           MAX(m.created_at) AS referred_at
    FROM grouped g
    JOIN {membership} m ON m.cohort_id = g.cohort_id AND m.person_id = g.person_id
    WHERE g.per_session = 0 AND g.first_at >= %(start)s AND g.recorded > 0
      AND m.role IN (%(participant)s, %(aanjager)s) AND m.accepted_at < %(end)s
    GROUP BY g.cohort_id, g.person_id, g.first_at
) f
GROUP BY 2, 3, 4
"""


def _postgresql(cursor, tables, params, *, with_first: bool):
    """Both kinds of sums in one pass over the register (GROUPING SETS), and the first
    sessions when asked for."""
    in_cohorts = f"{_in_cohorts(())} AND s.status = %(held)s AND s.starts_at < %(end)s"
    in_period = "s.starts_at >= %(start)s"
    sql = _GROUPED.format(
        pack=PACK,
        person=record_key_sql("a.person_id"),
        session_key=record_key_sql("session_id", "session"),
        # with the first sessions the register is read from its start, the sums only
        # over the period's entries
        where=f"WHERE {in_cohorts}" + ("" if with_first else f" AND {in_period}"),
        in_period=f"{in_period} AND" if with_first else "",
        first_at=(
            "MIN(CASE WHEN a.status = %(present)s THEN s.starts_at END)"
            if with_first
            else "NULL::timestamptz"
        ),
        months_in_period=f"AND {in_period.replace('s.', '')}" if with_first else "",
        first=_FIRST.format(membership=tables["membership"]) if with_first else "",
        **tables,
    )
    cursor.execute(sql, params)
    cohorts: dict[int, CohortAttendance] = {}
    months: dict[tuple[int, datetime.date], MonthAttendance] = {}
    first = FirstSessions()
    first_n = first_keys = 0
    # every figure comes back as an integer (bigint): no conversion per value
    register: dict[int, list[int]] = {}
    for kind, cohort_id, month, *figures in cursor.fetchall():
        if kind == 0:
            n, keys, low, low_keys, high, high_keys = figures[:6]
            cohorts[cohort_id] = CohortAttendance(
                people=Cell(n, keys), below_50=Cell(low, low_keys), above_80=Cell(high, high_keys)
            )
        elif kind == 1:
            sessions, present, present_keys, recorded, recorded_keys, largest = figures
            months[(cohort_id, month)] = MonthAttendance(
                sessions, Cell(present, present_keys), Cell(recorded, recorded_keys), largest
            )
            sums = register.setdefault(cohort_id, [0, 0, 0, 0])
            sums[0] += present
            sums[1] += present_keys
            sums[2] += recorded
            sums[3] += recorded_keys
        else:
            days, n, keys = figures[:3]
            first.days.setdefault((cohort_id, month), []).extend([days] * n)
            first_n += n
            first_keys += keys
    for cohort_id, (present, present_keys, recorded, recorded_keys) in register.items():
        cohort = cohorts.setdefault(cohort_id, CohortAttendance())
        cohort.present = Cell(present, present_keys)
        cohort.recorded = Cell(recorded, recorded_keys)
    first.people = Cell(first_n, first_keys)
    return cohorts, months, first


def _tables() -> dict[str, str]:
    from groups.models import Membership
    from sessions.models import Attendance, Session

    quote = connection.ops.quote_name
    return {
        "attendance": quote(Attendance._meta.db_table),
        "session": quote(Session._meta.db_table),
        "membership": quote(Membership._meta.db_table),
    }


def with_first_sessions(
    *, cohort_ids, start: datetime.datetime, end: datetime.datetime
) -> tuple[
    dict[int, CohortAttendance], dict[tuple[int, datetime.date], MonthAttendance], FirstSessions
]:
    """attendance_blocks and the first sessions within the period, in one statement
    (PostgreSQL only; reports.sections.attendance_and_first_sessions picks the way)."""
    from groups.models import Membership

    if not cohort_ids:
        return {}, {}, FirstSessions()
    params = _params(cohort_ids, start, end)
    params |= {
        "zone": timezone.get_current_timezone_name(),
        "participant": Membership.Role.PARTICIPANT,
        "aanjager": Membership.Role.AANJAGER,
    }
    with connection.cursor() as cursor:
        return _postgresql(cursor, _tables(), params, with_first=True)


def attendance_blocks(
    *, cohort_ids, start: datetime.datetime, end: datetime.datetime
) -> tuple[dict[int, CohortAttendance], dict[tuple[int, datetime.date], MonthAttendance]]:
    """Per cohort: people and bands; per (cohort, month): sessions and register sums."""
    if not cohort_ids:
        return {}, {}
    tables = _tables()
    person = record_key_sql("a.person_id")
    entry = f"({person} + {record_key_sql('a.session_id', 'session')})"
    where = f"""WHERE {_in_cohorts(cohort_ids)} AND s.status = %(held)s
      AND s.starts_at >= %(start)s AND s.starts_at < %(end)s"""
    people_sql = f"""
SELECT cohort_id, COUNT(*), SUM(pkey),
       COUNT(CASE WHEN present < recorded * 0.5 THEN 1 END),
       COALESCE(SUM(CASE WHEN present < recorded * 0.5 THEN pkey END), 0),
       COUNT(CASE WHEN present > recorded * 0.8 THEN 1 END),
       COALESCE(SUM(CASE WHEN present > recorded * 0.8 THEN pkey END), 0),
       SUM(present), SUM(present_keys), SUM(recorded), SUM(recorded_keys)
FROM (
    SELECT s.cohort_id, a.person_id, MIN({person}) AS pkey,
           COUNT(CASE WHEN a.status = %(present)s THEN 1 END) AS present,
           COALESCE(SUM(CASE WHEN a.status = %(present)s THEN {entry} END), 0) AS present_keys,
           COUNT(*) AS recorded, SUM({entry}) AS recorded_keys
    FROM {tables["attendance"]} a JOIN {tables["session"]} s ON s.id = a.session_id
    {where}
    GROUP BY s.cohort_id, a.person_id
) p
GROUP BY cohort_id"""
    per_session = f"""
    SELECT s.cohort_id, s.starts_at,
           COUNT(CASE WHEN a.status = %(present)s THEN 1 END) AS present,
           COALESCE(SUM(CASE WHEN a.status = %(present)s THEN {entry} END), 0) AS present_keys,
           COUNT(*) AS recorded, SUM({entry}) AS recorded_keys
    FROM {tables["attendance"]} a JOIN {tables["session"]} s ON s.id = a.session_id
    {where}
    GROUP BY s.cohort_id, s.id, s.starts_at"""
    params = _params(cohort_ids, start, end)
    if connection.vendor == "postgresql":
        params["zone"] = timezone.get_current_timezone_name()
        with connection.cursor() as cursor:
            cohorts_pg, months_pg, _first = _postgresql(cursor, tables, params, with_first=False)
        return cohorts_pg, months_pg
    cohorts: dict[int, CohortAttendance] = {}
    months: dict[tuple[int, datetime.date], MonthAttendance] = {}
    with connection.cursor() as cursor:
        cursor.execute(people_sql, params)
        for cohort_id, n, keys, low, low_keys, high, high_keys, *register in cursor.fetchall():
            cohorts[cohort_id] = CohortAttendance(
                people=Cell(n, int(keys)),
                below_50=Cell(low, int(low_keys)),
                above_80=Cell(high, int(high_keys)),
                present=Cell(int(register[0]), int(register[1])),
                recorded=Cell(int(register[2]), int(register[3])),
            )
        cursor.execute(per_session, params)
        for cohort_id, starts_at, *sums in cursor.fetchall():
            if isinstance(starts_at, str):
                starts_at = datetime.datetime.fromisoformat(starts_at)
            if timezone.is_naive(starts_at):
                starts_at = starts_at.replace(tzinfo=datetime.UTC)
            month = timezone.localtime(starts_at).date().replace(day=1)
            block = months.setdefault((cohort_id, month), MonthAttendance())
            block.sessions += 1
            block.present += Cell(int(sums[0]), int(sums[1]))
            block.recorded += Cell(int(sums[2]), int(sums[3]))
            block.largest = max(block.largest, int(sums[2]))
    return cohorts, months
