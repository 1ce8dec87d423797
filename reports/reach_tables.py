"""The reach, retention, cohort and attendance tables of a report, under disclosure control.

Counts are released by the cell-key method; rates only over cohorts (or cohort-months)
that reach the magnitude threshold themselves (reports.disclosure).
"""

import datetime
from collections.abc import Sequence

from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from groups.models import Membership

from . import sections
from . import values as v
from .attendance_blocks import CohortAttendance, MonthAttendance
from .disclosure import Withheld, cell_total, magnitude_threshold, released_count
from .report import Table


def count_header() -> str:
    """The header of a column of counts of people: "Aantal". The msgid "Number" alone is
    also Wagtail's form field type ("Nummer"), and that catalog can win."""
    return pgettext("column of a count of people", "Number")


def retention_tables(retention: dict[int, sections.Retention]) -> list[Table]:
    totals = {
        name: cell_total(r.cells[name] for r in retention.values())
        for name in sections.RETENTION_CELLS
    }
    released = {name: released_count(cell) for name, cell in totals.items()}
    places = len(retention) * sections.PLACES_PER_COHORT
    reach = Table(
        key="reach",
        title=_("Reach and retention at the end of the period"),
        headers=[_("Measure"), count_header()],
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
        key: cell_total(r.left_reasons[key] for r in retention.values())
        for key in Membership.LeaveReason.values
    }
    left = Table(
        key="left_reasons",
        title=_("Reasons for leaving"),
        headers=[_("Reason"), count_header()],
        rows=[[v.text(labels[key]), v.count(cell)] for key, cell in reasons.items()],
    )
    return [reach, left]


def _rate(blocks: Sequence[CohortAttendance | MonthAttendance]) -> v.Value:
    """The attendance rate over blocks that reach the magnitude threshold: attendances
    over register entries, both perturbed."""
    if not blocks:
        return v.nothing()
    present = released_count(cell_total(b.present for b in blocks))
    recorded = released_count(cell_total(b.recorded for b in blocks))
    return v.share(min(present, recorded), recorded)


def cohort_table(
    scope: sections.Scope,
    retention: dict[int, sections.Retention],
    per_cohort: dict[int, CohortAttendance],
) -> Table:
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


def attendance_tables(
    per_cohort: dict[int, CohortAttendance],
    per_month: dict[tuple[int, datetime.date], MonthAttendance],
) -> list[Table]:
    m = magnitude_threshold()
    people = cell_total(b.people for b in per_cohort.values())
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
                v.count(cell_total(b.below_50 for b in per_cohort.values())),
            ],
            [
                v.text(_("Participants who came to 50 to 80 percent of sessions")),
                v.count(cell_total(b.middle for b in per_cohort.values())),
            ],
            [
                v.text(_("Participants who came to more than 80 percent of sessions")),
                v.count(cell_total(b.above_80 for b in per_cohort.values())),
            ],
        ],
    )
    months: dict[datetime.date, list[MonthAttendance]] = {}
    for (_cohort, month), block in per_month.items():
        months.setdefault(month, []).append(block)
    rows = []
    for month in sorted(months):
        blocks = months[month]
        counted = [b for b in blocks if b.largest >= m]
        rate = _rate(counted) if counted else v.withheld(Withheld.SMALL_GROUP)
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
