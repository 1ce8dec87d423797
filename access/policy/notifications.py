"""Notification settings (notifications/, ``may(user, action, person)``): a person's own
choice of e-mails is theirs alone to see and change."""

from accounts.models import User
from groups.roles import AnyUser

from .actions import Action, actions_allowed

SELF = "self"

NOTIFICATION_RULES: dict[Action, frozenset[str]] = {
    Action.EDIT_NOTIFICATION_SETTINGS: frozenset({SELF}),
}


def notification_relations(user: AnyUser, person: User) -> frozenset[str]:
    """How the user relates to the person whose settings these are."""
    return frozenset({SELF}) if user.is_authenticated and user.pk == person.pk else frozenset()


def notification_actions(user: AnyUser, person: User) -> frozenset[Action]:
    """The notification actions the user may take on this person's settings."""
    return actions_allowed(user, NOTIFICATION_RULES, notification_relations(user, person))
