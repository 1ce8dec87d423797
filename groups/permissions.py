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
    use_chat                 x         x       x      -       -     -       -        -
    moderate_chat            -         x       x      -       -     -       -        -
    view_report              -         -       -      x       -     x       -        -

Membership actions (``may(user, action, membership)``)::

    action              the member  coach  manager  nurse of the member's practice  others
    view_referral            -        x       x               x                      -
    record_consent           -        -       x               x                      -
    resend_invitation        -        x       x               x                      -
    accept_agreement         x*       -       -               -                      -
    leave_cohort             x**      -       -               -                      -

    * only while invited   ** participants and aanjagers only

Organisation actions (``may(user, action, organisation)``): ``manage_organisation``
and ``create_cohort`` for its managers; ``refer_participant`` for its managers and nurses.

Objects a person may not see at all give 404 (their existence is not revealed); objects
they may see but not change give 403. Django superusers may do everything.
"""

from enum import StrEnum

from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.http import Http404

from .models import Cohort, Membership, Organisation, StaffRole


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
    CREATE_COHORT = "create_cohort"


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
    Action.USE_CHAT: frozenset({P, A, C}),
    Action.MODERATE_CHAT: frozenset({A, C}),
    Action.VIEW_REPORT: frozenset({M, F}),
}

MEMBERSHIP_RULES: dict[Action, frozenset[str]] = {
    Action.VIEW_REFERRAL: frozenset({"coach", "manager", "nurse"}),
    Action.RECORD_CONSENT: frozenset({"manager", "nurse"}),
    Action.RESEND_INVITATION: frozenset({"coach", "manager", "nurse"}),
    Action.ACCEPT_AGREEMENT: frozenset({"self"}),
    Action.LEAVE_COHORT: frozenset({"self"}),
}

ORGANISATION_RULES: dict[Action, frozenset[Role]] = {
    Action.MANAGE_ORGANISATION: frozenset({M}),
    Action.CREATE_COHORT: frozenset({M}),
    Action.REFER_PARTICIPANT: frozenset({M, N}),
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
        return bool(relations & MEMBERSHIP_RULES[action])
    if isinstance(obj, Organisation):
        return bool(organisation_roles(user, obj) & ORGANISATION_RULES[action])
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


def get_organisation_for_user(user, pk: int, action: Action) -> Organisation:
    organisation = Organisation.objects.filter(pk=pk).first()
    if organisation is None or not (user.is_superuser or organisation_roles(user, organisation)):
        raise Http404
    if not may(user, action, organisation):
        raise PermissionDenied
    return organisation
