"""Facts for the access layer: which participants an aanjager has been asked to follow up.

Nothing here decides; ``access.policy.attention`` turns these facts into decisions.
"""

from django.db.models import QuerySet

from accounts.models import User
from groups.models import Membership
from groups.roles import AnyUser

from .models import Assignment


def open_assignments(*, aanjager: AnyUser) -> QuerySet[Assignment]:
    if not aanjager.is_authenticated:
        return Assignment.objects.none()
    return Assignment.objects.filter(aanjager_id=aanjager.pk, ended_at__isnull=True)


def is_assigned(user: AnyUser, membership: Membership) -> bool:
    """Whether the user has an open request to follow this member up."""
    return open_assignments(aanjager=user).filter(membership=membership).exists()


def assigned_membership_ids(user: AnyUser, cohort_id: int) -> set[int]:
    return set(
        open_assignments(aanjager=user)
        .filter(membership__cohort_id=cohort_id)
        .values_list("membership_id", flat=True)
    )


def aanjagers_of(cohort_id: int) -> QuerySet[User]:
    """The cohort's active aanjagers (who may be asked)."""
    return User.objects.filter(
        memberships__cohort_id=cohort_id,
        memberships__role=Membership.Role.AANJAGER,
        memberships__status=Membership.Status.ACTIVE,
    ).order_by("display_name", "first_name")
