"""Sums over the attendance register for the report: per person and per month.

Both come from one pass over the register. On PostgreSQL that is one statement grouping
the rows by person and by session at once (GROUPING SETS), summed up further to the
people's figures and to months in the same statement. Other databases have no grouping
sets: there the same sums take two grouped queries and one over the sessions.
Either way the number of queries and the rows fetched do not grow with the people.
"""

import datetime
from dataclasses import dataclass

from django.db import connection
from django.db.models import Avg, Count, DateField, F, FloatField, Q
from django.db.models.functions import Cast, TruncMonth
from django.utils import timezone


@dataclass(frozen=True)
class PeopleSums:
    participants: int  # people with at least one register entry
    mean_rate: float | None  # the mean of each person's present / recorded
    below_50: int  # present / recorded < 0.5
    above_80: int  # present / recorded > 0.8


@dataclass(frozen=True)
class MonthSums:
    month: datetime.date
    sessions: int
    present: int
    recorded: int
    largest: int  # the largest register of a session that month


def register_sums(
    *, cohort_ids: tuple[int, ...], start: datetime.datetime, end: datetime.datetime
) -> tuple[PeopleSums, list[MonthSums]]:
    """Sums over the register of the sessions held (not cancelled) in [start, end)."""
    if connection.vendor == "postgresql":
        return _in_one_statement(cohort_ids, start, end)
    return _in_three_queries(cohort_ids, start, end)


_STATEMENT = """
WITH grouped AS (
    SELECT GROUPING(a.person_id) AS per_session,
           MIN(s.starts_at) AS starts_at,
           COUNT(*) FILTER (WHERE a.status = %(present)s) AS present,
           COUNT(*) AS recorded
    FROM {attendance} a JOIN {session} s ON s.id = a.session_id
    WHERE s.cohort_id = ANY(%(cohorts)s) AND s.status = %(held)s
      AND s.starts_at >= %(start)s AND s.starts_at < %(end)s
    GROUP BY GROUPING SETS ((a.person_id), (a.session_id))
),
-- Two kinds of rows in one result, with the same columns: the people's figures
-- (month NULL: n, below half, above 0.8, -, mean rate) and each month's sums
-- (month: sessions, present, recorded, largest register, -).
people AS (
    SELECT NULL::date AS month,
           COUNT(*) AS n,
           COUNT(*) FILTER (WHERE present < recorded * 0.5),
           COUNT(*) FILTER (WHERE present > recorded * 0.8),
           NULL::bigint,
           AVG(CAST(present AS double precision) / recorded) AS rate
    FROM grouped WHERE per_session = 0
),
months AS (
    SELECT CAST(date_trunc('month', starts_at AT TIME ZONE %(zone)s) AS date) AS month,
           COUNT(*), CAST(SUM(present) AS bigint), CAST(SUM(recorded) AS bigint),
           MAX(recorded), NULL::double precision
    FROM grouped WHERE per_session = 1
    GROUP BY 1
)
SELECT * FROM people UNION ALL SELECT * FROM months ORDER BY month NULLS FIRST
"""


def _in_one_statement(cohort_ids, start, end) -> tuple[PeopleSums, list[MonthSums]]:
    from sessions.models import Attendance, Session

    sql = _STATEMENT.format(
        attendance=connection.ops.quote_name(Attendance._meta.db_table),
        session=connection.ops.quote_name(Session._meta.db_table),
    )
    params = {
        "present": Attendance.Status.PRESENT,
        "held": Session.Status.PLANNED,
        "cohorts": list(cohort_ids),
        "start": start,
        "end": end,
        "zone": timezone.get_current_timezone_name(),
    }
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        (_, participants, below_50, above_80, _, rate), *rows = cursor.fetchall()
    people = PeopleSums(participants, rate, below_50, above_80)
    return people, [MonthSums(*row[:5]) for row in rows]


def _in_three_queries(cohort_ids, start, end) -> tuple[PeopleSums, list[MonthSums]]:
    from sessions.models import Attendance, Session

    held = {
        "cohort_id__in": cohort_ids,
        "status": Session.Status.PLANNED,
        "starts_at__gte": start,
        "starts_at__lt": end,
    }
    register = Attendance.objects.filter(
        **{f"session__{key}": value for key, value in held.items()}
    ).order_by()
    present = Count("pk", filter=Q(status=Attendance.Status.PRESENT))
    per_person = register.values("person_id").annotate(present=present, recorded=Count("pk"))
    people = per_person.aggregate(
        participants=Count("person_id"),
        mean_rate=Avg(Cast("present", FloatField()) / F("recorded")),
        below_50=Count("person_id", filter=Q(present__lt=F("recorded") * 0.5)),
        above_80=Count("person_id", filter=Q(present__gt=F("recorded") * 0.8)),
    )
    per_session = (
        register.values("session_id")
        .annotate(present=present, recorded=Count("pk"))
        .values_list("session_id", "present", "recorded")
    )
    # Months in the site's time zone, worked out per session (not per register row).
    month_of = dict(
        Session.objects.filter(**held)
        .annotate(month=TruncMonth("starts_at", output_field=DateField()))
        .values_list("pk", "month")
    )
    totals: dict[datetime.date, tuple[int, int, int, int]] = {}
    for session_id, present_count, recorded in per_session:
        month = month_of[session_id]
        sessions, month_present, month_recorded, largest = totals.get(month, (0, 0, 0, 0))
        totals[month] = (
            sessions + 1,
            month_present + present_count,
            month_recorded + recorded,
            max(largest, recorded),
        )
    months = [MonthSums(month, *sums) for month, sums in sorted(totals.items())]
    return PeopleSums(**people), months
