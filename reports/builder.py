"""Turns the sections into the tables a report shows, with small numbers withheld.

Every figure passes through reports.suppression before it becomes text, so a table,
its CSV, XLSX and PDF can only ever show what is safe to show.
"""

import datetime
from contextlib import contextmanager
from dataclasses import dataclass, field

from django.db import connection, transaction
from django.utils import timezone
from django.utils.formats import date_format, number_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from groups.models import Membership

from . import charts, sections
from .numbers import dutch_number
from .statistics import paired_change_from_summary
from .suppression import Figure, count, over, partition, threshold

MEASURE_LABELS = {
    "weight": (gettext_lazy("Weight"), "kg"),
    "bmi": (gettext_lazy("BMI"), "kg/m²"),
    "waist": (gettext_lazy("Waist circumference"), "cm"),
    "hba1c": (gettext_lazy("HbA1c"), "mmol/mol"),
    "cholesterol_total": (gettext_lazy("Total cholesterol"), "mmol/L"),
    "ldl": (gettext_lazy("LDL cholesterol"), "mmol/L"),
    "bp_systolic": (gettext_lazy("Blood pressure, systolic"), "mmHg"),
    "bp_diastolic": (gettext_lazy("Blood pressure, diastolic"), "mmHg"),
    "glucose_drugs": (gettext_lazy("Glucose-lowering drugs (number)"), ""),
    "insulin": (gettext_lazy("Uses insulin"), "%"),
    "who5": (gettext_lazy("WHO-5 well-being (0-100)"), ""),
}
MOMENT_LABELS = {
    "month_12": gettext_lazy("12 months"),
    "month_6": gettext_lazy("6 months"),
}


@dataclass
class Table:
    key: str
    title: str
    headers: list[str]
    rows: list[list[str]]
    note: str = ""


@dataclass
class Report:
    title: str
    subtitle: str
    start: datetime.date
    end: datetime.date
    generated_at: datetime.datetime
    tables: list[Table] = field(default_factory=list)
    charts: dict[str, str] = field(default_factory=dict)
    definitions: list[str] = field(default_factory=list)


def show(figure: Figure, *, decimals: int = 0, percent: bool = False) -> str:
    """The text for a figure: the number the Dutch way, or "< 5" when withheld."""
    if figure.suppressed:
        return f"< {threshold()}"
    if figure.value is None:
        return "–"
    value = figure.value * 100 if percent else figure.value
    text = dutch_number(value, decimals)
    return f"{text}%" if percent else text


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
        yield


def build_report(*, title: str, subtitle: str, scope: sections.Scope) -> Report:
    with _report_transaction():
        return _build_report(title=title, subtitle=subtitle, scope=scope)


def _build_report(*, title: str, subtitle: str, scope: sections.Scope) -> Report:
    report = Report(
        title=title,
        subtitle=subtitle,
        start=scope.start,
        end=scope.end,
        generated_at=timezone.now(),
    )
    report.tables += _retention_tables(sections.reach_and_retention(scope))
    attendance = sections.attendance(scope)
    report.tables += _attendance_tables(attendance)
    report.charts["attendance"] = charts.attendance_chart(attendance)
    outcome_table, chart_rows = _outcome_table(sections.outcomes(scope))
    report.tables.append(outcome_table)
    report.charts["outcomes"] = charts.outcome_chart(chart_rows)
    report.tables.append(_goal_table(sections.goals(scope)))
    report.tables.append(_money_table(sections.money(scope)))
    report.definitions = definitions()
    return report


def _retention_tables(retention: sections.Retention) -> list[Table]:
    parts, enrolled = partition(
        {"active": retention.active, "left": retention.left, "finished": retention.finished},
        retention.enrolled,
    )
    fill = over(
        retention.active / retention.places if retention.places else None, retention.active
    )
    reach = Table(
        key="reach",
        title=_("Reach and retention"),
        headers=[_("Measure"), _("Number")],
        rows=[
            [_("Cohorts"), str(retention.cohorts)],
            [_("Referred by the practices"), show(count(retention.referred))],
            [_("Enrolled (accepted the agreement)"), show(enrolled)],
            [_("Active at the end of the period"), show(parts["active"])],
            [_("Left"), show(parts["left"])],
            [_("Finished the programme"), show(parts["finished"])],
            [
                _("Fill rate (active participants of %(places)d places)")
                % {"places": retention.places},
                show(fill, percent=True),
            ],
        ],
    )
    reasons, _total = partition(retention.left_reasons, retention.left)
    labels = dict(Membership.LeaveReason.choices)
    left = Table(
        key="left_reasons",
        title=_("Reasons for leaving"),
        headers=[_("Reason"), _("Number")],
        rows=[[str(labels[key]), show(figure)] for key, figure in reasons.items()],
    )
    return [reach, left]


def _attendance_tables(summary: sections.AttendanceSummary) -> list[Table]:
    buckets, total = partition(summary.buckets, summary.participants)
    overview = Table(
        key="attendance",
        title=_("Attendance"),
        headers=[_("Measure"), _("Value")],
        rows=[
            [_("Sessions held"), str(summary.sessions_held)],
            [_("Participants in the attendance register"), show(total)],
            [
                _("Mean attendance rate"),
                show(over(summary.mean_rate, summary.participants), percent=True),
            ],
            [
                _("Participants who came to less than 50 percent of sessions"),
                show(buckets["below_50"]),
            ],
            [
                _("Participants who came to 50 to 80 percent of sessions"),
                show(buckets["50_to_80"]),
            ],
            [
                _("Participants who came to more than 80 percent of sessions"),
                show(buckets["above_80"]),
            ],
        ],
    )
    per_month = Table(
        key="attendance_by_month",
        title=_("Attendance per month"),
        headers=[_("Month"), _("Sessions held"), _("Attendance rate")],
        rows=[
            [
                date_format(month.month, "F Y"),
                str(month.sessions),
                show(over(month.rate, month.participants), percent=True),
            ]
            for month in summary.months
        ],
    )
    return [overview, per_month]


def _outcome_table(results: list[sections.Outcome]) -> tuple[Table, list[dict]]:
    rows, chart_rows = [], []
    k = threshold()
    for outcome in results:
        label, unit = MEASURE_LABELS.get(outcome.measure.key, (outcome.measure.key, ""))
        name = f"{label} ({unit})" if unit and unit != "%" else str(label)
        n = outcome.n
        stats = None
        if n >= k:
            stats = paired_change_from_summary(
                outcome.pairs, lower_is_better=outcome.measure.lower_is_better
            )
        moment = str(MOMENT_LABELS[outcome.follow_up_moment])
        if stats is None:
            hidden = f"< {k}" if n else "–"
            rows.append(
                [name, moment, show(count(n)), *[hidden] * 6, show(count(outcome.left_out))]
            )
            continue
        scale = 100 if outcome.measure.binary else 1
        decimals = 0 if outcome.measure.binary else 1
        rows.append(
            [
                name,
                moment,
                str(stats.n),
                _mean_sd(stats.baseline_mean * scale, stats.baseline_sd * scale, decimals),
                _mean_sd(stats.follow_up_mean * scale, stats.follow_up_sd * scale, decimals),
                show(Figure(stats.mean_change * scale), decimals=decimals),
                f"{show(Figure(stats.ci_low * scale), decimals=decimals)} – "
                f"{show(Figure(stats.ci_high * scale), decimals=decimals)}",
                _p_value(stats.p_value),
                show(Figure(stats.share_improved), percent=True),
                show(count(outcome.left_out)),
            ]
        )
        chart_rows.append({"label": name, "stats": stats, "scale": scale})
    table = Table(
        key="outcomes",
        title=_("Outcomes: baseline and follow-up of the same participants"),
        headers=[
            _("Measure"),
            _("Follow-up"),
            _("n"),
            _("Baseline mean (SD)"),
            _("Follow-up mean (SD)"),
            _("Mean change"),
            _("Confidence interval (95%)"),
            _("p (paired t-test)"),
            _("Improved"),
            _("Left out (missing value)"),
        ],
        rows=rows,
        note=_(
            "Only participants measured at both moments count. Figures over fewer than "
            "%(k)d participants are withheld."
        )
        % {"k": k},
    )
    return table, chart_rows


def _mean_sd(mean: float, sd: float, decimals: int) -> str:
    return f"{show(Figure(mean), decimals=decimals)} ({show(Figure(sd), decimals=decimals)})"


def _p_value(p: float) -> str:
    if p < 0.001:
        return "< 0,001" if _uses_comma() else "< 0.001"
    return show(Figure(p), decimals=3)


def _uses_comma() -> bool:
    return number_format(0.5, decimal_pos=1, use_l10n=True) == "0,5"


def _goal_table(summary: sections.GoalSummary) -> Table:
    share = over(
        summary.goals_with_recent_check_in / summary.goals if summary.goals else None,
        summary.participants_with_goal,
    )
    return Table(
        key="goals",
        title=_("Personal goals (numbers only)"),
        headers=[_("Measure"), _("Number")],
        rows=[
            [_("Active participants"), show(count(summary.participants))],
            [
                _("Participants with at least one goal"),
                show(count(summary.participants_with_goal)),
            ],
            [_("Goals set"), show(over(summary.goals, summary.participants_with_goal))],
            [
                _("Share of goals with a check-in in the last four weeks"),
                show(share, percent=True),
            ],
        ],
    )


def _money_table(money: sections.Money) -> Table:
    from contributions.templatetags.money import euro_cents

    per_participant = (
        euro_cents(money.cost_per_participant_cents)
        if money.cost_per_participant_cents is not None
        else _("not entered")
    )
    return Table(
        key="money",
        title=_("Costs and contributions"),
        headers=[_("Measure"), _("Amount")],
        rows=[
            [_("Programme cost per participant (as entered)"), per_participant],
            [_("Contributions collected"), euro_cents(money.collected_cents)],
            [_("Contributions waived (hardship)"), euro_cents(money.waived_cents)],
            [_("Contributions outstanding"), euro_cents(money.outstanding_cents)],
        ],
        note=_("Totals for the whole group; nobody's own payments are shown."),
    )


def definitions() -> list[str]:
    k = threshold()
    return [
        _(
            "Enrolled: referred by the practice, with the GP's consent, and accepted the "
            "programme agreement."
        ),
        _("Active: enrolled and not left or finished at the end of the period."),
        _(
            "Attendance rate: sessions present divided by sessions recorded in the register, "
            "per participant; sessions that were cancelled do not count."
        ),
        _(
            "Outcomes: for each measure, participants with a value at the start (baseline) and "
            "at 12 months (or 6 months while there are no 12-month values yet); the value "
            "nearest each moment within its window counts."
        ),
        _(
            "Change: follow-up minus baseline; confidence interval (95%) and p-value from a "
            "paired t-test (SciPy)."
        ),
        _(
            "Improved: a lower value (for well-being scores: a higher one) at follow-up than "
            "at baseline."
        ),
        _(
            'Small numbers: every figure about fewer than %(k)d people is shown as "< %(k)d"; '
            "where such a number could be worked out from the others, a second figure is "
            "withheld as well."
        )
        % {"k": k},
    ]
