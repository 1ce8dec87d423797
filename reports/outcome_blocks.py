"""Outcome sums per measure, cohort and follow-up moment, in one query.

The pairs are those of reports.pairing (health's rule: the value nearest the moment's
target date inside its window). Per cohort, so that disclosure control can leave out
cohorts too small to contribute to a magnitude (reports.disclosure), and with the sums of
the record keys of every group of people a count is released for (the cell keys).
"""

import math
from dataclasses import dataclass, field

from django.db import connection

from groups.models import Membership

from .disclosure import Cell, record_key_sql
from .pairing import BMI, FOLLOW_UPS, _in_list, _in_params, _packed, _query_parts, _unpacked
from .statistics import PairSummary

# Clinically relevant change, per measure: (kind, amount).
# Weight: at least 5 % lost (Look AHEAD Research Group, Diabetes Care 2011;34:1481-6;
# NHG-Standaard Obesitas M95, 2010: 5-10 % weight loss gives health gain).
# HbA1c: a fall of at least 5 mmol/mol (0.5 percentage points; Lenters-Westra et al.,
# Clin Chem Lab Med 2014 and NICE NG28 take 5 mmol/mol as the minimal clinically
# important difference).
RELEVANT = {"weight": ("share", 0.05), "hba1c": ("points", 5.0)}


@dataclass
class MomentBlock:
    """One measure, one cohort, one follow-up moment."""

    pairs: Cell = field(default_factory=Cell)
    baseline_only: Cell = field(default_factory=Cell)
    follow_up_only: Cell = field(default_factory=Cell)
    went_down: Cell = field(default_factory=Cell)
    went_up: Cell = field(default_factory=Cell)
    relevant: Cell = field(default_factory=Cell)
    yes_before: Cell = field(default_factory=Cell)
    yes_after: Cell = field(default_factory=Cell)
    stopped: int = 0  # yes -> no (McNemar's discordant pairs)
    started: int = 0  # no -> yes
    in_both_moments: int = 0  # pairs at this moment that also pair at the other
    sums: tuple[float, ...] = (0.0,) * 6  # b, b², f, f², d, d² over the pairs

    def __add__(self, other: "MomentBlock") -> "MomentBlock":
        cells = {
            name: getattr(self, name) + getattr(other, name)
            for name in (
                "pairs",
                "baseline_only",
                "follow_up_only",
                "went_down",
                "went_up",
                "relevant",
                "yes_before",
                "yes_after",
            )
        }
        return MomentBlock(
            **cells,
            stopped=self.stopped + other.stopped,
            started=self.started + other.started,
            in_both_moments=self.in_both_moments + other.in_both_moments,
            sums=tuple(a + b for a, b in zip(self.sums, other.sums, strict=True)),
        )

    def summary(self) -> PairSummary | None:
        n = self.pairs.n
        if not n:
            return None
        figures = []
        for total, squares in zip(self.sums[::2], self.sums[1::2], strict=True):
            mean = total / n
            if n > 1:
                figures += [mean, math.sqrt(max((squares - n * mean * mean) / (n - 1), 0.0))]
            else:
                figures += [mean, math.nan]
        return PairSummary(n, *figures, went_down=self.went_down.n, went_up=self.went_up.n)


def _columns(key: str) -> list[str]:
    """Per follow-up moment: counts with their record-key sums, and the pairs' sums."""
    columns = []
    for moment in FOLLOW_UPS:
        other = "month_12" if moment == "month_6" else "month_6"
        pair = f"b IS NOT NULL AND {moment} IS NOT NULL"
        relevant = " OR ".join(
            f"(measure = '{name}' AND b - {moment} >= "
            + (f"{amount} * b" if kind == "share" else f"{amount}")
            + ")"
            for name, (kind, amount) in RELEVANT.items()
        )
        for condition in (
            pair,
            f"b IS NOT NULL AND {moment} IS NULL",
            f"b IS NULL AND {moment} IS NOT NULL",
            f"{pair} AND {moment} < b",
            f"{pair} AND {moment} > b",
            f"{pair} AND ({relevant})",
            f"{pair} AND b = 1",
            f"{pair} AND {moment} = 1",
        ):
            columns += [
                f"COUNT(CASE WHEN {condition} THEN 1 END)",
                f"COALESCE(SUM(CASE WHEN {condition} THEN {key} END), 0)",
            ]
        columns += [
            f"COUNT(CASE WHEN {pair} AND b = 1 AND {moment} = 0 THEN 1 END)",
            f"COUNT(CASE WHEN {pair} AND b = 0 AND {moment} = 1 THEN 1 END)",
            f"COUNT(CASE WHEN {pair} AND {other} IS NOT NULL THEN 1 END)",
        ]
        for value in ("b", moment, f"{moment} - b"):
            inside = f"CASE WHEN {pair} THEN {value} END"
            columns += [
                f"COALESCE(SUM({inside}), 0)",
                f"COALESCE(SUM(({inside}) * ({inside})), 0)",
            ]
    return columns


_PER_MOMENT = 8 * 2 + 3 + 6


def outcome_blocks(
    *, cohort_ids, measures, closed_within=None
) -> dict[tuple[str, int], dict[str, MomentBlock]]:
    """(measure, cohort id) -> follow-up moment -> MomentBlock, in one query."""
    from health.models import Measurement

    cohort_ids = list(cohort_ids)
    measures = list(dict.fromkeys(measures))
    wants_bmi = BMI in measures
    paired_measures = [m for m in measures if m != BMI]
    if wants_bmi and "weight" not in paired_measures:
        paired_measures.append("weight")
    parts = _query_parts(
        cohort_ids, paired_measures, closed_within=closed_within, with_baseline=False
    )
    if parts is None:
        return {}
    cte, params = parts
    outcome = "SELECT measure, membership_id, baseline AS b, month_6, month_12 FROM paired"
    if wants_bmi:
        in_cohorts = _in_list("ms.cohort_id", len(cohort_ids))
        params += _in_params(cohort_ids)
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
SELECT '{BMI}', p.membership_id, p.baseline / (h.metres * h.metres),
       p.month_6 / (h.metres * h.metres), p.month_12 / (h.metres * h.metres)
FROM paired p
JOIN heights h ON h.membership_id = p.membership_id AND h.metres > 0
WHERE p.measure = 'weight'"""
    key = record_key_sql("ms.person_id")
    sql = f"""{cte}
SELECT o.measure, ms.cohort_id, {", ".join(_columns(key))}
FROM ({outcome}) o JOIN {Membership._meta.db_table} ms ON ms.id = o.membership_id
GROUP BY o.measure, ms.cohort_id"""
    result: dict[tuple[str, int], dict[str, MomentBlock]] = {}
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        for measure, cohort_id, *figures in cursor.fetchall():
            if measure not in measures:
                continue  # weight paired only to work out the BMI
            moments = {}
            for index, moment in enumerate(FOLLOW_UPS):
                part = figures[index * _PER_MOMENT : (index + 1) * _PER_MOMENT]
                cells = [Cell(int(part[i]), int(part[i + 1])) for i in range(0, 16, 2)]
                moments[moment] = MomentBlock(
                    *cells,
                    stopped=int(part[16]),
                    started=int(part[17]),
                    in_both_moments=int(part[18]),
                    sums=tuple(float(v) for v in part[19:25]),
                )
            result[(measure, cohort_id)] = moments
    return result


def expected_at_moments(*, cohort_ids, closed_within=None) -> dict[tuple[int, str], Cell]:
    """(cohort id, moment) -> the participants expected to be measured: enrolled by the
    period's end (everyone who enrolled, as intention to treat counts) and not gone
    before the moment's window opened."""
    from .pairing import _moment_rows

    expected: dict[tuple[int, str], Cell] = {}
    moments = _moment_rows(list(cohort_ids), closed_within)
    if not moments:
        return expected
    memberships = Membership.objects.filter(
        cohort_id__in=cohort_ids,
        role__in=Membership.PARTICIPANT_ROLES,
        accepted_at__isnull=False,
    ).values_list("cohort_id", "person_id", "accepted_at", "ended_at")
    from .disclosure import record_key

    by_cohort: dict[int, list] = {}
    for cohort_id, person_id, accepted, ended in memberships:
        by_cohort.setdefault(cohort_id, []).append((record_key(person_id), accepted, ended))
    last_day = closed_within[1] if closed_within else None
    for cohort_id, moment, opens, _closes, _target in moments:
        cell = Cell()
        for person_key, accepted, ended in by_cohort.get(cohort_id, []):
            enrolled = last_day is None or accepted.date() <= last_day
            if enrolled and (ended is None or ended.date() >= opens):
                cell += Cell(1, person_key)
        expected[(cohort_id, moment)] = cell
    return expected
