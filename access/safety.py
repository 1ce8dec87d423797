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
"""

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import Http404

from accounts.models import User
from groups.models import Practice
from safety.models import Alert
from safety.roles import people_related, practice_relations, practices_related

from .policy import Action

ALERT_RULES: dict[Action, frozenset[str]] = {
    Action.VIEW_ALERT: frozenset({"nurse", "second_contact"}),
    Action.HANDLE_ALERT: frozenset({"nurse", "second_contact"}),
    Action.VIEW_ALERT_STATUS: frozenset({"nurse", "second_contact", "manager"}),
}
PRACTICE_RULES: dict[Action, frozenset[str]] = {
    Action.VIEW_ALERTS: frozenset({"nurse", "second_contact", "manager"}),
    Action.SET_PROTOCOL: frozenset({"nurse"}),
}
NOTIFY: dict[str, frozenset[str]] = {
    "new": frozenset({"nurse"}),
    "escalated": frozenset({"second_contact", "manager"}),
}


def handles(obj) -> bool:
    return isinstance(obj, Alert | Practice)


def alert_relations(user, alert: Alert) -> frozenset[str]:
    """The user's relations to the alert's practice; "manager" only once it escalated."""
    relations = practice_relations(user, alert.practice)
    if alert.escalated_at is None:
        relations = relations - {"manager"}
    return relations


def may(user, action: Action, obj) -> bool:
    if not (user.is_authenticated and user.is_active):
        return False
    if user.is_superuser:
        return True
    if isinstance(obj, Alert):
        return bool(alert_relations(user, obj) & ALERT_RULES[action])
    return bool(practice_relations(user, obj) & PRACTICE_RULES[action])


def get_alert_for_user(user, pk: int, action: Action) -> Alert:
    """The alert if the user may take the action: 404 to everyone outside its practice."""
    alert = (
        Alert.objects.select_related(
            "practice__organisation", "person", "acknowledged_by", "reading", "hypo_report"
        )
        .filter(pk=pk)
        .first()
    )
    if alert is None or not (user.is_superuser or alert_relations(user, alert)):
        raise Http404
    if not may(user, action, alert):
        raise PermissionDenied
    return alert


def get_practice_for_user(user, pk: int, action: Action) -> Practice:
    practice = Practice.objects.select_related("organisation").filter(pk=pk).first()
    if practice is None or not (user.is_superuser or practice_relations(user, practice)):
        raise Http404
    if not may(user, action, practice):
        raise PermissionDenied
    return practice


def alert_practices_for(user) -> QuerySet[Practice]:
    """Practices whose alerts the user sees in full: as their nurse or second contact."""
    if user.is_authenticated and user.is_superuser:
        return Practice.objects.all()
    return practices_related(user, ALERT_RULES[Action.VIEW_ALERT])


def escalation_practices_for(user) -> QuerySet[Practice]:
    """Practices whose escalated alerts the user follows up without seeing them in full."""
    return practices_related(
        user, ALERT_RULES[Action.VIEW_ALERT_STATUS] - ALERT_RULES[Action.VIEW_ALERT]
    )


def recipients(practice: Practice, event: str) -> QuerySet[User]:
    """Who is told of this event ("new", "escalated") about an alert of the practice."""
    return people_related(practice, NOTIFY[event])
