"""Who may do what with the early-warning list "Wie verdient aandacht?" (attention/).

Cohort actions (``may(user, action, cohort)``, merged into the cohort table)::

    action                  participant aanjager coach manager nurse funder
    view_attention               -         x*      x      -       -     -
    view_personal_signals        -         -       x      -       -     -
    ask_aanjager                 -         -       x      -       -     -

    * the aanjager's list holds only the participants the coach asked them to follow up,
      with the participation signals only (attendance, sign-ups, chat and log-ins)

Membership actions (``attention_actions(user, membership)``, ``access.attention``)::

    action                  coach of the cohort  aanjager asked to follow up  others
    view_attention                  x                        x                  -
    record_follow_up                x                        x                  -
    view_personal_signals           x                        -                  -
    ask_aanjager                    x                        -                  -
    plan_catch_up                   x                        -                  -

Organisation actions (``may(user, action, organisation)``)::

    action                  manager  nurse  coach  participant  funder  others
    set_attention_thresholds   x       -      -        -          -       -
    view_pipeline              x       x*     -        -          -       -

    * the referral pipeline shows a nurse only the referrals of her own practice(s);
      the manager sees every referral of the organisation (``access.lists``)

The personal signals (no check-in on a goal, a contribution month failed or behind) say
something about goals and payments: the aanjager, a fellow participant, never sees them.
"""

from groups.roles import AnyUser, Role

from .actions import Action, actions_allowed

ATTENTION_COHORT_RULES: dict[Action, frozenset[Role]] = {
    Action.VIEW_ATTENTION: frozenset({Role.AANJAGER, Role.COACH}),
    Action.VIEW_PERSONAL_SIGNALS: frozenset({Role.COACH}),
    Action.ASK_AANJAGER: frozenset({Role.COACH}),
}
ATTENTION_ORGANISATION_RULES: dict[Action, frozenset[Role]] = {
    Action.SET_ATTENTION_THRESHOLDS: frozenset({Role.MANAGER}),
    Action.VIEW_PIPELINE: frozenset({Role.MANAGER, Role.NURSE}),
}
COACH, ASSIGNED = "coach", "assigned"
ATTENTION_MEMBERSHIP_RULES: dict[Action, frozenset[str]] = {
    Action.VIEW_ATTENTION: frozenset({COACH, ASSIGNED}),
    Action.RECORD_FOLLOW_UP: frozenset({COACH, ASSIGNED}),
    Action.VIEW_PERSONAL_SIGNALS: frozenset({COACH}),
    Action.ASK_AANJAGER: frozenset({COACH}),
    Action.PLAN_CATCH_UP: frozenset({COACH}),
}
# On the cohort's list, whom a person with view_attention sees: every active participant
# (the coach, who holds this action) or only those assigned to them.
SEES_EVERY_PARTICIPANT = Action.ASK_AANJAGER


def attention_membership_actions(user: AnyUser, relations: frozenset[str]) -> frozenset[Action]:
    return actions_allowed(user, ATTENTION_MEMBERSHIP_RULES, relations)
