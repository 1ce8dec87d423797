"""Baseline and follow-up values per participant, paired in the database.

The pairing rule is health's (health.selectors.paired_values): per participant and measure,
at each measurement moment the value nearest the moment's target date within its window
(ties: the earlier day, then the lower value). Reports need it for every measure of
up to thousands of cohorts at once, so here the database picks the values with a window
function and joins the moments, and Python receives one row per participant and measure.
tests/reports/test_pairing.py checks that both give the same pairs.
"""

from collections import defaultdict
from dataclasses import dataclass

from django.db import connection

from groups.models import Cohort, Membership


@dataclass(frozen=True, slots=True)
class MomentValues:
    membership_id: int
    baseline: float
    month_6: float | None
    month_12: float | None


FOLLOW_UPS = ("month_6", "month_12")


def _moment_rows(cohort_ids) -> list[tuple]:
    from health.selectors import moments_for

    cohorts = Cohort.objects.filter(pk__in=cohort_ids).prefetch_related("health_moments")
    return [
        (cohort.pk, moment.key, moment.opens, moment.closes, moment.target)
        for cohort in cohorts
        for moment in moments_for(cohort=cohort)
    ]


def _moments_table(moments: list[tuple]) -> str:
    """The cohorts' moments as SQL literals: thousands of them bind faster this way.

    Only integers, dates and the fixed moment keys go in, never text from a user.
    """
    from health.models import MeasurementMoment

    # SQLite keeps dates as ISO text
    day = "DATE '{}'" if connection.vendor == "postgresql" else "'{}'"
    keys = set(MeasurementMoment.Key.values)
    rows = []
    for cohort_id, key, opens, closes, target in moments:
        if key not in keys:
            raise ValueError(f"Unknown measurement moment {key!r}")
        dates = ", ".join(day.format(d.isoformat()) for d in (opens, closes, target))
        rows.append(f"({int(cohort_id)}, '{key}', {dates})")
    return ", ".join(rows)


def _sql(*, moments: list[tuple], cohorts: int, clinical: int, scales: int) -> str:
    from health.models import Instrument, Measurement, QuestionnaireResponse

    if connection.vendor == "postgresql":
        distance = "ABS(s.day - mo.target)"
        number = "CAST({} AS double precision)"
    else:
        distance = "ABS(julianday(s.day) - julianday(mo.target))"
        number = "CAST({} AS REAL)"
    values = _moments_table(moments)
    in_cohorts = ", ".join(["%s"] * cohorts)
    sources = []
    if clinical:
        sources.append(
            f"SELECT m.measure, m.membership_id, ms.cohort_id, m.measured_on, m.value "
            f"FROM {Measurement._meta.db_table} m "
            f"JOIN {Membership._meta.db_table} ms ON ms.id = m.membership_id "
            f"WHERE ms.cohort_id IN ({in_cohorts}) "
            f"AND m.measure IN ({', '.join(['%s'] * clinical)})"
        )
    if scales:
        sources.append(
            f"SELECT i.key, r.membership_id, ms.cohort_id, r.completed_on, r.score "
            f"FROM {QuestionnaireResponse._meta.db_table} r "
            f"JOIN {Instrument._meta.db_table} i ON i.id = r.instrument_id "
            f"JOIN {Membership._meta.db_table} ms ON ms.id = r.membership_id "
            f"WHERE r.score IS NOT NULL AND ms.cohort_id IN ({in_cohorts}) "
            f"AND i.key IN ({', '.join(['%s'] * scales)})"
        )
    return f"""
WITH moments (cohort_id, moment, opens, closes, target) AS (VALUES {values}),
source (measure, membership_id, cohort_id, day, value) AS ({" UNION ALL ".join(sources)}),
ranked AS (
    SELECT s.measure, s.membership_id, mo.moment, s.value,
           ROW_NUMBER() OVER (
               PARTITION BY s.measure, s.membership_id, mo.moment
               ORDER BY {distance}, s.day, s.value
           ) AS rank
    FROM source s
    JOIN moments mo ON mo.cohort_id = s.cohort_id AND s.day >= mo.opens AND s.day <= mo.closes
)
SELECT measure, membership_id,
       {number.format("MAX(CASE WHEN moment = 'baseline' THEN value END)")},
       {number.format("MAX(CASE WHEN moment = 'month_6' THEN value END)")},
       {number.format("MAX(CASE WHEN moment = 'month_12' THEN value END)")}
FROM ranked
WHERE rank = 1
GROUP BY measure, membership_id
HAVING COUNT(CASE WHEN moment = 'baseline' THEN 1 END) > 0
ORDER BY measure, membership_id
"""


def values_at_moments(*, cohort_ids, measures) -> dict[str, list[MomentValues]]:
    """Per measure, everyone with a baseline value: that value and the follow-up ones.

    ``measures`` mixes health.measures.MEASURES keys and questionnaire (Instrument) keys.
    Everyone of the cohorts counts, also those who left: their values were measured.
    """
    from health.measures import MEASURES

    cohort_ids = list(cohort_ids)
    measures = list(dict.fromkeys(measures))
    result: dict[str, list[MomentValues]] = defaultdict(list)
    moments = _moment_rows(cohort_ids)
    if not moments or not measures:
        return {measure: [] for measure in measures}
    clinical = [m for m in measures if m in MEASURES]
    scales = [m for m in measures if m not in MEASURES]
    params: list = []
    if clinical:
        params += cohort_ids + clinical
    if scales:
        params += cohort_ids + scales
    sql = _sql(
        moments=moments,
        cohorts=len(cohort_ids),
        clinical=len(clinical),
        scales=len(scales),
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        for measure, *row in cursor.fetchall():
            result[measure].append(MomentValues(*row))
    return {measure: result.get(measure, []) for measure in measures}
