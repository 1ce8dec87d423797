"""Facts about how a person relates to a practice, the input of ``access.safety``.

Nothing here decides what anyone may do: "nurse" (a practice nurse of this practice),
"second_contact" (named in its protocol) and "manager" (of its organisation).
"""

from django.db.models import Q, QuerySet

from accounts.models import User
from groups.models import Practice, StaffRole
from groups.roles import AnyUser

from .models import PracticeProtocol


def practice_relations(user: AnyUser, practice: Practice) -> frozenset[str]:
    if not user.is_authenticated:
        return frozenset()
    relations: set[str] = set()
    for role, practice_id, organisation_id in StaffRole.objects.filter(person=user).values_list(
        "role", "practice_id", "organisation_id"
    ):
        if role == StaffRole.Role.PRACTICE_NURSE and practice_id == practice.pk:
            relations.add("nurse")
        if role == StaffRole.Role.MANAGER and organisation_id == practice.organisation_id:
            relations.add("manager")
    if PracticeProtocol.objects.filter(practice=practice, second_contact=user).exists():
        relations.add("second_contact")
    return frozenset(relations)


def people_related(practice: Practice, relations: frozenset[str]) -> QuerySet[User]:
    """The active people who hold any of these relations to the practice."""
    condition = Q(pk__in=[])
    if "nurse" in relations:
        condition |= Q(
            staff_roles__role=StaffRole.Role.PRACTICE_NURSE, staff_roles__practice=practice
        )
    if "manager" in relations:
        condition |= Q(
            staff_roles__role=StaffRole.Role.MANAGER,
            staff_roles__organisation_id=practice.organisation_id,
        )
    if "second_contact" in relations:
        second = PracticeProtocol.objects.filter(practice=practice).values("second_contact")
        condition |= Q(pk__in=second)
    return User.objects.filter(condition, is_active=True).distinct()


def practices_related(user: AnyUser, relations: frozenset[str]) -> QuerySet[Practice]:
    """The practices to which the user holds any of these relations."""
    if not user.is_authenticated:
        return Practice.objects.none()
    condition = Q(pk__in=[])
    staff = StaffRole.objects.filter(person=user)
    if "nurse" in relations:
        nurse = staff.filter(role=StaffRole.Role.PRACTICE_NURSE).values("practice")
        condition |= Q(pk__in=nurse)
    if "manager" in relations:
        manager = staff.filter(role=StaffRole.Role.MANAGER).values("organisation")
        condition |= Q(organisation__in=manager)
    if "second_contact" in relations:
        condition |= Q(protocol__second_contact=user)
    return Practice.objects.filter(condition).distinct()


def organisation_staff(practice: Practice, roles: frozenset[str]) -> QuerySet[User]:
    """The people with one of these staff roles in the practice's organisation."""
    return User.objects.filter(
        staff_roles__organisation=practice.organisation_id, staff_roles__role__in=roles
    ).distinct()
