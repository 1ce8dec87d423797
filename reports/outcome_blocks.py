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

    @classmethod
    def total(cls, blocks) -> "MomentBlock":
        """The blocks summed up in one pass (thousands of cohorts)."""
        names = (
            "pairs",
            "baseline_only",
            "follow_up_only",
            "went_down",
            "went_up",
            "relevant",
            "yes_before",
            "yes_after",
        )
        counts = dict.fromkeys(names, 0)
        keys = dict.fromkeys(names, 0)
        stopped = started = both = 0
        sums = [0.0] * 6
        for block in blocks:
            for name in names:
                cell = getattr(block, name)
                counts[name] += cell.n
                keys[name] += cell.keys
            stopped += block.stopped
            started += block.started
            both += block.in_both_moments
            for index, value in enumerate(block.sums):
                sums[index] += value
        return cls(
            **{name: Cell(counts[name], keys[name]) for name in names},
            stopped=stopped,
            started=started,
            in_both_moments=both,
            sums=tuple(sums),
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


# A count and its record-key sum travel in one integer: count x 2^20 + keys. A cohort's
# group holds far fewer than 2^20 / 255 = 4,112 people, so the keys never spill over.
_PACK = 1 << 20


def _columns() -> list[str]:
    """Per follow-up moment: counts with their record-key sums (k), packed, and the pairs'
    sums. Fewer aggregates make the grouping of many cohorts faster."""
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
            columns.append(f"SUM(CASE WHEN {condition} THEN {_PACK} + k ELSE 0 END)")
        columns += [
            # stopped (yes -> no) + 65536 x started (no -> yes)
            f"SUM(CASE WHEN {pair} AND b = 1 AND {moment} = 0 THEN 1 "
            f"WHEN {pair} AND b = 0 AND {moment} = 1 THEN 65536 ELSE 0 END)",
            f"SUM(CASE WHEN {pair} AND {other} IS NOT NULL THEN 1 ELSE 0 END)",
        ]
        for value in ("b", moment, f"{moment} - b"):
            inside = f"CASE WHEN {pair} THEN {value} END"
            columns += [
                f"COALESCE(SUM({inside}), 0)",
                f"COALESCE(SUM(({inside}) * ({inside})), 0)",
            ]
    return columns


_PER_MOMENT = 8 + 2 + 6


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
SELECT measure, cohort_id, {", ".join(_columns())}
FROM (
    SELECT o.measure, o.b, o.month_6, o.month_12, ms.cohort_id, {key} AS k
    FROM ({outcome}) o JOIN {Membership._meta.db_table} ms ON ms.id = o.membership_id
) t
GROUP BY measure, cohort_id"""
    result: dict[tuple[str, int], dict[str, MomentBlock]] = {}
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        for measure, cohort_id, *figures in cursor.fetchall():
            if measure not in measures:
                continue  # weight paired only to work out the BMI
            moments = {}
            for index, moment in enumerate(FOLLOW_UPS):
                part = figures[index * _PER_MOMENT : (index + 1) * _PER_MOMENT]
                cells = [Cell(int(v) // _PACK, int(v) % _PACK) for v in part[:8]]
                changed = int(part[8])
                moments[moment] = MomentBlock(
                    *cells,
                    stopped=changed % 65536,
                    started=changed // 65536,
                    in_both_moments=int(part[9]),
                    sums=tuple(float(v) for v in part[10:16]),
                )
            result[(measure, cohort_id)] = moments
    return result


def expected_at_moments(*, cohort_ids, closed_within=None) -> dict[tuple[int, str], Cell]:
    """(cohort id, moment) -> the participants expected to be measured: enrolled by the
    period's end (everyone who enrolled, as intention to treat counts) and not gone
    before the moment's window opened. One query."""
    import datetime

    from .pairing import _moment_rows, _moments_table

    cohort_ids = list(cohort_ids)
    moments = _moment_rows(cohort_ids, closed_within)
    if not moments:
        return {}
    end = None
    if closed_within:
        end = datetime.datetime.combine(
            closed_within[1] + datetime.timedelta(days=1), datetime.time.min, tzinfo=datetime.UTC
        )
    roles = list(Membership.PARTICIPANT_ROLES)
    sql = f"""
WITH moments (cohort_id, moment, opens, closes, target) AS (VALUES {_moments_table(moments)})
SELECT mo.cohort_id, mo.moment, COUNT(*), COALESCE(SUM({record_key_sql("ms.person_id")}), 0)
FROM moments mo
JOIN {Membership._meta.db_table} ms ON ms.cohort_id = mo.cohort_id
WHERE ms.role IN ({", ".join(["%s"] * len(roles))}) AND ms.accepted_at IS NOT NULL
  {"AND ms.accepted_at < %s" if end else ""}
  AND (ms.ended_at IS NULL OR ms.ended_at >= mo.opens)
GROUP BY mo.cohort_id, mo.moment"""
    params = [*roles, *([end] if end else [])]
    expected = {(cohort_id, key): Cell() for cohort_id, key, *_rest in moments}
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        for cohort_id, moment, n, keys in cursor.fetchall():
            expected[(cohort_id, moment)] = Cell(n, int(keys))
    return expected
