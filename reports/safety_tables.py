"""The safety-net section of a report: people with an alert, per kind, under disclosure
control.

A count is about people: per cohort and kind, the participants with at least one alert of
that kind within the period (a person with three hypos is one person), released by the
cell-key method like every other count (reports.disclosure). An alert belongs to the
cohort of the participant's membership that was active when it was raised. One query
for every cohort of the report.
"""

from django.utils.translation import gettext as _

from groups.models import Membership

from . import sections
from . import values as v
from .disclosure import Cell, cell_total
from .reach_tables import count_header
from .report import Table

_PEOPLE_SQL = """
SELECT cohort_id, kind, COUNT(*), COALESCE(SUM({key}), 0)
FROM (
    SELECT DISTINCT ms.id, ms.cohort_id, ms.person_id, al.kind
    FROM {membership} ms
    JOIN {alert} al ON al.person_id = ms.person_id
    WHERE {in_cohorts} AND ms.role IN ({roles}) AND ms.accepted_at < %s
      AND al.created_at >= %s AND al.created_at < %s
      AND al.created_at >= ms.accepted_at AND (ms.ended_at IS NULL OR al.created_at < ms.ended_at)
) people
GROUP BY cohort_id, kind
"""


def alert_people(scope: sections.Scope) -> dict[int, dict[str, Cell]]:
    """Per cohort and alert kind: the participants with at least one alert of that kind
    within the period, raised while their membership of that cohort was active (accepted,
    and not yet ended). One grouped join of memberships and the period's alerts: a
    membership counts once per kind, however many alerts it had."""
    from django.db import connection

    from safety.models import Alert

    from .disclosure import record_key_sql
    from .pairing import _in_list, _in_params

    kinds = list(Alert.Kind.values)
    result = {pk: {kind: Cell() for kind in kinds} for pk in scope.cohort_ids}
    if not scope.cohort_ids:
        return result
    roles = list(Membership.PARTICIPANT_ROLES)
    quote = connection.ops.quote_name
    sql = _PEOPLE_SQL.format(
        key=record_key_sql("person_id"),
        membership=quote(Membership._meta.db_table),
        alert=quote(Alert._meta.db_table),
        in_cohorts=_in_list("ms.cohort_id", len(scope.cohort_ids)),
        roles=", ".join(["%s"] * len(roles)),
    )
    end = scope.end_of_period
    params = [*_in_params(list(scope.cohort_ids)), *roles, end, scope.start_of_period, end]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        for cohort_id, kind, n, keys in cursor.fetchall():
            if kind in result[cohort_id]:
                result[cohort_id][kind] = Cell(n, int(keys))
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
