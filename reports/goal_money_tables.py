"""The goals and money tables of a report, under disclosure control.

Goal figures and amounts only over cohorts that reach the magnitude threshold; amounts
perturbed as the ABS does for magnitudes (reports.disclosure).
"""

from collections.abc import Iterable

from django.utils.translation import gettext as _

from . import sections
from . import values as v
from .disclosure import Withheld, cell_total, magnitude_threshold, released_count
from .report import Table


def goal_table(goals: dict[int, sections.Goals]) -> Table:
    m = magnitude_threshold()
    participants = cell_total(g.participants for g in goals.values())
    with_goal = cell_total(g.with_goal for g in goals.values())
    contributing = [g for g in goals.values() if g.with_goal.n >= m]
    if contributing:
        people = sum(g.with_goal.n for g in contributing)
        goal_count = sum(g.goals for g in contributing)
        per_person = v.number(goal_count / people, 1)
        checked = sum(g.goals_checked_in for g in contributing)
        share = v.percent(checked / goal_count) if goal_count else v.nothing()
    else:
        hidden = v.withheld(Withheld.SMALL_GROUP) if with_goal.n else v.nothing()
        per_person = share = hidden
    return Table(
        key="goals",
        title=_("Personal goals at the end of the period (numbers only)"),
        headers=[_("Measure"), _("Value")],
        rows=[
            [v.text(_("Active participants")), v.count(participants)],
            [v.text(_("Participants with at least one goal")), v.count(with_goal)],
            [v.text(_("Goals per participant with a goal (mean)")), per_person],
            [
                v.text(_("Share of goals with a check-in in the last four weeks of the period")),
                share,
            ],
        ],
    )


def money_table(costs: dict[int, int], blocks: dict[int, sections.MoneyBlock]) -> Table:
    m = magnitude_threshold()
    rows = []
    if costs:
        mean_cost = round(sum(costs.values()) / len(costs))
        rows.append([v.text(_("Programme cost per participant (as entered)")), v.money(mean_cost)])
    else:
        rows.append([v.text(_("Programme cost per participant (as entered)")), v.nothing()])
    labels = {
        "collected": _("Contributions collected"),
        "waived": _("Contributions waived (hardship)"),
        "outstanding": _("Contributions outstanding"),
    }
    for status in sections.MONEY_STATUSES:
        rows.append([v.text(labels[status]), _money_value(blocks.values(), status, m)])
    return Table(
        key="money",
        title=_("Costs and contributions within the period"),
        headers=[_("Measure"), _("Amount")],
        rows=rows,
        note=_(
            "Totals for the whole group; nobody's own payments are shown. A cohort "
            "counts in a total when at least %(m)d people are in it; totals are changed "
            "a little for privacy."
        )
        % {"m": m},
    )


def _money_value(blocks: Iterable[sections.MoneyBlock], status: str, m: int) -> v.Value:
    """The ABS magnitude perturbation: the true total plus the cell key's noise (-2..2)
    times the largest single amount, over the cohorts with at least m people in it."""
    present = [b for b in blocks if b.cents[status]]
    if not present:
        return v.money(0)
    contributing = [b for b in present if b.people[status] >= m]
    if not contributing:
        return v.withheld(Withheld.SMALL_GROUP)
    total = sum(b.cents[status] for b in contributing)
    lines = cell_total(b.lines[status] for b in contributing)
    noise = released_count(lines) - lines.n
    largest = max(b.largest[status] for b in contributing)
    return v.money(max(0, total + noise * largest))
