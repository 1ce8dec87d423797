"""The pairing of baseline and follow-up values in SQL, which the outcome tables build on.

The rule: per participant, measure and measurement moment, the value nearest the
moment's target date within its window (ties: the earlier day, then the lower value);
the moments are each cohort's own (health.selectors.moment_timing). For thousands of
cohorts at once the database picks the values while grouping (see _packed) instead of
sorting them. _query_parts gives the ``paired`` CTE (a row per participant and measure:
the baseline and each follow-up value) that reports.outcome_blocks sums per cohort and
moment with the cell keys disclosure control needs; moment_rows and closed_within give
the cohorts' moments, computed once per report.

values_at_moments (a row per participant) and outcome_summaries (the pairs of all the
cohorts summed per measure, without disclosure control) read the same CTE:
tests/reports/test_pairing.py holds both against the Python pairing of
tests/health/pairing_oracle.py, and so the CTE the reports use.
"""

import datetime
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from django.db import connection
from django.db.models.expressions import RawSQL

from groups.models import Cohort, Membership

from .statistics import PairSummary, summary_from_sums


@dataclass(frozen=True, slots=True)
class MomentValues:
    membership_id: int
    baseline: float
    month_6: float | None
    month_12: float | None


FOLLOW_UPS = ("month_6", "month_12")
Period = tuple[datetime.date, datetime.date]


Moment = tuple[int, str, datetime.date, datetime.date, datetime.date]


def moment_rows(cohort_ids: Iterable[int]) -> list[Moment]:
    """(cohort, moment key, window opens, closes, target date) for each cohort's moments."""
    from groups.models import add_months
    from health.models import MeasurementMoment
    from health.selectors import moment_timing

    cohort_ids = list(cohort_ids)
    own: dict[int, dict[str, tuple[int, int]]] = defaultdict(dict)
    for cohort_id, key, months, window in MeasurementMoment.objects.filter(
        cohort_id__in=ids_in(cohort_ids)
    ).values_list("cohort_id", "key", "months_after_start", "window_days"):
        own[cohort_id][key] = (months, window)
    rows = []
    for cohort_id, start in Cohort.objects.filter(pk__in=ids_in(cohort_ids)).values_list(
        "pk", "start_date"
    ):
        for key, months, window in moment_timing(own[cohort_id]):
            target = add_months(start, months)
            days = datetime.timedelta(days=window)
            rows.append((cohort_id, key, target - days, target + days, target))
    return rows


def closed_within(moments: list[Moment], period: Period | None) -> list[Moment]:
    """Only the follow-up moments whose window closed within ``period`` (start, end);
    the baseline always counts: it is what they are compared with."""
    if period is None:
        return moments
    first, last = period
    return [row for row in moments if row[1] == "baseline" or first <= row[3] <= last]


def _moment_rows(
    cohort_ids: Iterable[int], period: Period | None = None, moments: list[Moment] | None = None
) -> list[Moment]:
    return closed_within(moment_rows(cohort_ids) if moments is None else moments, period)


def _moments_cte(moments: list[Moment]) -> tuple[str, list[Any]]:
    """``moments (cohort_id, moment, opens, closes, target) AS (VALUES ...)`` and its
    parameters (none): thousands of moments bind faster as SQL literals than as
    parameters. Only integers, dates and the fixed moment keys go in, never user text.
    """
    from health.models import MeasurementMoment

    # SQLite keeps dates as ISO text (str() of a date)
    date = "DATE " if connection.vendor == "postgresql" else ""
    keys = set(MeasurementMoment.Key.values)
    # a programme's cohorts share few dates: each date's literal is made once (formatting
    # a date is most of the cost of a row)
    literals: dict[datetime.date, str] = {}

    def literal(day: datetime.date) -> str:
        text = literals.get(day)
        if text is None:
            text = literals[day] = f"{date}'{day}'"
        return text

    rows = []
    for cohort_id, key, opens, closes, target in moments:
        if key not in keys:
            raise ValueError(f"Unknown measurement moment {key!r}")
        rows.append(
            f"({int(cohort_id)}, '{key}', {literal(opens)}, {literal(closes)}, {literal(target)})"
        )
    return f"moments (cohort_id, moment, opens, closes, target) AS (VALUES {', '.join(rows)})", []


def _paired_cte(
    *, moments: str, cohorts: int, clinical: int, scales: int, with_baseline: bool = True
) -> str:
    """``WITH ... paired (measure, membership_id, cohort_id, person_id, baseline, month_6,
    month_12)``: the cohort and the person travel along, so nobody joins the memberships
    again.

    One row per participant and measure with a baseline value; the follow-up values are
    NULL where the participant was not measured in that moment's window.
    """
    from health.models import Instrument, Measurement, QuestionnaireResponse

    number = _number()
    nearest = _packed(
        distance=_days("s.day", "mo.target", absolute=True), day="s.day", value="s.value"
    )
    in_cohorts = _in_list("ms.cohort_id", cohorts)
    sources = []
    if clinical:
        sources.append(
            f"SELECT m.measure, m.membership_id, ms.cohort_id, ms.person_id, m.measured_on, "
            f"{number.format('m.value')} "
            f"FROM {Measurement._meta.db_table} m "
            f"JOIN {Membership._meta.db_table} ms ON ms.id = m.membership_id "
            f"WHERE {in_cohorts} "
            f"AND m.measure IN ({', '.join(['%s'] * clinical)})"
        )
    if scales:
        sources.append(
            f"SELECT i.key, r.membership_id, ms.cohort_id, ms.person_id, r.completed_on, "
            f"{number.format('r.score')} "
            f"FROM {QuestionnaireResponse._meta.db_table} r "
            f"JOIN {Instrument._meta.db_table} i ON i.id = r.instrument_id "
            f"JOIN {Membership._meta.db_table} ms ON ms.id = r.membership_id "
            f"WHERE r.score IS NOT NULL AND {in_cohorts} "
            f"AND i.key IN ({', '.join(['%s'] * scales)})"
        )
    return f"""
WITH {moments},
source (measure, membership_id, cohort_id, person_id, day, value) AS (
    {" UNION ALL ".join(sources)}
),
nearest (measure, membership_id, cohort_id, person_id, baseline, month_6, month_12) AS (
    SELECT s.measure, s.membership_id, s.cohort_id, s.person_id,
           MIN(CASE WHEN mo.moment = 'baseline' THEN {nearest} END),
           MIN(CASE WHEN mo.moment = 'month_6' THEN {nearest} END),
           MIN(CASE WHEN mo.moment = 'month_12' THEN {nearest} END)
    FROM source s
    JOIN moments mo ON mo.cohort_id = s.cohort_id AND s.day >= mo.opens AND s.day <= mo.closes
    GROUP BY s.measure, s.membership_id, s.cohort_id, s.person_id
),
paired (measure, membership_id, cohort_id, person_id, baseline, month_6, month_12) AS (
    SELECT measure, membership_id, cohort_id, person_id,
           {_unpacked("baseline")}, {_unpacked("month_6")}, {_unpacked("month_12")}
    FROM nearest
    {"WHERE baseline IS NOT NULL" if with_baseline else ""}
)"""


def _in_list(column: str, count: int) -> str:
    """``column`` in a list of ids: on PostgreSQL one array parameter, which binds faster
    than thousands of single ones."""
    if connection.vendor == "postgresql":
        return f"{column} = ANY(%s)"
    return f"{column} IN ({', '.join(['%s'] * count)})"


def _in_params(ids: list[int]) -> list:
    return [list(ids)] if connection.vendor == "postgresql" else list(ids)


def ids_in(ids: Iterable[int]) -> "Sequence[int] | RawSQL":
    """The right-hand side of an ORM ``__in`` filter on thousands of ids: on PostgreSQL
    one array parameter (a thousand placeholders cost more to build and bind than the
    query takes), elsewhere the ids."""
    if connection.vendor == "postgresql":
        return RawSQL("SELECT unnest(%s::integer[])", [list(ids)])
    return list(ids)


def _number() -> str:
    if connection.vendor == "postgresql":
        return "CAST({} AS double precision)"
    return "CAST({} AS REAL)"


# The nearest value in a window is the smallest (distance, day, value): packed into one
# integer, MIN() finds it while grouping, where sorting every value would be slower.
# Parts: days from the target (x 10^13), days since 1900 (x 10^8, to the year 2173),
# the value in hundredths plus 10^7 (values from -100,000 to 100,000, two decimals:
# health's fields hold no more).
_DISTANCE, _DAY, _VALUE_OFFSET = 10**13, 10**8, 10**7


def _days(day: str, since: str, *, absolute: bool = False) -> str:
    """Whole days from ``since`` to ``day`` as an SQL integer."""
    if connection.vendor == "postgresql":
        days = f"({day} - {since})"
    else:
        days = f"CAST(julianday({day}) - julianday({since}) AS INTEGER)"
    return f"ABS({days})" if absolute else days


def _packed(*, distance: str, day: str, value: str) -> str:
    first_day = "DATE '1900-01-01'" if connection.vendor == "postgresql" else "'1900-01-01'"
    return (
        f"(CAST({distance} AS BIGINT) * {_DISTANCE} "
        f"+ CAST({_days(day, first_day)} AS BIGINT) * {_DAY} "
        f"+ CAST(ROUND({value} * 100) AS BIGINT) + {_VALUE_OFFSET})"
    )


def _unpacked(packed: str) -> str:
    # "%%": the query goes out with parameters
    return _number().format(f"{packed} %% {_DAY} - {_VALUE_OFFSET}") + " / 100"


def _query_parts(
    cohort_ids: list[int],
    measures: list[str],
    *,
    closed_within: Period | None = None,
    with_baseline: bool = True,
    moments: list[Moment] | None = None,
) -> tuple[str, list[Any]] | None:
    """The paired CTE and its parameters, or None when there is nothing to pair."""
    from health.measures import MEASURES

    moments = _moment_rows(cohort_ids, closed_within, moments)
    if not moments or not measures:
        return None
    clinical = [m for m in measures if m in MEASURES]
    scales = [m for m in measures if m not in MEASURES]
    moments_cte, params = _moments_cte(moments)
    if clinical:
        params += [*_in_params(cohort_ids), *clinical]
    if scales:
        params += [*_in_params(cohort_ids), *scales]
    cte = _paired_cte(
        moments=moments_cte,
        cohorts=len(cohort_ids),
        clinical=len(clinical),
        scales=len(scales),
        with_baseline=with_baseline,
    )
    return cte, params


def values_at_moments(*, cohort_ids, measures) -> dict[str, list[MomentValues]]:
    """Per measure, everyone with a baseline value: that value and the follow-up ones.

    ``measures`` mixes health.measures.MEASURES keys and questionnaire (Instrument) keys.
    Everyone of the cohorts counts, also those who left: their values were measured.
    """
    cohort_ids = list(cohort_ids)
    measures = list(dict.fromkeys(measures))
    result: dict[str, list[MomentValues]] = defaultdict(list)
    parts = _query_parts(cohort_ids, measures)
    if parts is None:
        return {measure: [] for measure in measures}
    cte, params = parts
    sql = f"""{cte}
SELECT measure, membership_id, baseline, month_6, month_12 FROM paired
ORDER BY measure, membership_id"""
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        for measure, *row in cursor.fetchall():
            result[measure].append(MomentValues(*row))
    return {measure: result.get(measure, []) for measure in measures}


@dataclass(frozen=True)
class MeasureSummary:
    """One measure over everyone of the cohorts: counts, and the pairs summed up."""

    measured_at_baseline: int
    # per follow-up moment (FOLLOW_UPS): how many have a follow-up value, and their pairs
    with_follow_up: dict[str, int]
    pairs: dict[str, PairSummary]


BMI = "bmi"  # worked out from the paired weights and the latest height


def _summary_sql(outcome: str) -> str:
    """Per measure and follow-up moment, in one pass: counts, sums and sums of squares.

    Per moment the columns are: follow-up values, pairs, then the sum and the sum of
    squares of the pairs' baseline, follow-up and change values, then the pairs that went
    down and up.
    """
    columns = []
    for moment in FOLLOW_UPS:
        columns += [f"COUNT({moment})", f"COUNT({moment} - b)"]
        for value in (
            f"CASE WHEN {moment} IS NOT NULL THEN b END",
            f"CASE WHEN b IS NOT NULL THEN {moment} END",
        ):
            columns += [f"SUM({value})", f"SUM(({value}) * ({value}))"]
        columns += [
            f"SUM({moment} - b)",
            f"SUM(({moment} - b) * ({moment} - b))",
            f"COUNT(CASE WHEN {moment} < b THEN 1 END)",
            f"COUNT(CASE WHEN {moment} > b THEN 1 END)",
        ]
    return f"""
SELECT measure, COUNT(*), {", ".join(columns)}
FROM ({outcome}) o
GROUP BY measure"""


def outcome_summaries(*, cohort_ids, measures) -> dict[str, MeasureSummary]:
    """Per measure, the pairs of baseline and each follow-up moment, summed up in SQL.

    The same pairs as values_at_moments (one query, whatever the number of people), but
    the database returns a row per measure instead of a row per person. ``measures`` may
    include "bmi": weight over the square of the participant's latest height.
    """
    from health.models import Measurement

    cohort_ids = list(cohort_ids)
    measures = list(dict.fromkeys(measures))
    wants_bmi = BMI in measures
    paired_measures = [m for m in measures if m != BMI]
    if wants_bmi and "weight" not in paired_measures:
        paired_measures.append("weight")
    empty = {measure: MeasureSummary(0, dict.fromkeys(FOLLOW_UPS, 0), {}) for measure in measures}
    parts = _query_parts(cohort_ids, paired_measures)
    if parts is None:
        return empty
    cte, params = parts
    outcome = "SELECT measure, baseline AS b, month_6, month_12 FROM paired"
    if wants_bmi:
        in_cohorts = _in_list("ms.cohort_id", len(cohort_ids))
        params += _in_params(cohort_ids)
        # the latest height (on one day: the highest), as health shows it
        latest = _packed(distance="0", day="m.measured_on", value="m.value")
        cte += f""",
heights (membership_id, metres) AS (
    SELECT membership_id, {_unpacked("MAX(packed)")} / 100
    FROM (
        SELECT m.membership_id, {latest} AS packed
        FROM {Measurement._meta.db_table} m
        JOIN {Membership._meta.db_table} ms ON ms.id = m.membership_id
        WHERE {in_cohorts} AND m.measure = 'height'
    ) h
    GROUP BY membership_id
)"""
        outcome += f"""
UNION ALL
SELECT '{BMI}', p.baseline / (h.metres * h.metres),
       p.month_6 / (h.metres * h.metres), p.month_12 / (h.metres * h.metres)
FROM paired p
LEFT JOIN heights h ON h.membership_id = p.membership_id AND h.metres > 0
WHERE p.measure = 'weight'"""
    result = dict(empty)
    with connection.cursor() as cursor:
        cursor.execute(cte + _summary_sql(outcome), params)
        for measure, at_baseline, *figures in cursor.fetchall():
            if measure not in result:
                continue  # weight paired only to work out the BMI
            with_follow_up, pairs = {}, {}
            for index, moment in enumerate(FOLLOW_UPS):
                present, n, *sums, went_down, went_up = figures[index * 10 : index * 10 + 10]
                with_follow_up[moment] = present
                if n:
                    pairs[moment] = summary_from_sums(
                        n, sums, went_down=went_down, went_up=went_up
                    )
            result[measure] = MeasureSummary(at_baseline, with_follow_up, pairs)
    return result
