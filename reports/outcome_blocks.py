"""Outcome sums per measure, cohort and follow-up moment, in one query.

The pairs are those of reports.pairing (health's rule: the value nearest the moment's
target date inside its window). Per cohort, so that disclosure control can leave out
cohorts too small to contribute to a magnitude (reports.disclosure), and with the sums of
the record keys of every group of people a count is released for (the cell keys).
"""

from collections.abc import Iterable
from dataclasses import dataclass

from django.db import connection

from groups.models import Membership

from .disclosure import Cell, record_key_sql
from .pairing import (
    BMI,
    FOLLOW_UPS,
    Moment,
    Period,
    _in_list,
    _in_params,
    _packed,
    _query_parts,
    _unpacked,
)
from .statistics import PairSummary, summary_from_sums

# Clinically relevant change, per measure: (kind, amount).
# Weight: at least 5 % lost (Look AHEAD Research Group, Diabetes Care 2011;34:1481-6;
# NHG-Standaard Obesitas M95, 2010: 5-10 % weight loss gives health gain).
# HbA1c: a fall of at least 5 mmol/mol (0.5 percentage points; Lenters-Westra et al.,
# Clin Chem Lab Med 2014 and NICE NG28 take 5 mmol/mol as the minimal clinically
# important difference).
RELEVANT = {"weight": ("share", 0.05), "hba1c": ("points", 5.0)}


# The cells of a block, in the order of its figures.
CELLS = (
    "pairs",
    "baseline_only",
    "follow_up_only",
    "went_down",
    "went_up",
    "relevant",
    "yes_before",
    "yes_after",
)
_N, _KEYS = 0, len(CELLS)  # where the cells' counts and their record-key sums start
_STOPPED, _STARTED, _IN_BOTH = 2 * len(CELLS), 2 * len(CELLS) + 1, 2 * len(CELLS) + 2
_SUMS = 2 * len(CELLS) + 3  # b, b², f, f², d, d² over the pairs
WIDTH = _SUMS + 6


@dataclass(frozen=True, slots=True)
class MomentBlock:
    """One measure, one cohort, one follow-up moment, as one flat row of figures.

    The cells' counts, then their record-key sums, then the pairs that stopped (yes -> no,
    McNemar's discordant pairs) and started (no -> yes), the pairs at this moment that
    also pair at the other, and the pairs' sums. Flat, so that the blocks of a thousand
    cohorts add up column by column in one pass (total).
    """

    figures: tuple[float, ...] = (0,) * WIDTH

    def _cell(self, index: int) -> Cell:
        return Cell(int(self.figures[_N + index]), int(self.figures[_KEYS + index]))

    @property
    def pairs(self) -> Cell:
        return self._cell(0)

    @property
    def pair_count(self) -> int:
        """pairs.n, without building the cell (it decides which blocks count)."""
        return int(self.figures[_N])

    @property
    def anyone(self) -> bool:
        """Anyone in the pairs, or measured at only one of the two moments."""
        return any(self.figures[_N : _N + 3])

    @property
    def baseline_only(self) -> Cell:
        return self._cell(1)

    @property
    def follow_up_only(self) -> Cell:
        return self._cell(2)

    @property
    def went_down(self) -> Cell:
        return self._cell(3)

    @property
    def went_up(self) -> Cell:
        return self._cell(4)

    @property
    def relevant(self) -> Cell:
        return self._cell(5)

    @property
    def yes_before(self) -> Cell:
        return self._cell(6)

    @property
    def yes_after(self) -> Cell:
        return self._cell(7)

    @property
    def stopped(self) -> int:
        return int(self.figures[_STOPPED])

    @property
    def started(self) -> int:
        return int(self.figures[_STARTED])

    @property
    def in_both_moments(self) -> int:
        return int(self.figures[_IN_BOTH])

    @property
    def sums(self) -> tuple[float, ...]:
        return self.figures[_SUMS:]

    def __add__(self, other: "MomentBlock") -> "MomentBlock":
        return MomentBlock(tuple(a + b for a, b in zip(self.figures, other.figures, strict=True)))

    @classmethod
    def total(cls, blocks: Iterable["MomentBlock"]) -> "MomentBlock":
        """The blocks summed up column by column (thousands of cohorts)."""
        columns = zip(*(block.figures for block in blocks), strict=True)
        figures = tuple(sum(column) for column in columns)
        return cls(figures) if figures else cls()

    def summary(self) -> PairSummary | None:
        n = self.pairs.n
        if not n:
            return None
        return summary_from_sums(n, self.sums, went_down=self.went_down.n, went_up=self.went_up.n)


# A count and its record-key sum travel in one integer: count x 2^20 + keys. A cohort's
# group holds far fewer than 2^20 / 255 = 4,112 people, so the keys never spill over.
_PACK = 1 << 20


def _columns() -> list[str]:
    """Per follow-up moment: counts with their record-key sums (k), packed, and the pairs'
    sums. Fewer aggregates make the grouping of many cohorts faster, and FILTER skips the
    rows a figure does not count (cheaper than summing zeros). The row's columns (see
    _ROW): b, the follow-ups, pk (_PACK + k), and per moment d (follow-up minus start,
    NULL unless both were measured) and the start and follow-up values of the pairs."""
    columns = []
    for moment in FOLLOW_UPS:
        other = "month_12" if moment == "month_6" else "month_6"
        change, start, follow_up = f"d_{moment}", f"b_{moment}", f"f_{moment}"
        pair = f"{change} IS NOT NULL"
        relevant = " OR ".join(
            f"(measure = '{name}' AND -{change} >= "
            + (f"{amount} * b" if kind == "share" else f"{amount}")
            + ")"
            for name, (kind, amount) in RELEVANT.items()
        )
        for condition in (
            pair,
            f"b IS NOT NULL AND {moment} IS NULL",
            f"b IS NULL AND {moment} IS NOT NULL",
            f"{change} < 0",  # went down: exactly when the follow-up is below the start
            f"{change} > 0",
            f"{pair} AND ({relevant})",
            f"{pair} AND b = 1",
            f"{pair} AND {moment} = 1",
        ):
            columns.append(f"COALESCE(SUM(pk) FILTER (WHERE {condition}), 0)")
        columns += [
            # stopped (yes -> no) + 65536 x started (no -> yes)
            f"COALESCE(SUM(CASE WHEN b = 1 THEN 1 ELSE 65536 END) FILTER (WHERE {pair} "
            f"AND ((b = 1 AND {moment} = 0) OR (b = 0 AND {moment} = 1))), 0)",
            f"COUNT(*) FILTER (WHERE {pair} AND {other} IS NOT NULL)",
        ]
        for value in (start, follow_up, change):
            columns += [f"COALESCE(SUM({value}), 0)", f"COALESCE(SUM({value} * {value}), 0)"]
    return columns


def _row_columns() -> str:
    """The derived columns per row that _columns sums (computed once per row)."""
    columns = [f"{_PACK} + k AS pk"]
    for moment in FOLLOW_UPS:
        columns += [
            f"{moment} - b AS d_{moment}",
            f"CASE WHEN {moment} IS NOT NULL THEN b END AS b_{moment}",
            f"CASE WHEN b IS NOT NULL THEN {moment} END AS f_{moment}",
        ]
    return ", ".join(columns)


_PER_MOMENT = len(CELLS) + 2 + 6


def outcome_blocks(
    *,
    cohort_ids: Iterable[int],
    measures: Iterable[str],
    closed_within: Period | None = None,
    moments: list[Moment] | None = None,
) -> dict[tuple[str, int], dict[str, MomentBlock]]:
    """(measure, cohort id) -> follow-up moment -> MomentBlock, in one query.

    ``moments``: the cohorts' moments (reports.pairing.moment_rows) when the caller has
    them already."""
    from health.models import Measurement

    cohort_ids = list(cohort_ids)
    measures = list(dict.fromkeys(measures))
    wants_bmi = BMI in measures
    paired_measures = [m for m in measures if m != BMI]
    if wants_bmi and "weight" not in paired_measures:
        paired_measures.append("weight")
    parts = _query_parts(
        cohort_ids,
        paired_measures,
        closed_within=closed_within,
        with_baseline=False,
        moments=moments,
    )
    if parts is None:
        return {}
    cte, params = parts
    outcome = "SELECT measure, cohort_id, person_id, baseline AS b, month_6, month_12 FROM paired"
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
SELECT '{BMI}', p.cohort_id, p.person_id, p.baseline / (h.metres * h.metres),
       p.month_6 / (h.metres * h.metres), p.month_12 / (h.metres * h.metres)
FROM paired p
JOIN heights h ON h.membership_id = p.membership_id AND h.metres > 0
WHERE p.measure = 'weight'"""
    key = record_key_sql("o.person_id")
    sql = f"""{cte}
SELECT measure, cohort_id, {", ".join(_columns())}
FROM (
    SELECT measure, cohort_id, b, month_6, month_12, {_row_columns()}
    FROM (
        SELECT o.measure, o.b, o.month_6, o.month_12, o.cohort_id, {key} AS k
        FROM ({outcome}) o
    ) keyed
) t
GROUP BY measure, cohort_id"""
    result: dict[tuple[str, int], dict[str, MomentBlock]] = {}
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        for measure, cohort_id, *figures in cursor.fetchall():
            if measure not in measures:
                continue  # weight paired only to work out the BMI
            per_moment = {}
            for index, moment in enumerate(FOLLOW_UPS):
                part = figures[index * _PER_MOMENT : (index + 1) * _PER_MOMENT]
                cells = part[: len(CELLS)]  # integers: count x _PACK + keys
                changed = part[len(CELLS)]
                per_moment[moment] = MomentBlock(
                    (
                        *[v // _PACK for v in cells],
                        *[v % _PACK for v in cells],
                        changed % 65536,
                        changed // 65536,
                        part[len(CELLS) + 1],
                        *part[len(CELLS) + 2 :],
                    )
                )
            result[(measure, cohort_id)] = per_moment
    return result


def expected_at_moments(
    *,
    cohort_ids: Iterable[int],
    closed_within: Period | None = None,
    moments: list[Moment] | None = None,
) -> dict[tuple[int, str], Cell]:
    """(cohort id, moment) -> the participants expected to be measured: enrolled by the
    period's end (everyone who enrolled, as intention to treat counts) and not gone
    before the moment's window opened. One query."""
    import datetime

    from .pairing import _moment_rows, _moments_cte

    cohort_ids = list(cohort_ids)
    moments = _moment_rows(cohort_ids, closed_within, moments)
    if not moments:
        return {}
    end = None
    if closed_within:
        end = datetime.datetime.combine(
            closed_within[1] + datetime.timedelta(days=1), datetime.time.min, tzinfo=datetime.UTC
        )
    roles = list(Membership.PARTICIPANT_ROLES)
    moments_cte, params = _moments_cte(moments)
    sql = f"""
WITH {moments_cte}
SELECT mo.cohort_id, mo.moment, COUNT(*), COALESCE(SUM({record_key_sql("ms.person_id")}), 0)
FROM moments mo
JOIN {Membership._meta.db_table} ms ON ms.cohort_id = mo.cohort_id
WHERE ms.role IN ({", ".join(["%s"] * len(roles))}) AND ms.accepted_at IS NOT NULL
  {"AND ms.accepted_at < %s" if end else ""}
  AND (ms.ended_at IS NULL OR ms.ended_at >= mo.opens)
GROUP BY mo.cohort_id, mo.moment"""
    params += [*roles, *([end] if end else [])]
    expected = {(cohort_id, key): Cell() for cohort_id, key, *_rest in moments}
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        for cohort_id, moment, n, keys in cursor.fetchall():
            expected[(cohort_id, moment)] = Cell(n, int(keys))
    return expected
