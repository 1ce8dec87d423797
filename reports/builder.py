"""Builds a report: the sections turned into the tables it shows, under disclosure control.

Every figure passes through reports.disclosure before it becomes a Value, so a table,
its CSV, XLSX and PDF can only ever show what is safe to show: counts perturbed by the
cell-key method, magnitudes only over groups (and blocks) of at least the magnitude
threshold. docs/disclosure-control.md explains the method.
The tables themselves: reports.reach_tables (reach, retention, cohorts, attendance),
reports.outcome_tables (outcomes, completeness), reports.goal_money_tables,
reports.retention_months (retention by month, first session) and reports.safety_tables
(alerts).
"""

import gc
from collections.abc import Iterator
from contextlib import contextmanager

from django.utils import timezone
from django.utils.translation import gettext as _

from . import charts, sections
from .disclosure import magnitude_threshold, threshold
from .goal_money_tables import goal_table, money_table
from .outcome_tables import (
    COMPLETENESS_HEADERS,
    HEADERS,
    Gathered,
    completeness_rows,
    outcome_rows,
)
from .reach_tables import attendance_tables, cohort_table, retention_tables
from .report import Report, Table
from .retention_months import (
    first_session_table,
    retention_by_month,
    retention_month_table,
)
from .safety_tables import alert_people, alert_table
from .snapshot import ReportTransaction, report_transaction

__all__ = ["Report", "Table", "build_report", "definitions", "disclosure_note"]


@contextmanager
def _collector_paused() -> Iterator[None]:
    """The cyclic garbage collector off while a report is built. A report of a thousand
    cohorts makes a few hundred thousand short-lived rows, cells and values, which trigger
    full collections of the whole process (about a tenth of the report's Python time)
    while making no reference cycles; what is left is collected after. Only switched
    back on if it was on (another thread may have paused it, and switches it on itself)."""
    paused = gc.isenabled()
    if paused:
        gc.disable()
    try:
        yield
    finally:
        if paused:
            gc.enable()


def build_report(
    *, title: str, subtitle: str, scope: sections.Scope, period_label: str = ""
) -> Report:
    with _collector_paused(), report_transaction(len(scope.cohort_ids)) as read:
        report = Report(
            title=title,
            subtitle=subtitle,
            start=scope.start,
            end=scope.end,
            generated_at=timezone.now(),
            period_label=period_label,
        )
        _fill(report, scope, read)
        return report


def _fill(report: Report, scope: sections.Scope, read: ReportTransaction) -> None:
    # the register and the smaller sections on a second connection while this one reads
    # reach and the outcomes: two queries of a few hundred milliseconds each for a
    # programme (reports.snapshot)
    alongside = read.alongside(_register_goals_alerts_money, scope)
    retention = sections.reach_and_retention(scope)
    measures, blocks, expected = sections.outcomes(scope)
    (per_cohort, per_month, first), by_month, goals, alerts, money = alongside()
    report.tables += retention_tables(retention)
    report.tables.append(retention_month_table(scope, by_month))
    if len(scope.cohort_ids) > 1:
        report.tables.append(cohort_table(scope, retention, per_cohort))
    report.tables += attendance_tables(per_cohort, per_month)
    report.tables.append(first_session_table(first))
    report.charts["attendance"] = charts.attendance_chart(report.table("attendance_by_month"))
    gathered = Gathered(blocks, expected, scope.cohort_ids)
    rows, chart_rows = outcome_rows(measures, blocks, expected, scope.cohort_ids, gathered)
    report.tables.append(
        Table(
            key="outcomes",
            title=_("Outcomes: start and follow-up of the same participants"),
            headers=[str(header) for header in HEADERS],
            rows=rows,
            note=_outcome_note(),
        )
    )
    report.charts["outcomes"] = charts.outcome_chart(chart_rows)
    report.tables.append(
        Table(
            key="completeness",
            title=_("Completeness of the measurements"),
            headers=[str(header) for header in COMPLETENESS_HEADERS],
            rows=completeness_rows(measures, blocks, expected, scope.cohort_ids, gathered),
            note=_(
                "Expected: enrolled by the end of the period and not left before the "
                "measuring window opened. Left out: people with a value at only one of the "
                "two moments; they are not in the outcome figures."
            ),
        )
    )
    report.tables.append(goal_table(goals))
    report.tables.append(alert_table(alerts))
    report.tables.append(money_table(*money))
    report.definitions = definitions()
    report.disclosure_note = disclosure_note()


def _register_goals_alerts_money(scope: sections.Scope):
    return (
        sections.attendance_and_first_sessions(scope),
        retention_by_month(scope),
        sections.goals(scope),
        alert_people(scope),
        sections.money(scope),
    )


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
            "Retention by month since the start: of everyone enrolled in the cohorts that "
            "reached that month within the period, those who had not left by the day that "
            "many months after the cohort's start (intention to treat; finishing is not "
            "leaving). Both numbers follow the privacy rules for numbers of people."
        ),
        _(
            "Days from referral to the first session: for the participants whose first "
            "session attended was within the period, the days between the referral by the "
            "practice and that session; the median (half waited shorter, half longer). "
            "Only over groups of at least %(m)d people who had their first session in the "
            "same cohort and month."
        )
        % {"m": magnitude_threshold()},
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
        _(
            "Safety net: participants with at least one alert of that kind to the practice "
            "within the period (hypo, severe hypo, repeatedly high glucose), in the cohort "
            "they took part in when the alert came. A count of people, not of alerts: "
            "someone with three hypos counts once. The same privacy rules as every other "
            "number of people."
        ),
        _(
            'Change in medication: the outcome "number of glucose-lowering drugs". The '
            "medication list records it with every change, so it is not counted twice."
        ),
        disclosure_note(),
    ]
