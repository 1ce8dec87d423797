"""The practice protocol: set by the practice's nurse."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from access.policy import Action, may
from accounts.models import User
from groups.models import Practice

from ..models import PracticeProtocol


@transaction.atomic
def set_protocol(*, practice: Practice, by: User, **limits: object) -> PracticeProtocol:
    """Stores the practice's limits (validated by the model's own ranges)."""
    if not may(by, Action.SET_PROTOCOL, practice):
        raise ValidationError(_("Only a nurse of this practice sets its protocol."))
    protocol = PracticeProtocol.objects.filter(practice=practice).first() or PracticeProtocol(
        practice=practice
    )
    for field, value in limits.items():
        setattr(protocol, field, value)
    protocol.updated_by = by
    protocol.updated_at = timezone.now()
    protocol.full_clean()
    protocol.save()
    return protocol
