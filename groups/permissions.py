"""Who may do what: the one place every view, template and WebSocket consumer asks.

A person's roles are worked out per cohort (a coach of two cohorts, a manager who is also
a coach): membership roles come from an open Membership, staff roles from StaffRole.

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

    * only while invited   ** participants and aanjagers only
    *** while coach_may_see_measurements(membership) allows it (the consent seam)

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

Objects a person may not see at all give 404 (their existence is not revealed); objects
they may see but not change give 403. Django superusers may do everything.
"""

from enum import StrEnum

from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.http import Http404

from .models import Cohort, Funder, Membership, Organisation, StaffRole


class Role(StrEnum):
    PARTICIPANT = "participant"
    AANJAGER = "aanjager"
    COACH = "coach"
    MANAGER = "manager"
    NURSE = "nurse"
    FUNDER = "funder"
    INVITEE = "invitee"


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
}

# Actions on a goal (health.models.Goal); "group" is a fellow member of the owner's cohort.
GOAL_RULES: dict[Action, frozenset[str]] = {
    Action.VIEW_GOAL: frozenset({"self", "coach", "group"}),
    Action.CHEER_GOAL: frozenset({"group"}),
}

MEASUREMENT_ACTIONS = frozenset({Action.VIEW_MEASUREMENTS, Action.RECORD_MEASUREMENT})

ORGANISATION_RULES: dict[Action, frozenset[Role]] = {
    Action.MANAGE_ORGANISATION: frozenset({M}),
    Action.CREATE_COHORT: frozenset({M}),
    Action.REFER_PARTICIPANT: frozenset({M, N}),
    Action.SEARCH_ACCESS_LOG: frozenset({M}),
    Action.ERASE_PARTICIPANT: frozenset({M}),
}


def cohort_roles(user, cohort: Cohort) -> frozenset[Role]:
    """Every role the user holds in (or over) this cohort."""
    if not user.is_authenticated:
        return frozenset()
    roles: set[Role] = set()
    for role, status in Membership.objects.filter(person=user, cohort=cohort).values_list(
        "role", "status"
    ):
        if status == Membership.Status.ACTIVE:
            roles.add(Role(role))
        elif status == Membership.Status.INVITED:
            roles.add(Role.INVITEE)
    staff = StaffRole.objects.filter(person=user).filter(
        Q(organisation_id=cohort.organisation_id) | Q(funder__cohorts=cohort)
    )
    for role in staff.values_list("role", flat=True):
        roles.add(
            {
                StaffRole.Role.MANAGER: Role.MANAGER,
                StaffRole.Role.PRACTICE_NURSE: Role.NURSE,
                StaffRole.Role.FUNDER: Role.FUNDER,
            }[role]
        )
    return frozenset(roles)


def cohort_permissions(user, cohort: Cohort) -> frozenset[Action]:
    """Every cohort action the user may take, worked out with one look at their roles."""
    if not user.is_authenticated or not user.is_active:
        return frozenset()
    if user.is_superuser:
        return frozenset(COHORT_RULES)
    roles = cohort_roles(user, cohort)
    return frozenset(action for action, allowed in COHORT_RULES.items() if roles & allowed)


def organisation_roles(user, organisation: Organisation) -> frozenset[Role]:
    if not user.is_authenticated:
        return frozenset()
    staff = StaffRole.objects.filter(person=user, organisation=organisation)
    mapping = {StaffRole.Role.MANAGER: Role.MANAGER, StaffRole.Role.PRACTICE_NURSE: Role.NURSE}
    return frozenset(mapping[role] for role in staff.values_list("role", flat=True))


def membership_relations(user, membership: Membership) -> frozenset[str]:
    """How the user relates to a membership: self, coach, manager or nurse of the practice."""
    if not user.is_authenticated:
        return frozenset()
    relations = set()
    if membership.person_id == user.pk:
        relations.add("self")
    if Membership.objects.filter(
        person=user,
        cohort_id=membership.cohort_id,
        role=Membership.Role.COACH,
        status=Membership.Status.ACTIVE,
    ).exists():
        relations.add("coach")
    staff = StaffRole.objects.filter(person=user)
    if staff.filter(
        role=StaffRole.Role.MANAGER, organisation_id=membership.cohort.organisation_id
    ).exists():
        relations.add("manager")
    if staff.filter(
        role=StaffRole.Role.PRACTICE_NURSE,
        practice__patients__person_id=membership.person_id,
    ).exists():
        relations.add("nurse")
    return frozenset(relations)


def coach_may_see_measurements(membership: Membership) -> bool:
    """Whether the coach may see and enter this participant's measurements.

    The one seam for the participant's consent ("share my measurements with my coach",
    privacy.ConsentChoice): the programme agreement covers it until the participant
    withdraws it on their consent page; the change applies at once.
    """
    from privacy.services import consent_given  # privacy builds on groups

    return consent_given(person=membership.person, purpose="coach_measurements")


def is_fellow_member(user, membership: Membership) -> bool:
    """Whether the user is another active participant or aanjager of the member's cohort."""
    if not user.is_authenticated or membership.person_id == user.pk:
        return False
    return Membership.objects.filter(
        person=user,
        cohort_id=membership.cohort_id,
        role__in=Membership.PARTICIPANT_ROLES,
        status=Membership.Status.ACTIVE,
    ).exists()


def _goal_model():
    from health.models import Goal  # health builds on groups, not the other way round

    return Goal


def goal_relations(user, goal) -> frozenset[str]:
    """The user's relations to the goal's owner, plus "group" for a fellow member's shared goal."""
    relations = set(membership_relations(user, goal.membership))
    if (
        goal.is_shared
        and goal.membership.status == Membership.Status.ACTIVE
        and is_fellow_member(user, goal.membership)
    ):
        relations.add("group")
    return frozenset(relations)


def may(user, action: Action, obj) -> bool:
    """Whether the user may take this action on this cohort, membership or organisation."""
    if not user.is_authenticated or not user.is_active:
        return False
    if user.is_superuser:
        return True
    if isinstance(obj, Cohort):
        return action in cohort_permissions(user, obj)
    if isinstance(obj, Membership):
        relations = membership_relations(user, obj)
        if action == Action.ACCEPT_AGREEMENT:
            return "self" in relations and obj.status == Membership.Status.INVITED
        if action == Action.LEAVE_COHORT:
            return "self" in relations and obj.is_participant and obj.is_open
        if action in MEASUREMENT_ACTIONS and not coach_may_see_measurements(obj):
            relations = relations - {"coach"}
        return bool(relations & MEMBERSHIP_RULES[action])
    if isinstance(obj, _goal_model()):
        return bool(goal_relations(user, obj) & GOAL_RULES[action])
    if isinstance(obj, Organisation):
        return bool(organisation_roles(user, obj) & ORGANISATION_RULES[action])
    if isinstance(obj, Funder):
        return action == Action.VIEW_FUNDER_REPORT and is_funder_contact(user, obj)
    raise TypeError(f"No permission rules for {type(obj).__name__}")


def visible_cohorts(user, queryset: QuerySet[Cohort] | None = None) -> QuerySet[Cohort]:
    """Cohorts the user has any role in (the 404 boundary)."""
    queryset = Cohort.objects.all() if queryset is None else queryset
    if not user.is_authenticated:
        return queryset.none()
    if user.is_superuser:
        return queryset
    staff = StaffRole.objects.filter(person=user)
    return queryset.filter(
        Q(memberships__person=user, memberships__status__in=Membership.OPEN_STATUSES)
        | Q(organisation__staff__in=staff)
        | Q(funders__contacts__in=staff)
    ).distinct()


def get_cohort_for_user(user, pk: int, action: Action) -> Cohort:
    """The cohort if the user may take the action: 404 to outsiders, 403 to members without it."""
    cohort = visible_cohorts(user).filter(pk=pk).select_related("organisation").first()
    if cohort is None:
        raise Http404
    if not may(user, action, cohort):
        raise PermissionDenied
    return cohort


def get_membership_for_user(user, pk: int, action: Action) -> Membership:
    membership = (
        Membership.objects.select_related("cohort__organisation", "person").filter(pk=pk).first()
    )
    if membership is None or not (user.is_superuser or membership_relations(user, membership)):
        raise Http404
    if not may(user, action, membership):
        raise PermissionDenied
    return membership


def is_funder_contact(user, funder: Funder) -> bool:
    return StaffRole.objects.filter(
        person=user, role=StaffRole.Role.FUNDER, funder=funder
    ).exists()


def get_funder_for_user(user, pk: int, action: Action) -> Funder:
    """A funder only its own contacts (and superusers) know of: 404 for everyone else."""
    funder = Funder.objects.filter(pk=pk).first()
    if funder is None or not may(user, action, funder):
        raise Http404
    return funder


def get_organisation_for_user(user, pk: int, action: Action) -> Organisation:
    organisation = Organisation.objects.filter(pk=pk).first()
    if organisation is None or not (user.is_superuser or organisation_roles(user, organisation)):
        raise Http404
    if not may(user, action, organisation):
        raise PermissionDenied
    return organisation


def get_goal_for_user(user, pk: int, action: Action):
    """The goal if the user may take the action: 404 unless the goal is theirs to know of."""
    goal = (
        _goal_model()
        .objects.select_related("membership__cohort__organisation", "membership__person")
        .select_related("current_version")
        .filter(pk=pk)
        .first()
    )
    if goal is None or not (user.is_superuser or goal_relations(user, goal)):
        raise Http404
    if not may(user, action, goal):
        raise PermissionDenied
    return goal


def measurement_memberships_for(user, cohort: Cohort) -> list[Membership]:
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
    if Role.COACH in roles:
        from privacy.services import withdrawn_people

        withdrawn = withdrawn_people(
            purpose="coach_measurements", people=memberships.values("person")
        )
        return [m for m in memberships if m.person_id not in withdrawn]
    if Role.NURSE in roles:
        practices = StaffRole.objects.filter(
            person=user, role=StaffRole.Role.PRACTICE_NURSE
        ).values("practice")
        return list(memberships.filter(person__participant_profile__practice__in=practices))
    return []
