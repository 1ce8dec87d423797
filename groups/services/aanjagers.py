"""Appointing the two aanjagers of a cohort and stepping down."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from accounts.models import User

from ..models import (
    MAX_AANJAGERS,
    Cohort,
    EnrolmentEvent,
    Membership,
)
from .history import record_event


@transaction.atomic
def appoint_aanjager(*, membership: Membership, by: User) -> Membership:
    cohort = Cohort.objects.select_for_update().get(pk=membership.cohort_id)
    membership = Membership.objects.select_for_update().get(pk=membership.pk)
    if membership.role == Membership.Role.AANJAGER:
        return membership
    if membership.role != Membership.Role.PARTICIPANT or membership.status != (
        Membership.Status.ACTIVE
    ):
        raise ValidationError(_("Only an active participant can be appointed aanjager."))
    taken = set(
        cohort.memberships.filter(aanjager_seat__isnull=False).values_list(
            "aanjager_seat", flat=True
        )
    )
    free = [seat for seat in range(1, MAX_AANJAGERS + 1) if seat not in taken]
    if not free:
        raise ValidationError(_("A cohort has at most two aanjagers. Let one step down first."))
    membership.role = Membership.Role.AANJAGER
    membership.aanjager_seat = free[0]
    membership.save(update_fields=["role", "aanjager_seat"])
    record_event(membership, EnrolmentEvent.Kind.AANJAGER_APPOINTED, by)
    return membership


@transaction.atomic
def step_down_aanjager(*, membership: Membership, by: User) -> Membership:
    membership = Membership.objects.select_for_update().get(pk=membership.pk)
    if membership.role != Membership.Role.AANJAGER:
        raise ValidationError(_("This participant is not an aanjager."))
    membership.role = Membership.Role.PARTICIPANT
    membership.aanjager_seat = None
    membership.save(update_fields=["role", "aanjager_seat"])
    record_event(membership, EnrolmentEvent.Kind.AANJAGER_STEPPED_DOWN, by)
    return membership
