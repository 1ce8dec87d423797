"""Organisation actions (``may(user, action, organisation)``) for its managers and nurses."""

from groups.roles import AnyUser, Role, staff_roles_anywhere

from .actions import Action, actions_allowed, is_active_person
from .attention import ATTENTION_ORGANISATION_RULES
from .cohorts import M, N

ORGANISATION_RULES: dict[Action, frozenset[Role]] = {
    Action.MANAGE_ORGANISATION: frozenset({M}),
    Action.CREATE_COHORT: frozenset({M}),
    Action.REFER_PARTICIPANT: frozenset({M, N}),
    Action.SEARCH_ACCESS_LOG: frozenset({M}),
    Action.ERASE_PARTICIPANT: frozenset({M}),
    **ATTENTION_ORGANISATION_RULES,
}


def organisation_actions(user: AnyUser, roles: frozenset[Role]) -> frozenset[Action]:
    """The organisation actions these staff roles allow (every one for a superuser)."""
    return actions_allowed(user, ORGANISATION_RULES, roles)


def may_anywhere(user: AnyUser, action: Action) -> bool:
    """Whether the user may take this organisation action in any organisation."""
    if not is_active_person(user):
        return False
    return user.is_superuser or bool(staff_roles_anywhere(user) & ORGANISATION_RULES[action])
