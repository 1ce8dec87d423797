"""Facts about who holds which role where: the input of the access policy (access/).

Nothing here decides what anyone may do; ``access.policy`` does that from these facts.
Membership roles come from an open Membership, staff roles from StaffRole.
"""

from enum import StrEnum

from django.contrib.auth.models import AnonymousUser
from django.db.models import Q, QuerySet

from accounts.models import User

from .models import Cohort, Funder, Membership, Organisation, Practice, StaffRole

# Who asks: a logged-in person or an anonymous visitor.
type AnyUser = User | AnonymousUser


class Role(StrEnum):
    """A person's role in (or over) one cohort."""

    PARTICIPANT = "participant"
    AANJAGER = "aanjager"
    COACH = "coach"
    MANAGER = "manager"
    NURSE = "nurse"
    FUNDER = "funder"
    INVITEE = "invitee"


# The roles an active Membership gives, and the roles a StaffRole gives.
MEMBERSHIP_ROLES: dict[Role, str] = {
    Role.PARTICIPANT: Membership.Role.PARTICIPANT,
    Role.AANJAGER: Membership.Role.AANJAGER,
    Role.COACH: Membership.Role.COACH,
}
STAFF_ROLES: dict[str, Role] = {
    StaffRole.Role.MANAGER: Role.MANAGER,
    StaffRole.Role.PRACTICE_NURSE: Role.NURSE,
    StaffRole.Role.FUNDER: Role.FUNDER,
}
ORGANISATION_STAFF_ROLES: dict[str, Role] = {
    StaffRole.Role.MANAGER: Role.MANAGER,
    StaffRole.Role.PRACTICE_NURSE: Role.NURSE,
}


def cohort_roles(user: AnyUser, cohort: Cohort) -> frozenset[Role]:
    """Every role the user holds in (or over) this cohort."""
    return cohort_standing(user, cohort)[0]


def cohort_standing(user: AnyUser, cohort: Cohort) -> tuple[frozenset[Role], bool]:
    """The user's roles in (or over) this cohort, and whether the cohort is visible to them
    (``visible_cohorts`` for this one cohort: an open membership, or a staff role over it),
    from the same two queries."""
    if not user.is_authenticated:
        return frozenset(), False
    roles: set[Role] = set()
    visible = False
    # No ordering: the model's default one would join the cohort for nothing.
    memberships = Membership.objects.filter(person=user, cohort=cohort).order_by()
    for role, status in memberships.values_list("role", "status"):
        visible = visible or status in Membership.OPEN_STATUSES
        if status == Membership.Status.ACTIVE:
            roles.add(Role(role))
        elif status == Membership.Status.INVITED:
            roles.add(Role.INVITEE)
    staff = StaffRole.objects.filter(person=user).filter(
        Q(organisation_id=cohort.organisation_id) | Q(funder__cohorts=cohort)
    )
    for role in staff.values_list("role", flat=True):
        visible = True
        roles.add(STAFF_ROLES[role])
    return frozenset(roles), visible


def cohorts_where(user: AnyUser, roles: frozenset[Role]) -> QuerySet[Cohort]:
    """The cohorts in (or over) which the user holds one of these roles (one query)."""
    if not user.is_authenticated or not roles:
        return Cohort.objects.none()
    condition = Q(pk__in=[])
    membership_roles = [MEMBERSHIP_ROLES[role] for role in roles if role in MEMBERSHIP_ROLES]
    if membership_roles:
        memberships = Membership.objects.filter(
            person=user, status=Membership.Status.ACTIVE, role__in=membership_roles
        )
        condition |= Q(pk__in=memberships.values("cohort"))
    organisation_roles = [s for s, role in ORGANISATION_STAFF_ROLES.items() if role in roles]
    if organisation_roles:
        staff = StaffRole.objects.filter(person=user, role__in=organisation_roles)
        condition |= Q(organisation__in=staff.values("organisation"))
    if Role.FUNDER in roles:
        funders = StaffRole.objects.filter(person=user, role=StaffRole.Role.FUNDER)
        condition |= Q(funders__in=funders.values("funder"))
    return Cohort.objects.filter(condition).distinct()


def organisations_where(user: AnyUser, roles: frozenset[Role]) -> QuerySet[Organisation]:
    """The organisations in which the user holds one of these staff roles."""
    staff_roles = [s for s, role in ORGANISATION_STAFF_ROLES.items() if role in roles]
    if not user.is_authenticated or not staff_roles:
        return Organisation.objects.none()
    staff = StaffRole.objects.filter(person=user, role__in=staff_roles)
    return Organisation.objects.filter(pk__in=staff.values("organisation"))


def funders_of_contact(user: AnyUser) -> QuerySet[Funder]:
    """The funders the user is a contact of."""
    if not user.is_authenticated:
        return Funder.objects.none()
    staff = StaffRole.objects.filter(person=user, role=StaffRole.Role.FUNDER)
    return Funder.objects.filter(pk__in=staff.values("funder"))


def organisation_roles(user: AnyUser, organisation: Organisation) -> frozenset[Role]:
    """The staff roles the user holds in this organisation."""
    if not user.is_authenticated:
        return frozenset()
    staff = StaffRole.objects.filter(person=user, organisation=organisation)
    return frozenset(
        ORGANISATION_STAFF_ROLES[role] for role in staff.values_list("role", flat=True)
    )


def staff_roles_anywhere(user: AnyUser) -> frozenset[Role]:
    """The staff roles the user holds in any organisation (for pages across cohorts)."""
    if not user.is_authenticated:
        return frozenset()
    roles = StaffRole.objects.filter(person=user).values_list("role", flat=True)
    return frozenset(STAFF_ROLES[role] for role in roles)


def membership_relations(user: AnyUser, membership: Membership) -> frozenset[str]:
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


def is_fellow_member(user: AnyUser, membership: Membership) -> bool:
    """Whether the user is another active participant or aanjager of the member's cohort."""
    if not user.is_authenticated or membership.person_id == user.pk:
        return False
    return Membership.objects.filter(
        person=user,
        cohort_id=membership.cohort_id,
        role__in=Membership.PARTICIPANT_ROLES,
        status=Membership.Status.ACTIVE,
    ).exists()


def is_funder_contact(user: AnyUser, funder: Funder) -> bool:
    if not user.is_authenticated:
        return False
    return StaffRole.objects.filter(
        person=user, role=StaffRole.Role.FUNDER, funder=funder
    ).exists()


def is_staff_person(user: AnyUser) -> bool:
    """Whether the person holds a staff position: administrator, staff role, coach, or
    evaluator of a study (who downloads pseudonymous microdata: a second factor, too)."""
    if not user.is_authenticated:
        return False
    if user.is_staff or user.is_superuser:
        return True
    if StaffRole.objects.filter(person=user).exists():
        return True
    if Membership.objects.filter(person=user, role=Membership.Role.COACH).exists():
        return True
    # coupling.Study.evaluators, by its related name: groups does not import coupling
    return bool(user.evaluated_studies.exists())


def practices_of_nurse(user: AnyUser) -> QuerySet[Practice]:
    """The GP practices the user is a practice nurse of."""
    if not user.is_authenticated:
        return Practice.objects.none()
    return Practice.objects.filter(
        nurses__person=user, nurses__role=StaffRole.Role.PRACTICE_NURSE
    ).distinct()


def patients_of_nurse(user: AnyUser, memberships: QuerySet[Membership]) -> QuerySet[Membership]:
    """Those of the memberships whose person is a patient of one of the nurse's practices."""
    if not user.is_authenticated:
        return memberships.none()
    practices = StaffRole.objects.filter(person=user, role=StaffRole.Role.PRACTICE_NURSE).values(
        "practice"
    )
    return memberships.filter(person__participant_profile__practice__in=practices)


def visible_cohorts(user: AnyUser, queryset: QuerySet[Cohort] | None = None) -> QuerySet[Cohort]:
    """Cohorts the user has any role in (the 404 boundary); ``cohort_standing`` says the
    same of one cohort (tests/access check that the two agree)."""
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
