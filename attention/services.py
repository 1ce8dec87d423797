"""Writes of the early-warning list: follow-ups, asking an aanjager, the thresholds.

Who may call these is decided before, in the access layer (``access.attention``); the
services check only that the facts fit (an active member, an aanjager of the same group).
"""

import datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from groups.models import Membership, Organisation

from .models import Assignment, AttentionSettings, FollowUp
from .roles import aanjagers_of


def _require_active(membership: Membership) -> None:
    if membership.status != Membership.Status.ACTIVE or not membership.is_participant:
        raise ValidationError(_("This person no longer takes part in the group."))


@transaction.atomic
def record_follow_up(
    *,
    membership: Membership,
    by: User,
    note: str,
    contacted_on: datetime.date,
    kind: str = FollowUp.Kind.CONTACT,
) -> FollowUp:
    """A contact after a signal ("gebeld, komt volgende keer"): what, when and who."""
    _require_active(membership)
    note = note.strip()
    if not note:
        raise ValidationError(_("Write in a few words what happened."))
    if contacted_on > timezone.localdate():
        raise ValidationError(_("The date cannot be in the future."))
    follow_up = FollowUp(
        membership=membership, by=by, note=note, contacted_on=contacted_on, kind=kind
    )
    follow_up.full_clean()
    follow_up.save()
    return follow_up


@transaction.atomic
def ask_aanjager(*, membership: Membership, aanjager: User, by: User) -> Assignment:
    """Asks an aanjager of the group to follow this participant up (replaces an open ask)."""
    _require_active(membership)
    if aanjager.pk == membership.person_id:
        raise ValidationError(_("An aanjager cannot follow themselves up."))
    if not aanjagers_of(membership.cohort_id).filter(pk=aanjager.pk).exists():
        raise ValidationError(_("Choose an aanjager of this group."))
    Assignment.objects.select_for_update().filter(
        membership=membership, ended_at__isnull=True
    ).update(ended_at=timezone.now())
    return Assignment.objects.create(membership=membership, aanjager=aanjager, asked_by=by)


@transaction.atomic
def end_assignment(*, membership: Membership, by: User) -> int:
    """The follow-up is done: the aanjager no longer sees this participant."""
    return Assignment.objects.filter(membership=membership, ended_at__isnull=True).update(
        ended_at=timezone.now()
    )


@transaction.atomic
def set_thresholds(*, organisation: Organisation, by: User, **values: Any) -> AttentionSettings:
    """The manager's thresholds for the programme; out-of-range values change nothing."""
    found = AttentionSettings.objects.select_for_update().filter(organisation=organisation)
    settings = found.first() or AttentionSettings(organisation=organisation)
    for name, value in values.items():
        setattr(settings, name, value)
    settings.updated_by = by
    settings.updated_at = timezone.now()
    settings.full_clean()
    settings.save()
    return settings


def today() -> datetime.date:
    return timezone.localdate()
