"""Each member's read markers: how far they have read the main chat and each session's
thread (the unread counts are in selectors)."""

from django.db import transaction
from django.db.models import F
from django.db.models.functions import Greatest

from accounts.models import User
from groups.models import Cohort
from sessions.models import Session

from .models import ChatMessage, ReadMarker, ThreadReadMarker
from .services import room_for


@transaction.atomic
def mark_read(*, cohort: Cohort | int, person: User, seq: int) -> None:
    """Moves the member's read marker forward to `seq` (never back, never past the end)."""
    room = room_for(cohort)
    seq = max(0, min(int(seq), room.last_seq))
    marker, created = ReadMarker.objects.get_or_create(
        room=room, person=person, defaults={"last_read_seq": seq}
    )
    if not created and marker.last_read_seq < seq:
        ReadMarker.objects.filter(pk=marker.pk).update(
            last_read_seq=Greatest(F("last_read_seq"), seq)
        )


@transaction.atomic
def mark_thread_read(*, session: Session, person: User, seq: int) -> None:
    """Moves the member's read marker of one session's thread forward to `seq`."""
    room = room_for(session.cohort_id)
    seq = max(0, min(int(seq), room.last_seq))
    marker, created = ThreadReadMarker.objects.get_or_create(
        session=session, person=person, defaults={"last_read_seq": seq}
    )
    if not created and marker.last_read_seq < seq:
        ThreadReadMarker.objects.filter(pk=marker.pk).update(
            last_read_seq=Greatest(F("last_read_seq"), seq)
        )


@transaction.atomic
def mark_unread(*, message: ChatMessage, person: User) -> None:
    """Moves the person's read marker of the message's place (the main chat, or its
    session's thread) back to just before it: the message and what follows are unread
    again, until the person reads that place once more."""
    seq = message.seq - 1
    if message.session_id:
        ThreadReadMarker.objects.update_or_create(
            session_id=message.session_id, person=person, defaults={"last_read_seq": seq}
        )
    else:
        ReadMarker.objects.update_or_create(
            room_id=message.room_id, person=person, defaults={"last_read_seq": seq}
        )
