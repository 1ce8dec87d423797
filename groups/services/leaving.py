"""Ending a membership: a participant leaves, or the coach or manager ends it."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from chat import services as chat_services
from contributions.services import end_contributions_for_membership

from ..models import (
    EnrolmentEvent,
    Membership,
)
from .history import record_event


def close_membership(
    membership: Membership, *, status: str, reason: str = "", category: str = ""
) -> None:
    membership.status = status
    membership.place = None
    membership.aanjager_seat = None
    if membership.role == Membership.Role.AANJAGER:
        membership.role = Membership.Role.PARTICIPANT
    membership.ended_at = timezone.now()
    membership.end_reason = reason
    membership.end_reason_category = category
    membership.save(
        update_fields=[
            "status",
            "place",
            "aanjager_seat",
            "role",
            "ended_at",
            "end_reason",
            "end_reason_category",
        ]
    )
    # Closes the member's live chat sockets once this commits (robustly: never fails it).
    chat_services.disconnect_member(cohort_id=membership.cohort_id, user_id=membership.person_id)
    transaction.on_commit(lambda: end_contributions_for_membership(membership=membership))


def _require_reason(reason: str, category: str) -> str:
    errors = {}
    if category not in Membership.LeaveReason.values:
        errors["category"] = _("Please choose what kind of reason it is.")
    if not reason.strip():
        errors["reason"] = _("Please give a reason.")
    if errors:
        raise ValidationError(errors)
    return reason.strip()


@transaction.atomic
def leave_cohort(
    *, membership: Membership, by: User, reason: str, category: str = "other"
) -> Membership:
    """The participant leaves; the history stays and the place frees up."""
    reason = _require_reason(reason, category)
    membership = Membership.objects.select_for_update().get(pk=membership.pk)
    if membership.person_id != by.pk or not membership.is_participant or not membership.is_open:
        raise ValidationError(_("You are not taking part in this cohort."))
    close_membership(membership, status=Membership.Status.LEFT, reason=reason, category=category)
    record_event(membership, EnrolmentEvent.Kind.LEFT, by, reason)
    return membership


@transaction.atomic
def end_membership(
    *, membership: Membership, by: User, reason: str, category: str = "other"
) -> Membership:
    """The coach or manager ends a participant's membership, with a reason."""
    reason = _require_reason(reason, category)
    membership = Membership.objects.select_for_update().get(pk=membership.pk)
    if not membership.is_participant or not membership.is_open:
        raise ValidationError(_("This membership has already ended."))
    close_membership(membership, status=Membership.Status.LEFT, reason=reason, category=category)
    record_event(membership, EnrolmentEvent.Kind.ENDED, by, reason)
    return membership
