"""Goal actions (``may(user, action, goal)``, health.models.Goal): the owner, the coach and
fellow members of the owner's cohort."""

from groups.models import Membership
from groups.roles import AnyUser, Role, is_fellow_member, membership_relations
from health.models import Goal

from .actions import Action, actions_allowed
from .cohorts import A, P

# Actions on a goal (health.models.Goal); "group" is a fellow member of the owner's cohort.
GOAL_RULES: dict[Action, frozenset[str]] = {
    Action.VIEW_GOAL: frozenset({"self", "coach", "group"}),
    Action.CHEER_GOAL: frozenset({"group"}),
}


def goal_relations(
    user: AnyUser, goal: Goal, relations: frozenset[str] | None = None
) -> frozenset[str]:
    """The user's relations to the goal's owner, plus "group" for a fellow member's shared goal."""
    if relations is None:
        relations = membership_relations(user, goal.membership)
    if (
        goal.is_shared
        and goal.membership.status == Membership.Status.ACTIVE
        and is_fellow_member(user, goal.membership)
    ):
        return relations | {"group"}
    return relations


# The "group" relation of GOAL_RULES seen from the cohort: its active participants and
# aanjagers are fellow members of everyone else in it (groups.roles.is_fellow_member).
GROUP_ROLES = frozenset({P, A})


def shared_goal_actions(user: AnyUser, roles: frozenset[Role]) -> frozenset[Action]:
    """The actions the user's cohort roles allow on another member's shared goal."""
    return goal_actions(user, frozenset({"group"}) if roles & GROUP_ROLES else frozenset())


def may_on_shared_goals(user: AnyUser, action: Action, roles: frozenset[Role]) -> bool:
    """Whether a cohort grant's roles allow this action on fellow members' shared goals."""
    return action in shared_goal_actions(user, roles)


def goal_actions(user: AnyUser, relations: frozenset[str]) -> frozenset[Action]:
    """The goal actions these relations allow (every one for a superuser)."""
    return actions_allowed(user, GOAL_RULES, relations)
