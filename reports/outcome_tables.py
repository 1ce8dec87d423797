"""The outcome and completeness tables: one row per measure and follow-up moment.

Magnitudes (means, SD, change, interval, d_z, p, shares) sum up only the cohorts whose
pairs for that measure and moment reach the magnitude threshold (reports.disclosure);
counts cover every cohort and are perturbed.
"""

from dataclasses import dataclass

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from . import values as v
from .disclosure import Cell, Withheld, cell_total, magnitude_threshold, released_count, threshold
from .outcome_blocks import RELEVANT, MomentBlock
from .pairing import FOLLOW_UPS
from .statistics import mcnemar_exact, paired_change_from_summary

MOMENT_LABELS = {
    "baseline": gettext_lazy("Start (baseline)"),
    "month_6": gettext_lazy("6 months"),
    "month_12": gettext_lazy("12 months"),
}


def measure_label(key: str) -> tuple[str, str]:
    """The measure's name and unit, from health.measures (BMI is worked out there too)."""
    from health.measures import MEASURES
    from health.models import Instrument

    if key in MEASURES:
        measure = MEASURES[key]
        return str(measure.label), "" if measure.yes_no else measure.unit
    if key == "bmi":
        return _("BMI"), "kg/m²"
    instrument = Instrument.objects.filter(key=key).first()
    return (str(instrument) if instrument else key), ""


@dataclass
class ChartRow:
    label: str
    moment: str
    unit: str
    mean: float
    low: float
    high: float


HEADERS = [
    gettext_lazy("Measure"),
    gettext_lazy("Moment"),
    gettext_lazy("n (pairs)"),
    gettext_lazy("Start: mean"),
    gettext_lazy("Start: SD"),
    gettext_lazy("Follow-up: mean"),
    gettext_lazy("Follow-up: SD"),
    gettext_lazy("Mean change"),
    gettext_lazy("CI 95%: low"),
    gettext_lazy("CI 95%: high"),
    gettext_lazy("Effect size (d_z)"),
    gettext_lazy("p"),
    gettext_lazy("Improved"),
    gettext_lazy("Clinically relevant change"),
    gettext_lazy("What it means"),
]


def _reading(stats) -> str:
    if stats.nothing_changed:
        return _("Nothing changed: everyone had the same value at both moments.")
    if stats.ci_low > 0 or stats.ci_high < 0:
        if stats.mean_change < 0:
            return _("Probably a real fall: the interval does not include 0.")
        return _("Probably a real rise: the interval does not include 0.")
    return _("No clear change: the interval includes 0, so the change may be chance.")


def _blocks_for(measure, moment, blocks, expected, cohort_ids) -> list[tuple[int, MomentBlock]]:
    """The cohorts' blocks for a moment whose window closed within the period (in the
    order of cohort_ids, so that the sums come out the same every time)."""
    return [
        (pk, blocks[(measure, pk)][moment])
        for pk in cohort_ids
        if (pk, moment) in expected and (measure, pk) in blocks
    ]


class Gathered:
    """The blocks of each measure and moment (_blocks_for) and their total, looked up and
    summed once for both tables: the outcome and the completeness table of a thousand
    cohorts need the same ones. Only a cache: the same blocks, in the same order."""

    def __init__(self, blocks, expected, cohort_ids) -> None:
        self.blocks, self.expected, self.cohort_ids = blocks, expected, cohort_ids
        self._found: dict[tuple[str, str], list[tuple[int, MomentBlock]]] = {}
        self._totals: dict[tuple[str, str], MomentBlock] = {}

    def found(self, measure: str, moment: str) -> list[tuple[int, MomentBlock]]:
        key = (measure, moment)
        if key not in self._found:
            self._found[key] = _blocks_for(
                measure, moment, self.blocks, self.expected, self.cohort_ids
            )
        return self._found[key]

    def total(self, measure: str, moment: str) -> MomentBlock:
        key = (measure, moment)
        if key not in self._totals:
            self._totals[key] = MomentBlock.total(b for _p, b in self.found(measure, moment))
        return self._totals[key]


def _measured(measures, blocks) -> list:
    """The measures with a block in any cohort: the others have no rows (a report of a
    thousand cohorts need not look each of them up per measure)."""
    keys = {measure for measure, _pk in blocks}
    return [measure for measure in measures if measure.key in keys]


def _row(
    measure, moment, found, everything: MomentBlock | None = None
) -> tuple[list[v.Value], ChartRow | None, dict]:
    """``everything``: the total of ``found`` when the caller has it already."""
    label, unit = measure_label(measure.key)
    name = f"{label} ({unit})" if unit else label
    m = magnitude_threshold()
    contributing = [(pk, block) for pk, block in found if block.pair_count >= m]
    if everything is None:
        everything = MomentBlock.total(block for _pk, block in found)
    head = [v.text(name), v.text(MOMENT_LABELS[moment])]
    info = {"contributing": {pk for pk, _b in contributing}, "blocks": dict(contributing)}
    if not contributing:
        small = v.withheld(Withheld.SMALL_GROUP) if everything.pairs.n else v.nothing()
        return [*head, v.count(everything.pairs), *[small] * 12], None, info
    # every cohort contributing (the usual case): the same blocks, so the same total
    total = (
        everything
        if len(contributing) == len(found)
        else MomentBlock.total(block for _pk, block in contributing)
    )
    n = released_count(total.pairs)
    improved = total.went_down if measure.lower_is_better else total.went_up
    if measure.binary:
        before = released_count(total.yes_before)
        after = released_count(total.yes_after)
        p = mcnemar_exact(total.stopped, total.started)
        none = v.nothing()
        change = (after - before) / n if n else None
        row = [
            *head,
            v.count(total.pairs),
            v.share(before, n),
            none,
            v.share(after, n),
            none,
            v.percent(change) if change is not None else none,
            none,
            none,
            none,
            v.p_value(p),
            v.share(released_count(improved), n),
            none,
            v.text(
                _("Nothing changed: nobody started or stopped.")
                if total.stopped + total.started == 0
                else _("McNemar's exact test of who started and who stopped.")
            ),
        ]
        return row, None, info
    summary = total.summary()
    stats = (
        paired_change_from_summary(summary, lower_is_better=measure.lower_is_better)
        if summary
        else None
    )
    if stats is None:
        return [*head, v.count(total.pairs), *[v.nothing()] * 12], None, info
    decimals = 1
    relevant = (
        v.share(released_count(total.relevant), n) if measure.key in RELEVANT else v.nothing()
    )
    row = [
        *head,
        v.count(total.pairs),
        v.number(stats.baseline_mean, decimals),
        v.number(stats.baseline_sd, decimals),
        v.number(stats.follow_up_mean, decimals),
        v.number(stats.follow_up_sd, decimals),
        v.number(stats.mean_change, decimals),
        v.number(stats.ci_low, decimals),
        v.number(stats.ci_high, decimals),
        v.number(stats.d_z, 2) if stats.d_z is not None else v.nothing(),
        v.nothing() if stats.nothing_changed else v.p_value(stats.p_value),
        v.share(released_count(improved), n),
        relevant,
        v.text(_reading(stats)),
    ]
    chart = ChartRow(
        label, str(MOMENT_LABELS[moment]), unit, stats.mean_change, stats.ci_low, stats.ci_high
    )
    return row, chart, info


def _nested_moments_differ(measure: str, blocks, cohort_ids) -> bool:
    """The 6- and 12-month figures of one measure share their baseline values. When their
    groups of pairs differ by 1 to k-1 people, n x mean of one minus the other gives those
    people's values. The groups are compared over every moment, also one that closed in
    another period: that period's report shows its figures."""
    k, m = threshold(), magnitude_threshold()
    found = [blocks[(measure, pk)] for pk in cohort_ids if (measure, pk) in blocks]
    six = [b["month_6"] for b in found if b["month_6"].pair_count >= m]
    twelve = [b["month_12"] for b in found if b["month_12"].pair_count >= m]
    if not six or not twelve:
        return False
    # pairs at 12 months that also pair at 6 months, in the cohorts counted at both
    in_both = sum(
        b["month_12"].in_both_moments
        for b in found
        if b["month_6"].pair_count >= m and b["month_12"].pair_count >= m
    )
    only_six = sum(b.pair_count for b in six) - in_both
    only_twelve = sum(b.pair_count for b in twelve) - in_both
    return 0 < only_six < k or 0 < only_twelve < k


def outcome_rows(measures, blocks, expected, cohort_ids, gathered: Gathered | None = None):
    """``gathered``: shared with completeness_rows (reports.builder), or made here."""
    gathered = gathered or Gathered(blocks, expected, cohort_ids)
    rows, charts = [], []
    for measure in _measured(measures, blocks):
        per_moment, chart_rows = {}, []
        for moment in FOLLOW_UPS:
            found = gathered.found(measure.key, moment)
            if not any(b.anyone for _p, b in found):
                continue
            row, chart, _info = _row(measure, moment, found, gathered.total(measure.key, moment))
            per_moment[moment] = row
            if chart:
                chart_rows.append((moment, chart))
        if "month_12" in per_moment and _nested_moments_differ(measure.key, blocks, cohort_ids):
            row = per_moment["month_12"]
            for index in range(3, len(row)):
                row[index] = v.withheld(Withheld.FOR_ANOTHER)
        for moment in FOLLOW_UPS:
            if moment in per_moment:
                rows.append(per_moment[moment])
        charts += [c for moment, c in chart_rows if per_moment[moment][3].withheld is None]
    return rows, charts


def completeness_rows(
    measures, blocks, expected, cohort_ids, gathered: Gathered | None = None
) -> list[list[v.Value]]:
    """Per measure and moment: expected, measured, completeness, and who was left out of
    the pairs both ways. ``gathered``: shared with outcome_rows, or made here."""
    gathered = gathered or Gathered(blocks, expected, cohort_ids)
    rows = []
    for measure in _measured(measures, blocks):
        label, unit = measure_label(measure.key)
        name = f"{label} ({unit})" if unit else label
        baseline_blocks = [
            blocks[(measure.key, pk)]["month_6"]
            for pk in cohort_ids
            if (measure.key, pk) in blocks and (pk, "baseline") in expected
        ]
        everyone = MomentBlock.total(baseline_blocks)
        measured = everyone.pairs + everyone.baseline_only  # everyone with a baseline value
        if not measured.n and not baseline_blocks:
            continue
        wanted = cell_total(
            expected[(pk, "baseline")] for pk in cohort_ids if (pk, "baseline") in expected
        )
        rows.append(_completeness(name, "baseline", wanted, measured, None, None))
        for moment in FOLLOW_UPS:
            found = gathered.found(measure.key, moment)
            if not found:
                continue
            total = gathered.total(measure.key, moment)
            wanted = cell_total(expected[(pk, moment)] for pk, _b in found)
            rows.append(
                _completeness(
                    name,
                    moment,
                    wanted,
                    total.pairs + total.follow_up_only,
                    total.baseline_only,
                    total.follow_up_only,
                )
            )
    return rows


def _completeness(name, moment, wanted: Cell, measured: Cell, base_only, follow_only):
    expected_n, measured_n = released_count(wanted), released_count(measured)
    return [
        v.text(name),
        v.text(MOMENT_LABELS[moment]),
        v.count(wanted),
        v.count(measured),
        v.share(min(measured_n, expected_n), expected_n),
        v.count(base_only) if base_only is not None else v.nothing(),
        v.count(follow_only) if follow_only is not None else v.nothing(),
    ]


COMPLETENESS_HEADERS = [
    gettext_lazy("Measure"),
    gettext_lazy("Moment"),
    gettext_lazy("Expected"),
    gettext_lazy("Measured"),
    gettext_lazy("Complete"),
    gettext_lazy("Left out: start without follow-up"),
    gettext_lazy("Left out: follow-up without start"),
]
