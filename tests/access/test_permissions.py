"""Every role against every action, allowed and refused, written out here on purpose.

The table is a copy of the one in access/policy/__init__.py's docstring, not an import of the
rules, so that a change to the rules must be made knowingly in two places.
"""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.http import Http404

from access.attention import access_attention_member
from access.grants import get_cohort_for_user, get_membership_for_user, get_organisation_for_user
from access.policy import Action, may
from attention import services as attention_services

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
    Action.PROPOSE_THEME: {"anna", "kees", "sanne"},
    Action.VOTE_THEMES: {"anna", "kees"},
    Action.MANAGE_VOTING: {"kees", "sanne"},
    Action.RSVP_SESSION: {"anna", "kees"},
    Action.USE_CHAT: {"anna", "kees", "sanne"},
    Action.MODERATE_CHAT: {"kees", "sanne"},
    Action.READ_HIDDEN_CHAT: {"sanne"},
    Action.READ_SESSION_THREAD: {"anna", "kees", "sanne"},
    Action.WRITE_SESSION_THREAD: {"anna", "kees", "sanne"},
    Action.MARK_CHAT_UNREAD: {"anna", "kees", "sanne"},
    Action.REMIND_CHAT_MESSAGE: {"anna", "kees", "sanne"},
    Action.PAY_CONTRIBUTION: {"anna", "kees"},
    Action.VIEW_CONTRIBUTIONS: {"sanne", "marloes"},
    Action.RECORD_PAYMENT: {"sanne", "marloes"},
    Action.MANAGE_CONTRIBUTIONS: {"marloes"},
    Action.VIEW_ATTENTION: {"kees", "sanne"},  # kees: only whom he is asked to follow up
    Action.VIEW_PERSONAL_SIGNALS: {"sanne"},
    Action.ASK_AANJAGER: {"sanne"},
    Action.VIEW_REPORT: {"sanne", "marloes", "frank"},
    Action.VIEW_GROUP_GOALS: {"anna", "kees", "sanne"},
    Action.FOLLOW_PLANS: {"sanne"},
    Action.VIEW_MISSING_MEASUREMENTS: {"sanne", "petra"},
    Action.VIEW_HEALTH_COUNTS: {"marloes"},
    Action.READ_NOTICES: {"anna", "kees", "sanne"},
    Action.POST_NOTICE: {"kees", "sanne"},
}

# Actions on anna's membership.
MEMBERSHIP_TABLE = {
    Action.VIEW_REFERRAL: {"sanne", "marloes", "petra"},
    Action.RECORD_CONSENT: {"marloes", "petra"},
    Action.RESEND_INVITATION: {"sanne", "marloes", "petra"},
    Action.ACCEPT_AGREEMENT: set(),  # anna accepted already; see the invitee test below
    Action.LEAVE_COHORT: {"anna"},
    Action.VIEW_PLAN: {"anna", "sanne"},
    Action.EDIT_PLAN: {"anna"},
    Action.VIEW_MEASUREMENTS: {"anna", "sanne", "petra"},
    Action.RECORD_MEASUREMENT: {"anna", "sanne", "petra"},
    Action.FILL_QUESTIONNAIRE: {"anna"},
    # safety/: the coach only learns that an alert exists (with the consent); aanjagers never
    Action.VIEW_MEDICATION: {"anna", "petra"},
    Action.RECORD_MEDICATION: {"anna", "petra"},
    Action.REPORT_GLUCOSE: {"anna"},
    Action.VIEW_GLUCOSE: {"anna", "petra"},
    Action.SEE_ALERT_EXISTS: {"anna", "sanne", "petra"},
}

# Actions on an alert about anna (her practice is petra's), before and after escalation.
ALERT_TABLE = {
    Action.VIEW_ALERT: ({"petra"}, {"petra"}),
    Action.HANDLE_ALERT: ({"petra"}, {"petra"}),
    Action.VIEW_ALERT_STATUS: ({"petra"}, {"petra", "marloes"}),
}
# Actions on anna's practice.
PRACTICE_TABLE = {
    Action.VIEW_ALERTS: {"petra", "marloes"},
    Action.SET_PROTOCOL: {"petra"},
}

# Actions on anna's goals: one shared with the group, one private (her and her coach).
GOAL_TABLE = {
    "shared": {Action.VIEW_GOAL: {"anna", "sanne", "kees"}, Action.CHEER_GOAL: {"kees"}},
    "private": {Action.VIEW_GOAL: {"anna", "sanne"}, Action.CHEER_GOAL: set()},
}

ORGANISATION_TABLE = {
    Action.MANAGE_ORGANISATION: {"marloes"},
    Action.CREATE_COHORT: {"marloes"},
    Action.REFER_PARTICIPANT: {"marloes", "petra"},
    Action.SEARCH_ACCESS_LOG: {"marloes"},
    Action.ERASE_PARTICIPANT: {"marloes"},
    Action.SET_ATTENTION_THRESHOLDS: {"marloes"},
    Action.VIEW_PIPELINE: {"marloes", "petra"},  # petra: her practice's referrals only
}

# Who sees the cohort at all (others get 404, never learning it exists).
COHORT_VISIBLE = {"anna", "kees", "sanne", "marloes", "petra", "frank", "ivo"}


def person(world, name):
    return AnonymousUser() if name == "anonymous" else getattr(world, name)


FUNDER_TABLE = {Action.VIEW_FUNDER_REPORT: {"frank"}}
# coupling/: anna's shared record, while her share with her practice is active.
SHARED_RECORD_TABLE = {
    Action.FETCH_SHARED_RECORD: {"petra"},
    Action.LIST_SHARED_RECORDS: {"petra"},
}
# coupling/: a study's research export, for its evaluators (eva, made in the test).
STUDY_TABLE = {Action.EXPORT_RESEARCH_DATA: {"eva"}}
# notifications/: anna's own choice of e-mails, for anna alone.
NOTIFICATION_TABLE = {Action.EDIT_NOTIFICATION_SETTINGS: {"anna"}}
# notices/: on a notice kees (aanjager) posted to the world's cohort.
NOTICE_TABLE = {
    Action.MARK_NOTICE_READ: {"anna", "sanne"},
    Action.WITHDRAW_NOTICE: {"kees", "sanne"},
    Action.VIEW_NOTICE_READS: {"kees", "sanne"},
}


# chat/: anna's own reminder of a chat message, for anna alone (not even a superuser).
REMINDER_TABLE = {Action.DISMISS_CHAT_REMINDER: {"anna"}}


@pytest.mark.parametrize("name", ROLES)
def test_reminder_actions(world, name, admin_user):
    import datetime

    from django.utils import timezone

    from chat import reminders
    from chat import services as chat_services

    message = chat_services.post_message(cohort=world.cohort, author=world.kees, body="Hoi")
    reminder = reminders.set_reminder(
        message=message,
        person=world.anna,
        remind_at=timezone.now() + datetime.timedelta(days=1),
    )
    for action, allowed in REMINDER_TABLE.items():
        assert may(person(world, name), action, reminder) == (name in allowed)
        assert not may(admin_user, action, reminder)


# attention/: on anna's membership, once the coach asked kees to follow her up.
ATTENTION_MEMBER_TABLE = {
    Action.VIEW_ATTENTION: {"sanne", "kees"},
    Action.RECORD_FOLLOW_UP: {"sanne", "kees"},
    Action.VIEW_PERSONAL_SIGNALS: {"sanne"},
    Action.ASK_AANJAGER: {"sanne"},
    Action.PLAN_CATCH_UP: {"sanne"},
}


def test_attention_member_actions(world):
    membership = world.cohort.memberships.get(person=world.anna)
    attention_services.ask_aanjager(membership=membership, aanjager=world.kees, by=world.sanne)
    found = {}
    for action in ATTENTION_MEMBER_TABLE:
        found[action] = set()
        for name in ROLES:
            try:
                access_attention_member(person(world, name), membership.pk, action)
            except (Http404, PermissionDenied):
                continue
            found[action].add(name)
    assert found == ATTENTION_MEMBER_TABLE


def test_tables_cover_every_action():
    assert set(COHORT_TABLE) | set(MEMBERSHIP_TABLE) | set(ORGANISATION_TABLE) | set(
        ATTENTION_MEMBER_TABLE
    ) | set(GOAL_TABLE["shared"]) | set(FUNDER_TABLE) | set(ALERT_TABLE) | set(
        PRACTICE_TABLE
    ) | set(SHARED_RECORD_TABLE) | set(REMINDER_TABLE) | set(STUDY_TABLE) | set(
        NOTIFICATION_TABLE
    ) | set(NOTICE_TABLE) >= set(Action)


@pytest.fixture
def kees_notice(world):
    from notices import services as notice_services

    return notice_services.post_notice(cohort=world.cohort, by=world.kees, body="Neem water mee.")


@pytest.mark.parametrize("action", list(NOTICE_TABLE))
@pytest.mark.parametrize("name", ROLES)
def test_notice_actions(world, kees_notice, name, action):
    assert may(person(world, name), action, kees_notice) == (name in NOTICE_TABLE[action])


def test_fetching_a_notice_hides_it_from_outsiders(world, kees_notice):
    from access.notices import access_notice

    for name in ("otto", "olga"):
        with pytest.raises(Http404):
            access_notice(
                person(world, name), world.cohort.pk, kees_notice.pk, Action.READ_NOTICES
            )
    with pytest.raises(Http404):  # the right cohort's id is needed with the notice's
        access_notice(world.anna, world.other_cohort.pk, kees_notice.pk, Action.MARK_NOTICE_READ)
    for name in ("anna", "marloes", "frank"):
        with pytest.raises(PermissionDenied):
            access_notice(
                person(world, name), world.cohort.pk, kees_notice.pk, Action.VIEW_NOTICE_READS
            )


def test_an_aanjager_who_stepped_down_no_longer_manages_their_notice(world, kees_notice):
    from groups import services as group_services

    membership = world.cohort.memberships.get(person=world.kees)
    group_services.step_down_aanjager(membership=membership, by=world.sanne)
    assert not may(world.kees, Action.WITHDRAW_NOTICE, kees_notice)
    assert not may(world.kees, Action.VIEW_NOTICE_READS, kees_notice)
    assert may(world.sanne, Action.VIEW_NOTICE_READS, kees_notice)


@pytest.mark.parametrize("action", list(NOTIFICATION_TABLE))
@pytest.mark.parametrize("name", ROLES)
def test_notification_actions(world, name, action):
    assert may(person(world, name), action, world.anna) == (name in NOTIFICATION_TABLE[action])


@pytest.mark.parametrize("action", list(ALERT_TABLE))
@pytest.mark.parametrize("name", ROLES)
def test_alert_actions(world, name, action):
    from django.utils import timezone

    from safety.services.reports import report_glucose

    anna = world.cohort.memberships.get(person=world.anna)
    alert = report_glucose(membership=anna, by=world.anna, value="3.0", context="fasting").alert
    before, after = ALERT_TABLE[action]
    assert may(person(world, name), action, alert) == (name in before)
    alert.escalated_at = timezone.now()
    alert.save()
    assert may(person(world, name), action, alert) == (name in after)


@pytest.mark.parametrize("action", list(PRACTICE_TABLE))
@pytest.mark.parametrize("name", ROLES)
def test_practice_actions(world, name, action):
    assert may(person(world, name), action, world.practice) == (name in PRACTICE_TABLE[action])


@pytest.mark.parametrize("name", ROLES)
def test_funder_actions(world, name):
    allowed = name in FUNDER_TABLE[Action.VIEW_FUNDER_REPORT]
    assert may(person(world, name), Action.VIEW_FUNDER_REPORT, world.funder) == allowed


def test_a_funder_of_another_cohort_cannot_open_this_funders_report(world):
    from access.grants import get_funder_for_user
    from tests import factories

    other_funder = factories.make_funder("Gemeente Elders")
    with pytest.raises(Http404):
        get_funder_for_user(world.frank, other_funder.pk, Action.VIEW_FUNDER_REPORT)


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


def _annas_goal(world, sharing):
    from health import services as health_services

    membership = world.cohort.memberships.get(person=world.anna)
    return health_services.create_goal(
        membership=membership, by=world.anna, sharing=sharing, title="Elke dag wandelen"
    )


@pytest.mark.parametrize("sharing", ["shared", "private"])
@pytest.mark.parametrize("name", ROLES)
def test_goal_actions(world, name, sharing):
    goal = _annas_goal(world, "group" if sharing == "shared" else "private")
    for action, allowed in GOAL_TABLE[sharing].items():
        assert may(person(world, name), action, goal) == (name in allowed), action


# Check-ins on anna's shared goal: only she records them; she and her coach read them
# (with the plan). Fellow members see the shared goal itself, never its check-ins.
CHECK_IN_TABLE = {"record": {"anna"}, "read": {"anna", "sanne"}}


@pytest.mark.parametrize("name", ROLES)
def test_check_in_actions(world, name):
    from django.core.exceptions import ValidationError

    from health import services as health_services

    goal = _annas_goal(world, "group")
    user = person(world, name)
    assert may(user, Action.EDIT_PLAN, goal.membership) == (name in CHECK_IN_TABLE["record"])
    assert may(user, Action.VIEW_PLAN, goal.membership) == (name in CHECK_IN_TABLE["read"])
    try:
        health_services.record_check_in(goal=goal, by=user, confidence=6)
    except ValidationError:
        recorded = False
    else:
        recorded = True
    assert recorded == (name in CHECK_IN_TABLE["record"])


def test_a_private_goal_does_not_exist_for_fellow_members(world):
    from access.grants import get_goal_for_user

    goal = _annas_goal(world, "private")
    for name in ("kees", "otto", "frank", "olga", "ivo", "anonymous"):
        with pytest.raises(Http404):
            get_goal_for_user(person(world, name), goal.pk, Action.VIEW_GOAL)
    for name in ("marloes", "petra"):  # they know anna, but not her goals
        with pytest.raises(PermissionDenied):
            get_goal_for_user(person(world, name), goal.pk, Action.VIEW_GOAL)


def test_withdrawn_consent_hides_measurements_from_the_coach(world):
    from access import policy
    from privacy.services import set_consent

    membership = world.cohort.memberships.get(person=world.anna)
    assert may(world.sanne, Action.VIEW_MEASUREMENTS, membership)
    for participant in (world.anna, world.kees):  # the consent page (privacy/)
        set_consent(person=participant, purpose="coach_measurements", given=False)
    assert not may(world.sanne, Action.VIEW_MEASUREMENTS, membership)
    assert not may(world.sanne, Action.RECORD_MEASUREMENT, membership)
    assert may(world.sanne, Action.VIEW_PLAN, membership)
    assert may(world.petra, Action.VIEW_MEASUREMENTS, membership)
    assert policy.measurement_memberships_for(world.sanne, world.cohort) == []


@pytest.mark.parametrize("name", ROLES)
def test_shared_record_actions(world, name):
    from access.policy import may_fetch_shared_record, may_list_shared_records
    from coupling.services import start_practice_share

    start_practice_share(person=world.anna)
    allowed = name in SHARED_RECORD_TABLE[Action.FETCH_SHARED_RECORD]
    assert may_fetch_shared_record(person(world, name), world.anna) is allowed
    listing = name in SHARED_RECORD_TABLE[Action.LIST_SHARED_RECORDS]
    assert may_list_shared_records(person(world, name)) is listing


@pytest.mark.parametrize("name", [*ROLES, "eva"])
def test_study_actions(world, name):
    from access.grants import access_study
    from coupling.models import Study
    from tests import factories

    study = Study.objects.create(name="Evaluatie", organisation=world.organisation)
    eva = factories.make_person("eva@example.org")
    study.evaluators.add(eva)
    user = eva if name == "eva" else person(world, name)
    if name in STUDY_TABLE[Action.EXPORT_RESEARCH_DATA]:
        assert access_study(user, study.pk).allows(Action.EXPORT_RESEARCH_DATA)
    else:
        with pytest.raises(Http404):
            access_study(user, study.pk)


# attention/: whose referrals are on the organisation's pipeline, per role (access.lists).
PIPELINE_ROWS = {
    "marloes": {"anna", "kees", "ivo", "otto"},
    "petra": {"anna", "kees", "ivo", "otto"},
}


@pytest.mark.parametrize("name", ROLES)
def test_pipeline_rows(world, name):
    from access.grants import access_organisation
    from access.lists import pipeline_memberships

    user = person(world, name)
    try:
        grant = access_organisation(user, world.organisation.pk, Action.VIEW_PIPELINE)
    except (Http404, PermissionDenied):
        assert name not in PIPELINE_ROWS
        return
    rows = pipeline_memberships(user, grant).values_list("person__first_name", flat=True)
    assert {first.lower() for first in rows} == PIPELINE_ROWS[name]


def test_the_pipeline_of_a_nurse_leaves_out_another_practices_patients(world):
    from access.grants import access_organisation
    from access.lists import pipeline_memberships
    from groups import services as group_services
    from groups.models import StaffRole
    from tests import factories

    other = factories.make_practice(world.organisation, "Praktijk De Eik")
    nadia = factories.make_person("nadia@example.org")
    group_services.grant_staff_role(
        person=nadia, role=StaffRole.Role.PRACTICE_NURSE, practice=other
    )
    factories.refer(world.other_cohort, nurse=nadia, practice=other, first_name="Clara")
    grants = {
        name: access_organisation(user, world.organisation.pk, Action.VIEW_PIPELINE)
        for name, user in (("petra", world.petra), ("nadia", nadia), ("marloes", world.marloes))
    }
    users = {"petra": world.petra, "nadia": nadia, "marloes": world.marloes}
    seen = {
        name: set(
            pipeline_memberships(users[name], grant).values_list("person__first_name", flat=True)
        )
        for name, grant in grants.items()
    }
    assert seen["nadia"] == {"Clara"}
    assert "Clara" not in seen["petra"]
    assert seen["marloes"] == seen["petra"] | {"Clara"}


def test_one_cohorts_standing_agrees_with_the_visible_cohorts(world):
    # access_cohort decides the 404 from cohort_standing; lists use visible_cohorts.
    from groups.models import Cohort, Membership
    from groups.roles import cohort_standing, visible_cohorts

    def agree(user, label):
        visible = set(visible_cohorts(user))
        for cohort in Cohort.objects.all():
            assert cohort_standing(user, cohort)[1] == (cohort in visible), (label, cohort)

    for name in ROLES:
        agree(person(world, name), name)
    invitation = world.cohort.memberships.filter(person=world.ivo)
    place = invitation.get().place
    for status in Membership.Status:
        is_open = status in Membership.OPEN_STATUSES
        invitation.update(status=status, place=place if is_open else None)
        agree(world.ivo, status)
