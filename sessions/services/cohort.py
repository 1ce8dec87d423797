"""What every write of a cohort's sessions and themes starts from: its lock, members, clock."""

from collections.abc import Iterable
from zoneinfo import ZoneInfo

from django.conf import settings

from accounts.models import User
from groups.models import Cohort, Membership


def local_zone() -> ZoneInfo:
    return ZoneInfo(settings.TIME_ZONE)


def active_membership(cohort: Cohort, person: User, roles: Iterable[str]) -> Membership | None:
    return cohort.memberships.filter(
        person=person, status=Membership.Status.ACTIVE, role__in=list(roles)
    ).first()


def locked_cohort(cohort: Cohort) -> Cohort:
    # One writer per cohort at a time: overlap checks and vote limits stay true under races.
    return Cohort.objects.select_for_update().get(pk=cohort.pk)
