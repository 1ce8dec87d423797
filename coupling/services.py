"""Writes: a participant starts or withdraws sharing with their GP practice."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from groups.models import ParticipantProfile
from privacy import access_log

from .models import PracticeShare


@transaction.atomic
def start_practice_share(*, person: User) -> PracticeShare:
    """The participant shares their self-measurements and scores with their own practice.

    Sharing again while a share is active changes nothing and returns that share.
    """
    User.objects.select_for_update().filter(pk=person.pk).first()
    profile = ParticipantProfile.objects.filter(person=person).select_related("practice").first()
    if profile is None:
        raise ValidationError(_("You can only share when you take part through a GP practice."))
    active = PracticeShare.objects.active().filter(person=person).first()
    if active is not None:
        if active.practice_id == profile.practice_id:
            return active
        active.ended_at = timezone.now()
        active.save(update_fields=["ended_at"])
    share = PracticeShare(person=person, practice=profile.practice)
    share.full_clean()
    share.save()
    _log_change(person)
    return share


@transaction.atomic
def withdraw_practice_share(*, person: User) -> int:
    """Ends every active share at once; the practice can fetch nothing from now on."""
    User.objects.select_for_update().filter(pk=person.pk).first()
    ended = PracticeShare.objects.active().filter(person=person).update(ended_at=timezone.now())
    if ended:
        _log_change(person)
    return ended


def _log_change(person: User) -> None:
    access_log.record(
        actor=person,
        subject=person,
        action=access_log.Action.CHANGE,
        data_kind=access_log.DataKind.CONSENT,
    )
