"""Who may do what with the safety net's alerts and practice protocols (safety/).

The practice is the one the participant belonged to when the alert was made; relations
are facts from ``safety.roles``.

Alert actions (``may(user, action, alert)``)::

    action              nurse of the practice  second contact  manager of the org  others
    view_alert                   x                   x                 -             -
    handle_alert                 x                   x                 -             -
    view_alert_status            x                   x                 x*            -

    * only once the alert has escalated; the status page has no name and no health data

Practice actions (``may(user, action, practice)``)::

    action              nurse of the practice  second contact  manager of the org  others
    view_alerts (worklist)       x                   x                 x**           -
    set_protocol                 x                   -                 -             -

    ** the worklist shows the manager escalated alerts only, without names

Who is told (``NOTIFY``): of a new alert, the nurses of the practice; of an escalation,
the practice's second contact and the organisation's programme managers. Coaches,
aanjagers and funders are never told; another practice's nurse gets nothing.

Who may be named the second contact (``SECOND_CONTACT_ROLES``): a practice nurse or a
programme manager of the practice's organisation.
"""

from groups.models import Practice, StaffRole
from groups.roles import AnyUser
from safety.models import Alert
from safety.roles import practice_relations

from .actions import Action

ALERT_RULES: dict[Action, frozenset[str]] = {
    Action.VIEW_ALERT: frozenset({"nurse", "second_contact"}),
    Action.HANDLE_ALERT: frozenset({"nurse", "second_contact"}),
    Action.VIEW_ALERT_STATUS: frozenset({"nurse", "second_contact", "manager"}),
}
PRACTICE_RULES: dict[Action, frozenset[str]] = {
    Action.VIEW_ALERTS: frozenset({"nurse", "second_contact", "manager"}),
    Action.SET_PROTOCOL: frozenset({"nurse"}),
}
SECOND_CONTACT_ROLES = frozenset({StaffRole.Role.PRACTICE_NURSE, StaffRole.Role.MANAGER})
NOTIFY: dict[str, frozenset[str]] = {
    "new": frozenset({"nurse"}),
    "escalated": frozenset({"second_contact", "manager"}),
}


def alert_relations(user: AnyUser, alert: Alert) -> frozenset[str]:
    """The user's relations to the alert's practice; "manager" only once it escalated."""
    relations = practice_relations(user, alert.practice)
    if alert.escalated_at is None:
        relations = relations - {"manager"}
    return relations


def safety_allows(user: AnyUser, action: Action, obj: Alert | Practice) -> bool:
    """The rule for an alert or a practice (``may`` has already let superusers through)."""
    if isinstance(obj, Alert):
        return bool(alert_relations(user, obj) & ALERT_RULES[action])
    return bool(practice_relations(user, obj) & PRACTICE_RULES[action])
