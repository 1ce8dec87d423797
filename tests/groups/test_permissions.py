"""Every role against every action, allowed and refused, written out here on purpose.

The table is a copy of the one in groups/permissions.py's docstring, not an import of the
rules, so that a change to the rules must be made knowingly in two places.
"""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.http import Http404

from groups.permissions import (
    Action,
    get_cohort_for_user,
    get_membership_for_user,
    get_organisation_for_user,
    may,
)

ROLES = ["anna", "kees", "sanne", "marloes", "petra", "frank", "ivo", "otto", "olga", "anonymous"]
# participant, aanjager, coach, manager, nurse, funder, invitee, other cohort, no role, anonymous

COHORT_TABLE = {
    Action.VIEW_COHORT: {"anna", "kees", "sanne", "marloes"},
    Action.VIEW_ENROLMENT: {"sanne", "marloes"},
    Action.EDIT_COHORT: {"marloes"},
    Action.START_COHORT: {"sanne", "marloes"},
    Action.REFER_PARTICIPANT: {"marloes", "petra"},
    Action.APPOINT_AANJAGER: {"sanne", "marloes"},
    Action.END_MEMBERSHIP: {"sanne", "marloes"},
    Action.PLAN_SESSIONS: {"kees", "sanne"},
    Action.TAKE_ATTENDANCE: {"kees", "sanne"},
    Action.USE_CHAT: {"anna", "kees", "sanne"},
    Action.MODERATE_CHAT: {"kees", "sanne"},
    Action.VIEW_REPORT: {"marloes", "frank"},
}

# Actions on anna's membership.
MEMBERSHIP_TABLE = {
    Action.VIEW_REFERRAL: {"sanne", "marloes", "petra"},
    Action.RECORD_CONSENT: {"marloes", "petra"},
    Action.RESEND_INVITATION: {"sanne", "marloes", "petra"},
    Action.ACCEPT_AGREEMENT: set(),  # anna accepted already; see the invitee test below
    Action.LEAVE_COHORT: {"anna"},
}

ORGANISATION_TABLE = {
    Action.MANAGE_ORGANISATION: {"marloes"},
    Action.CREATE_COHORT: {"marloes"},
    Action.REFER_PARTICIPANT: {"marloes", "petra"},
}

# Who sees the cohort at all (others get 404, never learning it exists).
COHORT_VISIBLE = {"anna", "kees", "sanne", "marloes", "petra", "frank", "ivo"}


def person(world, name):
    return AnonymousUser() if name == "anonymous" else getattr(world, name)


def test_tables_cover_every_action():
    assert set(COHORT_TABLE) | set(MEMBERSHIP_TABLE) | set(ORGANISATION_TABLE) >= set(Action)


@pytest.mark.parametrize("action", list(COHORT_TABLE))
@pytest.mark.parametrize("name", ROLES)
def test_cohort_actions(world, name, action):
    assert may(person(world, name), action, world.cohort) == (name in COHORT_TABLE[action])


@pytest.mark.parametrize("action", list(MEMBERSHIP_TABLE))
@pytest.mark.parametrize("name", ROLES)
def test_membership_actions(world, name, action):
    membership = world.cohort.memberships.get(person=world.anna)
    assert may(person(world, name), action, membership) == (name in MEMBERSHIP_TABLE[action])


@pytest.mark.parametrize("action", list(ORGANISATION_TABLE))
@pytest.mark.parametrize("name", ROLES)
def test_organisation_actions(world, name, action):
    allowed = name in ORGANISATION_TABLE[action]
    assert may(person(world, name), action, world.organisation) == allowed


def test_only_the_invitee_accepts_their_invitation(world):
    invitation = world.cohort.memberships.get(person=world.ivo)
    allowed = {
        name for name in ROLES if may(person(world, name), Action.ACCEPT_AGREEMENT, invitation)
    }
    assert allowed == {"ivo"}


def test_a_person_holds_different_roles_in_different_cohorts(world):
    """Sanne coaches one cohort; in the other she is nobody."""
    assert may(world.sanne, Action.PLAN_SESSIONS, world.cohort)
    assert not may(world.sanne, Action.VIEW_COHORT, world.other_cohort)
    assert may(world.otto, Action.USE_CHAT, world.other_cohort)
    assert not may(world.otto, Action.USE_CHAT, world.cohort)


def test_a_manager_who_also_coaches_has_both_rights(world):
    from groups import services

    services.assign_coach(cohort=world.cohort, coach=world.marloes, by=world.marloes)
    assert may(world.marloes, Action.PLAN_SESSIONS, world.cohort)
    assert may(world.marloes, Action.EDIT_COHORT, world.cohort)


def test_a_member_who_left_loses_every_right(world):
    from groups import services

    membership = world.cohort.memberships.get(person=world.anna)
    services.leave_cohort(membership=membership, by=world.anna, reason="Verhuisd")
    assert not any(may(world.anna, action, world.cohort) for action in COHORT_TABLE)
    with pytest.raises(Http404):
        get_cohort_for_user(world.anna, world.cohort.pk, Action.VIEW_COHORT)


def test_superuser_may_everything(world, admin_user):
    assert all(may(admin_user, action, world.cohort) for action in COHORT_TABLE)


@pytest.mark.parametrize("name", ROLES)
def test_fetching_a_cohort_gives_404_to_outsiders_and_403_to_members_without_the_right(
    world, name
):
    user = person(world, name)
    if name not in COHORT_VISIBLE:
        with pytest.raises(Http404):
            get_cohort_for_user(user, world.cohort.pk, Action.VIEW_COHORT)
    elif name in COHORT_TABLE[Action.VIEW_COHORT]:
        assert get_cohort_for_user(user, world.cohort.pk, Action.VIEW_COHORT) == world.cohort
    else:
        with pytest.raises(PermissionDenied):
            get_cohort_for_user(user, world.cohort.pk, Action.VIEW_COHORT)


def test_fetching_a_membership_or_organisation_hides_it_from_outsiders(world):
    membership = world.cohort.memberships.get(person=world.anna)
    for name in ("olga", "otto", "frank", "kees", "anonymous"):
        with pytest.raises(Http404):
            get_membership_for_user(person(world, name), membership.pk, Action.VIEW_REFERRAL)
    with pytest.raises(PermissionDenied):
        get_membership_for_user(world.anna, membership.pk, Action.RECORD_CONSENT)
    with pytest.raises(Http404):
        get_organisation_for_user(world.olga, world.organisation.pk, Action.CREATE_COHORT)
    with pytest.raises(PermissionDenied):
        get_organisation_for_user(world.petra, world.organisation.pk, Action.CREATE_COHORT)


def test_visible_to_lists_only_a_persons_cohorts(world):
    from groups.models import Cohort

    assert list(Cohort.objects.visible_to(world.anna)) == [world.cohort]
    assert set(Cohort.objects.visible_to(world.marloes)) == {world.cohort, world.other_cohort}
    assert list(Cohort.objects.visible_to(world.frank)) == [world.cohort]
    assert list(Cohort.objects.visible_to(world.olga)) == []
