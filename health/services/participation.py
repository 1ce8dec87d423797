"""What every write about a participant's plan checks and announces."""

import logging

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from groups.models import Membership

logger = logging.getLogger("health.services")  # the name it had as one module


def publish(event: str, **ids: int) -> None:
    """A log line after commit: the hook where notifications (e-mail, sockets) attach later."""
    transaction.on_commit(lambda: logger.info("health.%s %s", event, ids))


def require_active_participant(membership: Membership) -> None:
    if not membership.is_participant or membership.status != Membership.Status.ACTIVE:
        raise ValidationError(_("Only an active participant keeps a plan and measurements."))
