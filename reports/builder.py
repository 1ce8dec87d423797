"""Turns the sections into the tables a report shows, under disclosure control.

Every figure passes through reports.disclosure before it becomes a Value, so a table,
its CSV, XLSX and PDF can only ever show what is safe to show: counts perturbed by the
cell-key method, magnitudes only over groups (and blocks) of at least the magnitude
threshold. docs/disclosure-control.md explains the method.
"""

import datetime
from contextlib import contextmanager
from dataclasses import dataclass, field

from django.db import connection, transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from groups.models import Membership

from . import charts, sections
from . import values as v
from .disclosure import Cell, Withheld, cell_total, magnitude_threshold, released_count, threshold
from .outcome_tables import COMPLETENESS_HEADERS, HEADERS, completeness_rows, outcome_rows


@dataclass
class Table:
    key: str
    title: str
    headers: list[str]
    rows: list[list[v.Value]]
    note: str = ""
    footnotes: list[str] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.headers = [str(header) for header in self.headers]
        self.footnotes = v.footnotes(self.rows)


@dataclass
class Report:
    title: str
    subtitle: str
    start: datetime.date
    end: datetime.date
    generated_at: datetime.datetime
    period_label: str = ""
    tables: list[Table] = field(default_factory=list)
    charts: dict[str, str] = field(default_factory=dict)
    definitions: list[str] = field(default_factory=list)
    disclosure_note: str = ""

    def table(self, key: str) -> Table:
        return next(table for table in self.tables if table.key == key)


# Report queries sort and group hundreds of thousands of rows for a large programme;
# PostgreSQL's default work_mem (4 MB) makes them spill to disk.
REPORT_WORK_MEM = "64MB"


@contextmanager
def _report_transaction():
    """One read transaction for every section, with room to sort in memory."""
    with transaction.atomic():
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SELECT set_config('work_mem', %s, true)", [REPORT_WORK_MEM])
                # the wide aggregates cost more to JIT-compile than to run
                cursor.execute("SELECT set_config('jit', 'off', true)")
        yield


def build_report(
    *, title: str, subtitle: str, scope: sections.Scope, period_label: str = ""
) -> Report:
    with _report_transaction():
        report = Report(
            title=title,
            subtitle=subtitle,
            start=scope.start,
            end=scope.end,
            generated_at=timezone.now(),
            period_label=period_label,
        )
        _fill(report, scope)
        return report


def _fill(report: Report, scope: sections.Scope) -> None:
    retention = sections.reach_and_retention(scope)
    per_cohort, per_month = sections.attendance(scope)
    measures, blocks, expected = sections.outcomes(scope)
    report.tables += _retention_tables(retention)
    if len(scope.cohort_ids) > 1:
        report.tables.append(_cohort_table(scope, retention, per_cohort))
    report.tables += _attendance_tables(per_cohort, per_month)
    report.charts["attendance"] = charts.attendance_chart(report.table("attendance_by_month"))
    rows, chart_rows = outcome_rows(measures, blocks, expected, scope.cohort_ids)
    report.tables.append(
        Table(
            key="outcomes",
            title=_("Outcomes: start and follow-up of the same participants"),
            headers=HEADERS,
            rows=rows,
            note=_outcome_note(),
        )
    )
    report.charts["outcomes"] = charts.outcome_chart(chart_rows)
    report.tables.append(
        Table(
            key="completeness",
            title=_("Completeness of the measurements"),
            headers=COMPLETENESS_HEADERS,
            rows=completeness_rows(measures, blocks, expected, scope.cohort_ids),
            note=_(
                "Expected: enrolled by the end of the period and not left before the "
                "measuring window opened. Left out: people with a value at only one of the "
                "two moments; they are not in the outcome figures."
            ),
        )
    )
    report.tables.append(_goal_table(sections.goals(scope)))
    report.tables.append(_money_table(*sections.money(scope)))
    report.definitions = definitions()
    report.disclosure_note = disclosure_note()


def _total(cells) -> Cell:
    return cell_total(cells)


def _retention_tables(retention: dict[int, sections.Retention]) -> list[Table]:
    totals = {
        name: _total(r.cells[name] for r in retention.values())
        for name in sections.RETENTION_CELLS
    }
    released = {name: released_count(cell) for name, cell in totals.items()}
    places = len(retention) * sections.PLACES_PER_COHORT
    reach = Table(
        key="reach",
        title=_("Reach and retention at the end of the period"),
        headers=[_("Measure"), _("Number")],
        rows=[
            [v.text(_("Cohorts")), v.exact_count(len(retention))],
            [v.text(_("Referred by the practices")), v.count(totals["referred"])],
            [v.text(_("Enrolled (accepted the agreement)")), v.count(totals["enrolled"])],
            [v.text(_("Active at the end of the period")), v.count(totals["active"])],
            [v.text(_("Left")), v.count(totals["left"])],
            [v.text(_("Finished the programme")), v.count(totals["finished"])],
            [
                v.text(
                    _("Fill rate (active participants of %(places)d places)") % {"places": places}
                ),
                v.share(released["active"], places),
            ],
            [
                v.text(_("Still taking part or finished, of everyone enrolled")),
                v.share(released["active"] + released["finished"], released["enrolled"]),
            ],
        ],
    )
    labels = dict(Membership.LeaveReason.choices)
    reasons = {
        key: _total(r.left_reasons[key] for r in retention.values())
        for key in Membership.LeaveReason.values
    }
    left = Table(
        key="left_reasons",
        title=_("Reasons for leaving"),
        headers=[_("Reason"), _("Number")],
        rows=[[v.text(labels[key]), v.count(cell)] for key, cell in reasons.items()],
    )
    return [reach, left]


def _rate(blocks) -> v.Value:
    """The attendance rate over blocks that reach the magnitude threshold: attendances
    over register entries, both perturbed."""
    if not blocks:
        return v.nothing()
    present = released_count(_total(b.present for b in blocks))
    recorded = released_count(_total(b.recorded for b in blocks))
    return v.share(min(present, recorded), recorded)


def _cohort_table(scope, retention, per_cohort) -> Table:
    names = sections.cohort_names(scope)
    m = magnitude_threshold()
    rows = []
    for pk, name in names.items():
        cells = retention[pk].cells
        attendance = per_cohort.get(pk)
        if attendance is None or not attendance.people.n:
            rate = v.nothing()
        elif attendance.people.n < m:
            rate = v.withheld(Withheld.SMALL_GROUP)
        else:
            rate = _rate([attendance])
        rows.append(
            [
                v.text(name),
                v.count(cells["enrolled"]),
                v.count(cells["active"]),
                v.count(cells["left"]),
                rate,
            ]
        )
    return Table(
        key="cohorts",
        title=_("The cohorts side by side"),
        headers=[_("Cohort"), _("Enrolled"), _("Active at the end"), _("Left"), _("Attendance")],
        rows=rows,
        note=_("Each row follows the same privacy rules as the whole report."),
    )


def _attendance_tables(per_cohort, per_month) -> list[Table]:
    m = magnitude_threshold()
    people = _total(b.people for b in per_cohort.values())
    contributing = [b for b in per_cohort.values() if b.people.n >= m]
    if people.n and not contributing:
        rate = v.withheld(Withheld.SMALL_GROUP)
    else:
        rate = _rate(contributing)
    sessions_held = sum(block.sessions for block in per_month.values())
    overview = Table(
        key="attendance",
        title=_("Attendance within the period"),
        headers=[_("Measure"), _("Value")],
        rows=[
            [v.text(_("Sessions held")), v.exact_count(sessions_held)],
            [v.text(_("Participants in the attendance register")), v.count(people)],
            [v.text(_("Attendance rate")), rate],
            [
                v.text(_("Participants who came to less than 50 percent of sessions")),
                v.count(_total(b.below_50 for b in per_cohort.values())),
            ],
            [
                v.text(_("Participants who came to 50 to 80 percent of sessions")),
                v.count(_total(b.middle for b in per_cohort.values())),
            ],
            [
                v.text(_("Participants who came to more than 80 percent of sessions")),
                v.count(_total(b.above_80 for b in per_cohort.values())),
            ],
        ],
    )
    months: dict[datetime.date, list] = {}
    for (_cohort, month), block in per_month.items():
        months.setdefault(month, []).append(block)
    rows = []
    for month in sorted(months):
        blocks = months[month]
        contributing = [b for b in blocks if b.largest >= m]
        rate = _rate(contributing) if contributing else v.withheld(Withheld.SMALL_GROUP)
        rows.append(
            [
                _month_value(month),
                v.exact_count(sum(b.sessions for b in blocks)),
                rate,
            ]
        )
    per_month_table = Table(
        key="attendance_by_month",
        title=_("Attendance per month"),
        headers=[_("Month"), _("Sessions held"), _("Attendance rate")],
        rows=rows,
    )
    return [overview, per_month_table]


def _month_value(month: datetime.date) -> v.Value:
    return v.Value(date_format(month, "F Y"), month, "month")


def _goal_table(goals: dict[int, sections.Goals]) -> Table:
    m = magnitude_threshold()
    participants = _total(g.participants for g in goals.values())
    with_goal = _total(g.with_goal for g in goals.values())
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


def _money_table(costs: dict[int, int], blocks: dict) -> Table:
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


def _money_value(blocks, status: str, m: int) -> v.Value:
    """The ABS magnitude perturbation: the true total plus the cell key's noise (-2..2)
    times the largest single amount, over the cohorts with at least m people in it."""
    present = [b for b in blocks if b.cents[status]]
    if not present:
        return v.money(0)
    contributing = [b for b in present if b.people[status] >= m]
    if not contributing:
        return v.withheld(Withheld.SMALL_GROUP)
    total = sum(b.cents[status] for b in contributing)
    lines = _total(b.lines[status] for b in contributing)
    noise = released_count(lines) - lines.n
    largest = max(b.largest[status] for b in contributing)
    return v.money(max(0, total + noise * largest))


def _outcome_note() -> str:
    return _(
        "Each moment has its own pairs: participants measured at the start and at that "
        "moment; per moment the value nearest the target date within its window counts. "
        "The confidence interval (95%%) shows where the true mean change probably lies; "
        "p is the chance of a change at least this large if nothing really changed "
        "(paired t-test; for yes/no measures McNemar's exact test). Many figures are "
        "tested at once, so about 1 in 20 shows p below 0.05 by chance. Clinically "
        "relevant: at least 5%% weight loss, or an HbA1c fall of at least 5 mmol/mol. "
        "Means and shares only over at least %(m)d people."
    ) % {"m": magnitude_threshold()}


def disclosure_note() -> str:
    k = threshold()
    return _(
        "To protect the participants' privacy, the numbers of people in this report are "
        "changed a little: at most 2 up or down. Numbers from 1 to %(k1)d are shown as 0 or "
        "%(k)d. So totals may not add up exactly. Means, shares and amounts are only shown "
        "for groups of at least %(m)d people."
    ) % {"k": k, "k1": k - 1, "m": magnitude_threshold()}


def definitions() -> list[str]:
    return [
        _(
            "Period: reach, retention and goals at the end of the period; attendance and "
            "money within it; outcomes of the measuring moments whose window closed within it."
        ),
        _(
            "Enrolled: referred by the practice, with the GP's consent, and accepted the "
            "programme agreement."
        ),
        _("Active: enrolled and not left or finished at the end of the period."),
        _(
            "Still taking part or finished, of everyone enrolled: counted over everyone "
            "who enrolled (intention to treat). Outcomes count only the people measured."
        ),
        _(
            "Attendance rate: all attendances divided by all entries in the attendance "
            "register; sessions that were cancelled do not count."
        ),
        _(
            "Outcomes: per measure and moment (6 and 12 months), participants with a value "
            "at the start and at that moment; the value nearest the moment's date within "
            "its window counts."
        ),
        _(
            "Change: follow-up minus start. Effect size d_z: the mean change divided by the "
            "standard deviation of the changes (0.2 small, 0.5 medium, 0.8 large)."
        ),
        _(
            "Improved: a lower value (for well-being scores: a higher one) at follow-up than "
            "at the start."
        ),
        disclosure_note(),
    ]
