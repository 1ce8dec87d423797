"""Cohort actions (``may(user, action, cohort)``): the roles x actions table."""

from groups.models import Cohort
from groups.roles import MEMBERSHIP_ROLES, AnyUser, Role

from .actions import Action, actions_allowed, is_active_person
from .attention import ATTENTION_COHORT_RULES
from .chat import THREAD_COHORT_RULES
from .notices import NOTICE_COHORT_RULES
from .roles import roles_in

P, A, C, M, N, F = (
    Role.PARTICIPANT,
    Role.AANJAGER,
    Role.COACH,
    Role.MANAGER,
    Role.NURSE,
    Role.FUNDER,
)

COHORT_RULES: dict[Action, frozenset[Role]] = {
    Action.VIEW_COHORT: frozenset({P, A, C, M}),
    Action.VIEW_ENROLMENT: frozenset({C, M}),
    Action.EDIT_COHORT: frozenset({M}),
    Action.START_COHORT: frozenset({C, M}),
    Action.REFER_PARTICIPANT: frozenset({M, N}),
    Action.APPOINT_AANJAGER: frozenset({C, M}),
    Action.END_MEMBERSHIP: frozenset({C, M}),
    Action.PLAN_SESSIONS: frozenset({A, C}),
    Action.TAKE_ATTENDANCE: frozenset({A, C}),
    Action.PROPOSE_THEME: frozenset({P, A, C}),
    Action.VOTE_THEMES: frozenset({P, A}),
    Action.MANAGE_VOTING: frozenset({A, C}),
    Action.RSVP_SESSION: frozenset({P, A}),
    Action.USE_CHAT: frozenset({P, A, C}),
    Action.MODERATE_CHAT: frozenset({A, C}),
    Action.READ_HIDDEN_CHAT: frozenset({C}),
    Action.VIEW_REPORT: frozenset({C, M, F}),
    Action.VIEW_GROUP_GOALS: frozenset({P, A, C}),
    Action.FOLLOW_PLANS: frozenset({C}),
    Action.VIEW_MISSING_MEASUREMENTS: frozenset({C, N}),
    Action.VIEW_HEALTH_COUNTS: frozenset({M}),  # the coach has the full overview
    Action.PAY_CONTRIBUTION: frozenset({P, A}),
    Action.VIEW_CONTRIBUTIONS: frozenset({C, M}),
    Action.RECORD_PAYMENT: frozenset({C, M}),
    Action.MANAGE_CONTRIBUTIONS: frozenset({M}),
    **ATTENTION_COHORT_RULES,  # the early-warning list (access.policy.attention)
    **NOTICE_COHORT_RULES,  # notices to the group (access.policy.notices)
    **THREAD_COHORT_RULES,  # session threads, unread and reminders (access.policy.chat)
}


def cohort_actions(user: AnyUser, roles: frozenset[Role]) -> frozenset[Action]:
    """The cohort actions these roles allow (every one for a superuser)."""
    return actions_allowed(user, COHORT_RULES, roles)


def cohort_permissions(user: AnyUser, cohort: Cohort) -> frozenset[Action]:
    """Every cohort action the user may take, worked out with one look at their roles."""
    if not is_active_person(user):
        return frozenset()
    return cohort_actions(user, frozenset() if user.is_superuser else roles_in(user, cohort))


def membership_roles_allowed(action: Action) -> tuple[str, ...]:
    """The Membership roles that allow a cohort action, for a check written in SQL.

    Only for actions that membership roles alone decide (the chat): a staff role in the
    rule could not be checked this way, so it is refused rather than silently ignored.
    """
    allowed = COHORT_RULES[action]
    if not allowed <= MEMBERSHIP_ROLES.keys():
        raise ValueError(f"{action} is not decided by membership roles alone")
    return tuple(sorted(MEMBERSHIP_ROLES[role] for role in allowed))
