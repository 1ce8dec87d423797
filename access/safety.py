"""Fetch-and-check and lists for the safety net's alerts and practices (safety/).

The rules are in ``access.policy.safety``: 404 to everyone outside the alert's practice,
403 to those related to it whom the action is not allowed.
"""

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import Http404

from accounts.models import User
from groups.models import Practice
from groups.roles import AnyUser
from safety.models import Alert
from safety.roles import (
    organisation_staff,
    people_related,
    practice_relations,
    practices_related,
)

from .policy import Action, may
from .policy.safety import ALERT_RULES, NOTIFY, SECOND_CONTACT_ROLES, alert_relations


def get_alert_for_user(user: AnyUser, pk: int, action: Action) -> Alert:
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


def get_practice_for_user(user: AnyUser, pk: int, action: Action) -> Practice:
    practice = Practice.objects.select_related("organisation").filter(pk=pk).first()
    if practice is None or not (user.is_superuser or practice_relations(user, practice)):
        raise Http404
    if not may(user, action, practice):
        raise PermissionDenied
    return practice


def alert_practices_for(user: AnyUser) -> QuerySet[Practice]:
    """Practices whose alerts the user sees in full: as their nurse or second contact."""
    if user.is_authenticated and user.is_superuser:
        return Practice.objects.all()
    return practices_related(user, ALERT_RULES[Action.VIEW_ALERT])


def escalation_practices_for(user: AnyUser) -> QuerySet[Practice]:
    """Practices whose escalated alerts the user follows up without seeing them in full."""
    return practices_related(
        user, ALERT_RULES[Action.VIEW_ALERT_STATUS] - ALERT_RULES[Action.VIEW_ALERT]
    )


def recipients(practice: Practice, event: str) -> QuerySet[User]:
    """Who is told of this event ("new", "escalated") about an alert of the practice."""
    return people_related(practice, NOTIFY[event])


def second_contact_candidates(practice: Practice) -> QuerySet[User]:
    """The people the practice's nurse may name as its second contact for escalations."""
    return organisation_staff(practice, SECOND_CONTACT_ROLES)
