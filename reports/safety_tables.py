"""The safety-net section of a report: people with an alert, per kind, under disclosure
control.

A count is about people: per cohort and kind, the participants with at least one alert of
that kind within the period (a person with three hypos is one person), released by the
cell-key method like every other count (reports.disclosure). An alert belongs to the
cohort of the participant's membership that was active when it was raised. One query
for every cohort of the report.
"""

from collections.abc import Iterable, Mapping
from typing import Any

from django.db.models import Aggregate, Count, DateTimeField, Exists, OuterRef, Sum, Value
from django.db.models.functions import Coalesce
from django.utils.translation import gettext as _

from groups.models import Membership

from . import sections
from . import values as v
from .disclosure import Cell, RecordKey, cell_total
from .pairing import ids_in
from .reach_tables import count_header
from .report import Table


def alert_people(scope: sections.Scope) -> dict[int, dict[str, Cell]]:
    """Per cohort and alert kind: the participants with at least one alert of that kind
    within the period, raised while their membership of that cohort was active."""
    from safety.models import Alert

    kinds = list(Alert.Kind.values)
    end = scope.end_of_period
    aggregates: dict[str, Aggregate] = {}
    for kind in kinds:
        had_one = Exists(
            Alert.objects.filter(
                person_id=OuterRef("person_id"),
                kind=kind,
                created_at__gte=scope.start_of_period,
                created_at__lt=end,
            ).filter(
                # while the membership was active: accepted, and not yet ended
                created_at__gte=OuterRef("accepted_at"),
                created_at__lt=Coalesce(
                    OuterRef("ended_at"), Value(end), output_field=DateTimeField()
                ),
            )
        )
        aggregates[f"{kind}_n"] = Count("pk", filter=had_one)
        aggregates[f"{kind}_k"] = Sum(RecordKey("person_id"), filter=had_one, default=0)
    rows: Iterable[Mapping[str, Any]] = (
        Membership.objects.filter(
            cohort_id__in=ids_in(scope.cohort_ids),
            role__in=Membership.PARTICIPANT_ROLES,
            accepted_at__lt=end,
        )
        .values("cohort_id")
        .annotate(**aggregates)
        .order_by()
    )
    result = {pk: {kind: Cell() for kind in kinds} for pk in scope.cohort_ids}
    for row in rows:
        result[row["cohort_id"]] = {
            kind: Cell(row[f"{kind}_n"], int(row[f"{kind}_k"])) for kind in kinds
        }
    return result


def alert_table(people: dict[int, dict[str, Cell]]) -> Table:
    from safety.models import Alert

    labels: dict[str, str] = {
        Alert.Kind.HYPO: _("Participants with at least one hypo"),
        Alert.Kind.SEVERE_HYPO: _(
            "Participants with at least one severe hypo (someone else had to help)"
        ),
        Alert.Kind.REPEATED_HIGH: _("Participants with repeatedly high glucose"),
    }
    rows = [
        [v.text(labels[kind]), v.count(cell_total(cells[kind] for cells in people.values()))]
        for kind in Alert.Kind.values
    ]
    return Table(
        key="safety_alerts",
        title=_("Safety net: alerts to the practice within the period"),
        headers=[_("Measure"), count_header()],
        rows=rows,
        note=_(
            "Participants, not alerts: someone with three hypos counts once. A change in "
            'medication shows in the outcome "number of glucose-lowering drugs".'
        ),
    )
