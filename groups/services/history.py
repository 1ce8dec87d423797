"""The enrolment history of a membership: one event per step, with who took it."""

from accounts.models import User

from ..models import (
    EnrolmentEvent,
    Membership,
)


def record_event(membership: Membership, kind: str, by: User | None, note: str = "") -> None:
    EnrolmentEvent.objects.create(membership=membership, kind=kind, by=by, note=note)
