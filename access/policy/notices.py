"""Notices (mededelingen, notices/): who posts them, reads them and sees who has read.

Cohort actions (``may(user, action, cohort)``, merged into the cohort table)::

    action          participant aanjager coach manager nurse funder invitee outsider
    read_notices         x         x       x      -       -     -       -        -
    post_notice          -         x       x      -       -     -       -        -

Notice actions (``may(user, action, notice)``, ``access.notices.access_notice``)::

    action              the author*  coach of the cohort  other group member  others
    mark_notice_read         -               x**                 x               -
    withdraw_notice          x               x                   -               -
    view_notice_reads        x               x                   -               -

    * while still aanjager or coach of the cohort (an aanjager who stepped down no longer)
    ** unless the coach wrote it: the author has nothing to mark

Who has read a notice is named data about the members (their participation): only the
author and the coach see it, and the page writes to the access log. Fellow participants
see the notice itself, never who has read it.
"""

from groups.roles import AnyUser, Role
from notices.models import Notice

from .actions import Action, actions_allowed, is_active_person
from .roles import roles_in

NOTICE_COHORT_RULES: dict[Action, frozenset[Role]] = {
    Action.READ_NOTICES: frozenset({Role.PARTICIPANT, Role.AANJAGER, Role.COACH}),
    Action.POST_NOTICE: frozenset({Role.AANJAGER, Role.COACH}),
}
AUTHOR, COACH, MEMBER = "author", "coach", "member"
NOTICE_RULES: dict[Action, frozenset[str]] = {
    Action.MARK_NOTICE_READ: frozenset({MEMBER}),
    Action.WITHDRAW_NOTICE: frozenset({AUTHOR, COACH}),
    Action.VIEW_NOTICE_READS: frozenset({AUTHOR, COACH}),
}


def notice_relations(user: AnyUser, notice: Notice, roles: frozenset[Role]) -> frozenset[str]:
    """How the user, holding these roles in the notice's cohort, relates to the notice."""
    if not is_active_person(user):
        return frozenset()
    relations = set()
    own = user.pk == notice.author_id
    if own and roles & NOTICE_COHORT_RULES[Action.POST_NOTICE]:
        relations.add(AUTHOR)
    if Role.COACH in roles:
        relations.add(COACH)
    if not own and roles & NOTICE_COHORT_RULES[Action.READ_NOTICES]:
        relations.add(MEMBER)
    return frozenset(relations)


def notice_actions(user: AnyUser, relations: frozenset[str]) -> frozenset[Action]:
    return actions_allowed(user, NOTICE_RULES, relations)


def may_on_notice(user: AnyUser, action: Action, notice: Notice) -> bool:
    roles = frozenset() if user.is_superuser else roles_in(user, notice.cohort)
    return action in notice_actions(user, notice_relations(user, notice, roles))
