"""Fetch-and-check for notices (notices/): the notice and what the person may do with it."""

from django.http import Http404

from groups.models import Cohort
from groups.roles import AnyUser
from notices.models import Notice

from .grants import Grant, access_cohort
from .policy import Action
from .policy.notices import notice_actions, notice_relations


def notice_grant(user: AnyUser, notice: Notice, cohort_grant: Grant[Cohort]) -> Grant[Notice]:
    """The user's grant on one notice of a cohort whose grant they already hold (no query)."""
    relations = notice_relations(user, notice, cohort_grant.roles)
    return Grant(
        notice, notice_actions(user, relations), roles=cohort_grant.roles, relations=relations
    )


def access_notice(user: AnyUser, cohort_pk: int, notice_pk: int, action: Action) -> Grant[Notice]:
    """The notice if the user may take the action on it.

    404 to whoever cannot see the cohort's notices at all (the cohort's existence is not
    revealed to outsiders) and for a notice of another cohort; 403 to the cohort's staff
    without the notices, and to members without this action.
    """
    cohort_grant = access_cohort(user, cohort_pk, Action.READ_NOTICES)
    notice = (
        Notice.objects.select_related("author", "cohort__organisation")
        .filter(pk=notice_pk, cohort=cohort_grant.obj)
        .first()
    )
    if notice is None:
        raise Http404
    return notice_grant(user, notice, cohort_grant).require(action)
