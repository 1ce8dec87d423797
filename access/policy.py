"""Who may do what: the one place every view, template, consumer, service and selector asks.

The facts (which roles a person holds in a cohort, how they relate to a membership) come
from groups.roles; this module turns them into decisions with the tables below. A person's
roles are worked out per cohort (a coach of two cohorts, a manager who is also a coach).

Cohort actions (``may(user, action, cohort)``)::

    action              participant aanjager coach manager nurse funder invitee outsider
    view_cohort              x         x       x      x       -     -       -        -
    view_enrolment           -         -       x      x       -     -       -        -
    edit_cohort              -         -       -      x       -     -       -        -
    start_cohort             -         -       x      x       -     -       -        -
    refer_participant        -         -       -      x       x     -       -        -
    appoint_aanjager         -         -       x      x       -     -       -        -
    end_membership           -         -       x      x       -     -       -        -
    plan_sessions            -         x       x      -       -     -       -        -
    take_attendance          -         x       x      -       -     -       -        -
    propose_theme            x         x       x      -       -     -       -        -
    vote_themes              x         x       -      -       -     -       -        -
    manage_voting            -         x       x      -       -     -       -        -
    rsvp_session             x         x       -      -       -     -       -        -
    use_chat                 x         x       x      -       -     -       -        -
    moderate_chat            -         x       x      -       -     -       -        -
    read_hidden_chat         -         -       x      -       -     -       -        -
    view_report              -         -       x      x       -     x       -        -
    view_group_goals         x         x       x      -       -     -       -        -
    follow_plans             -         -       x      -       -     -       -        -
    view_missing_measurements -        -       x      -       x*    -       -        -
    view_health_counts       -         -       -      x       -     -       -        -
    pay_contribution         x         x       -      -       -     -       -        -
    view_contributions       -         -       x      x       -     -       -        -
    record_payment           -         -       x      x       -     -       -        -
    manage_contributions     -         -       -      x       -     -       -        -

    * the nurse sees only the patients of her own practice (measurement_memberships_for)

The text of a hidden chat message stays readable for the coach alone (read_hidden_chat),
who answers for the group's safety; the aanjager who hid it, like everyone else, sees only
that it was hidden. A deleted message has no text left.

Membership actions (``may(user, action, membership)``)::

    action              the member  coach  manager  nurse of the member's practice  others
    view_referral            -        x       x               x                      -
    record_consent           -        -       x               x                      -
    resend_invitation        -        x       x               x                      -
    accept_agreement         x*       -       -               -                      -
    leave_cohort             x**      -       -               -                      -

    view_plan                x        x       -               -                      -
    edit_plan                x        -       -               -                      -
    view_measurements        x        x***    -               x                      -
    record_measurement       x        x***    -               x                      -
    fill_questionnaire       x        -       -               -                      -

    view_medication          x        -       -               x                      -
    record_medication        x        -       -               x                      -
    report_glucose           x        -       -               -                      -
    view_glucose             x        -       -               x                      -
    see_alert_exists         x        x***    -               x                      -

    * only while invited   ** participants and aanjagers only
    *** while coach_may_see_measurements(membership) allows it (the consent seam)

Safety alerts and practices (safety/): the rule tables are in ``access.safety``; an alert
reaches the nurses of the participant's practice only, never a coach or an aanjager.

The plan holds private and shared goals: "private" means the participant and their coach.

Goal actions (``may(user, action, goal)``, health.models.Goal)::

    action              the owner  coach  group member*  manager  nurse  others
    view_goal               x        x         x**          -        -      -
    cheer_goal              -        -         x**          -        -      -

    * another active participant or aanjager of the owner's cohort   ** shared goals only

Organisation actions (``may(user, action, organisation)``): ``manage_organisation``
and ``create_cohort`` for its managers; ``refer_participant`` for its managers and nurses;
``search_access_log`` (privacy/: who accessed whose data, NEN 7513) for its managers;
``erase_participant`` (privacy/: carry out a former participant's erasure) for its managers.

Funder actions (``may(user, action, funder)``): ``view_funder_report`` (the report
across every cohort the funder pays for) for the funder's own contacts only.

Shared records (coupling/, ``may_fetch_shared_record(user, person)``,
``access.grants.access_shared_record``): ``fetch_shared_record`` for the practice nurse
of the participant's own GP practice, only while the participant's share with that
practice is active; nobody else, not even a superuser (the share is with the practice,
not with the platform's administrators). ``list_shared_records`` (who shares with my
practice) for practice nurses.

Study actions (coupling/, ``access.grants.access_study``): ``export_research_data`` (the
pseudonymous microdata of the study's consenting participants) for the study's own
evaluators only; anyone else gets 404.

Objects a person may not see at all give 404 (their existence is not revealed); objects
they may see but not change give 403. Django superusers may do everything.
"""

from enum import StrEnum

from django.db.models import Exists, OuterRef, QuerySet

from accounts.models import User
from coupling.models import PracticeShare, Study
from groups.models import Cohort, Funder, Membership, Organisation
from groups.roles import (
    MEMBERSHIP_ROLES,
    AnyUser,
    Role,
    cohort_roles,
    is_fellow_member,
    is_funder_contact,
    membership_relations,
    organisation_roles,
    patients_of_nurse,
    practices_of_nurse,
    staff_roles_anywhere,
)
from health.models import Goal
from privacy.services import consent_given, withdrawn_people


class Action(StrEnum):
    VIEW_COHORT = "view_cohort"
    VIEW_ENROLMENT = "view_enrolment"
    EDIT_COHORT = "edit_cohort"
    START_COHORT = "start_cohort"
    REFER_PARTICIPANT = "refer_participant"
    APPOINT_AANJAGER = "appoint_aanjager"
    END_MEMBERSHIP = "end_membership"
    PLAN_SESSIONS = "plan_sessions"
    TAKE_ATTENDANCE = "take_attendance"
    PROPOSE_THEME = "propose_theme"
    VOTE_THEMES = "vote_themes"  # the group chooses its themes, not the professional
    MANAGE_VOTING = "manage_voting"
    RSVP_SESSION = "rsvp_session"
    USE_CHAT = "use_chat"
    MODERATE_CHAT = "moderate_chat"
    READ_HIDDEN_CHAT = "read_hidden_chat"
    VIEW_REPORT = "view_report"
    # on a membership
    VIEW_REFERRAL = "view_referral"
    RECORD_CONSENT = "record_consent"
    RESEND_INVITATION = "resend_invitation"
    ACCEPT_AGREEMENT = "accept_agreement"
    LEAVE_COHORT = "leave_cohort"
    # on an organisation
    MANAGE_ORGANISATION = "manage_organisation"
    # on a funder
    VIEW_FUNDER_REPORT = "view_funder_report"
    CREATE_COHORT = "create_cohort"
    # personal plan, goals and measurements (health/)
    VIEW_GROUP_GOALS = "view_group_goals"
    FOLLOW_PLANS = "follow_plans"
    VIEW_MISSING_MEASUREMENTS = "view_missing_measurements"
    VIEW_HEALTH_COUNTS = "view_health_counts"
    # monthly contributions (contributions/): participants never see other people's months
    PAY_CONTRIBUTION = "pay_contribution"
    VIEW_CONTRIBUTIONS = "view_contributions"
    RECORD_PAYMENT = "record_payment"  # cash, bank transfer, waiving a month
    MANAGE_CONTRIBUTIONS = "manage_contributions"  # the plan, totals and CSV export
    VIEW_PLAN = "view_plan"
    EDIT_PLAN = "edit_plan"
    VIEW_MEASUREMENTS = "view_measurements"
    RECORD_MEASUREMENT = "record_measurement"
    FILL_QUESTIONNAIRE = "fill_questionnaire"
    VIEW_GOAL = "view_goal"
    CHEER_GOAL = "cheer_goal"
    # privacy/: searching the access log of the organisation's participants (NEN 7513)
    SEARCH_ACCESS_LOG = "search_access_log"
    ERASE_PARTICIPANT = "erase_participant"  # a former participant of the organisation
    # safety/: medication, self-measured glucose and hypo reports, alerts to the practice
    VIEW_MEDICATION = "view_medication"
    RECORD_MEDICATION = "record_medication"
    REPORT_GLUCOSE = "report_glucose"
    VIEW_GLUCOSE = "view_glucose"
    SEE_ALERT_EXISTS = "see_alert_exists"  # the coach's "there is an alert", nothing more
    VIEW_ALERT = "view_alert"
    HANDLE_ALERT = "handle_alert"  # acknowledge and comment
    VIEW_ALERT_STATUS = "view_alert_status"  # escalated: no name, no health data
    VIEW_ALERTS = "view_alerts"  # the practice's worklist
    SET_PROTOCOL = "set_protocol"
    # coupling/: the practice's copy of what a participant shares with it
    FETCH_SHARED_RECORD = "fetch_shared_record"
    LIST_SHARED_RECORDS = "list_shared_records"
    # coupling/: the pseudonymous research export of a study, for its evaluators
    EXPORT_RESEARCH_DATA = "export_research_data"


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
}

MEMBERSHIP_RULES: dict[Action, frozenset[str]] = {
    Action.VIEW_REFERRAL: frozenset({"coach", "manager", "nurse"}),
    Action.RECORD_CONSENT: frozenset({"manager", "nurse"}),
    Action.RESEND_INVITATION: frozenset({"coach", "manager", "nurse"}),
    Action.ACCEPT_AGREEMENT: frozenset({"self"}),
    Action.LEAVE_COHORT: frozenset({"self"}),
    Action.VIEW_PLAN: frozenset({"self", "coach"}),
    Action.EDIT_PLAN: frozenset({"self"}),
    Action.VIEW_MEASUREMENTS: frozenset({"self", "coach", "nurse"}),
    Action.RECORD_MEASUREMENT: frozenset({"self", "coach", "nurse"}),
    Action.FILL_QUESTIONNAIRE: frozenset({"self"}),
    Action.VIEW_MEDICATION: frozenset({"self", "nurse"}),
    Action.RECORD_MEDICATION: frozenset({"self", "nurse"}),
    Action.REPORT_GLUCOSE: frozenset({"self"}),
    Action.VIEW_GLUCOSE: frozenset({"self", "nurse"}),
    Action.SEE_ALERT_EXISTS: frozenset({"self", "coach", "nurse"}),
}

# Actions on a goal (health.models.Goal); "group" is a fellow member of the owner's cohort.
GOAL_RULES: dict[Action, frozenset[str]] = {
    Action.VIEW_GOAL: frozenset({"self", "coach", "group"}),
    Action.CHEER_GOAL: frozenset({"group"}),
}

# The coach's relation counts for these only while the participant shares values with them.
MEASUREMENT_ACTIONS = frozenset(
    {Action.VIEW_MEASUREMENTS, Action.RECORD_MEASUREMENT, Action.SEE_ALERT_EXISTS}
)

ORGANISATION_RULES: dict[Action, frozenset[Role]] = {
    Action.MANAGE_ORGANISATION: frozenset({M}),
    Action.CREATE_COHORT: frozenset({M}),
    Action.REFER_PARTICIPANT: frozenset({M, N}),
    Action.SEARCH_ACCESS_LOG: frozenset({M}),
    Action.ERASE_PARTICIPANT: frozenset({M}),
}


def is_active_person(user: AnyUser) -> bool:
    """A logged-in person whose account is active (nobody else may do anything)."""
    return bool(user.is_authenticated and user.is_active)


def cohort_actions(user: AnyUser, roles: frozenset[Role]) -> frozenset[Action]:
    """The cohort actions these roles allow (every one for a superuser)."""
    if not is_active_person(user):
        return frozenset()
    if user.is_superuser:
        return frozenset(COHORT_RULES)
    return frozenset(action for action, allowed in COHORT_RULES.items() if roles & allowed)


def cohort_permissions(user: AnyUser, cohort: Cohort) -> frozenset[Action]:
    """Every cohort action the user may take, worked out with one look at their roles."""
    if not is_active_person(user):
        return frozenset()
    return cohort_actions(user, frozenset() if user.is_superuser else cohort_roles(user, cohort))


def membership_roles_allowed(action: Action) -> tuple[str, ...]:
    """The Membership roles that allow a cohort action, for a check written in SQL.

    Only for actions that membership roles alone decide (the chat): a staff role in the
    rule could not be checked this way, so it is refused rather than silently ignored.
    """
    allowed = COHORT_RULES[action]
    if not allowed <= MEMBERSHIP_ROLES.keys():
        raise ValueError(f"{action} is not decided by membership roles alone")
    return tuple(sorted(MEMBERSHIP_ROLES[role] for role in allowed))


def organisation_actions(user: AnyUser, roles: frozenset[Role]) -> frozenset[Action]:
    """The organisation actions these staff roles allow (every one for a superuser)."""
    if not is_active_person(user):
        return frozenset()
    if user.is_superuser:
        return frozenset(ORGANISATION_RULES)
    return frozenset(action for action, allowed in ORGANISATION_RULES.items() if roles & allowed)


def may_anywhere(user: AnyUser, action: Action) -> bool:
    """Whether the user may take this organisation action in any organisation."""
    if not is_active_person(user):
        return False
    return user.is_superuser or bool(staff_roles_anywhere(user) & ORGANISATION_RULES[action])


def coach_may_see_measurements(membership: Membership) -> bool:
    """Whether the coach may see and enter this participant's measurements.

    The one seam for the participant's consent ("share my measurements with my coach",
    privacy.ConsentChoice): the programme agreement covers it until the participant
    withdraws it on their consent page; the change applies at once.
    """
    return consent_given(person=membership.person, purpose="coach_measurements")


def _measurement_relations(membership: Membership, relations: frozenset[str]) -> frozenset[str]:
    """The relations that count for measurements: the coach's only with the consent."""
    if "coach" in relations and not coach_may_see_measurements(membership):
        return relations - {"coach"}
    return relations


def membership_allows(
    action: Action,
    membership: Membership,
    relations: frozenset[str],
    measurement_relations: frozenset[str] | None = None,
) -> bool:
    """The membership rule for one action, given the user's relations to the membership."""
    if action == Action.ACCEPT_AGREEMENT:
        return "self" in relations and membership.status == Membership.Status.INVITED
    if action == Action.LEAVE_COHORT:
        return "self" in relations and membership.is_participant and membership.is_open
    if action in MEASUREMENT_ACTIONS:
        if measurement_relations is None:
            measurement_relations = _measurement_relations(membership, relations)
        relations = measurement_relations
    return bool(relations & MEMBERSHIP_RULES[action])


def membership_actions(
    user: AnyUser, membership: Membership, relations: frozenset[str]
) -> frozenset[Action]:
    """Every membership action the user may take, from their relations (consent asked once)."""
    if not is_active_person(user):
        return frozenset()
    if user.is_superuser:
        return frozenset(MEMBERSHIP_RULES)
    measured = _measurement_relations(membership, relations)
    return frozenset(
        action
        for action in MEMBERSHIP_RULES
        if membership_allows(action, membership, relations, measured)
    )


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
    if not is_active_person(user):
        return frozenset()
    if user.is_superuser:
        return frozenset(GOAL_RULES)
    return frozenset(action for action, allowed in GOAL_RULES.items() if relations & allowed)


def may(
    user: AnyUser, action: Action, obj: Cohort | Membership | Goal | Organisation | Funder
) -> bool:
    """Whether the user may take this action on this cohort, membership, goal, organisation
    or funder."""
    if not is_active_person(user):
        return False
    if user.is_superuser:
        return True
    if isinstance(obj, Cohort):
        return action in cohort_permissions(user, obj)
    if isinstance(obj, Membership):
        return membership_allows(action, obj, membership_relations(user, obj))
    if isinstance(obj, Goal):
        return action in goal_actions(user, goal_relations(user, obj))
    if isinstance(obj, Organisation):
        return bool(organisation_roles(user, obj) & ORGANISATION_RULES[action])
    if isinstance(obj, Funder):
        return action == Action.VIEW_FUNDER_REPORT and is_funder_contact(user, obj)
    from . import safety  # alerts and practices (safety/): their own rule tables

    if safety.handles(obj):
        return safety.may(user, action, obj)
    raise TypeError(f"No permission rules for {type(obj).__name__}")


def measurement_memberships_for(user: AnyUser, cohort: Cohort) -> list[Membership]:
    """The cohort's active participants whose measurements the user may see, by name.

    The coach sees every participant (within the consent seam), the practice nurse only
    the patients of her own practice; anyone else nobody.
    """
    memberships = (
        cohort.memberships.participants()
        .active()
        .select_related("person")
        .order_by("person__first_name", "person__last_name", "person__email")
    )
    if not user.is_authenticated:
        return []
    if user.is_superuser:
        return list(memberships)
    roles = cohort_roles(user, cohort)
    if C in roles:
        withdrawn = withdrawn_people(
            purpose="coach_measurements", people=memberships.values("person")
        )
        return [m for m in memberships if m.person_id not in withdrawn]
    if N in roles:
        return list(patients_of_nurse(user, memberships))
    return []


# coupling/: what a participant shares with their own GP practice.
def shared_patients_for(user: AnyUser) -> QuerySet[User]:
    """The people whose shared record this user may fetch: patients of a practice she is
    the nurse of, with an active share with that same practice. Nobody else, not even a
    superuser: the participant shares with the practice, not with the platform."""
    if not user.is_authenticated or not user.is_active:
        return User.objects.none()
    practices = practices_of_nurse(user)
    shares = PracticeShare.objects.active().filter(
        person=OuterRef("pk"), practice=OuterRef("participant_profile__practice")
    )
    return User.objects.filter(is_active=True, participant_profile__practice__in=practices).filter(
        Exists(shares)
    )


def may_fetch_shared_record(user: AnyUser, person: User) -> bool:
    return shared_patients_for(user).filter(pk=person.pk).exists()


def may_list_shared_records(user: AnyUser) -> bool:
    """Whether the user is the nurse of a practice whose shared records she may list."""
    return is_active_person(user) and practices_of_nurse(user).exists()


def studies_of_evaluator(user: AnyUser) -> QuerySet[Study]:
    """The studies whose research export this user may download (its evaluators)."""
    if not is_active_person(user) or not isinstance(user, User):
        return Study.objects.none()
    return Study.objects.filter(evaluators=user)
