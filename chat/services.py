"""Writes for the group chat: every change is stored first, then broadcast on commit.

Each change takes the room's next number while the room row is locked (until the commit),
so numbers are unique, only go up and are committed in order across any number of
processes; clients catch up by number.
"""

import json
import time
from typing import Any

from asgiref.sync import async_to_sync
from channels.layers import get_channel_layer
from django.core.cache.backends.redis import RedisCache
from django.core.exceptions import ValidationError
from django.core.validators import ProhibitNullCharactersValidator
from django.db import IntegrityError, connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from accounts.models import User
from groups.models import Cohort
from sessions.models import Session

from . import caching, selectors, storing
from .models import (
    MAX_CLIENT_ID_LENGTH,
    MAX_MESSAGE_LENGTH,
    MAX_REASON_LENGTH,
    ChatMessage,
    ChatRoom,
    member_group_name,
    room_group_name,
)

RATE_LIMIT = 10  # messages per member ...
RATE_WINDOW = 10  # ... in this many seconds


def room_for(cohort: Cohort | int) -> ChatRoom:
    """The cohort's room, made on first use."""
    cohort_id = cohort if isinstance(cohort, int) else cohort.pk
    room, _created = ChatRoom.objects.get_or_create(cohort_id=cohort_id)
    return room


def _locked_room(cohort_id: int) -> ChatRoom:
    room = ChatRoom.objects.select_for_update().filter(cohort_id=cohort_id).first()
    if room is None:
        room_for(cohort_id)
        room = ChatRoom.objects.select_for_update().get(cohort_id=cohort_id)
    return room


def _next_seq(room: ChatRoom) -> int:
    room.last_seq += 1
    room.save(update_fields=["last_seq"])
    return room.last_seq


def _clean_body(body: str) -> str:
    body = (body or "").replace("\r\n", "\n").strip()
    if not body:
        raise ValidationError({"body": _("Please write a message first.")})
    if "\x00" in body:  # PostgreSQL cannot store it; Django's own (translated) message
        raise ValidationError({"body": ProhibitNullCharactersValidator.message})
    if len(body) > MAX_MESSAGE_LENGTH:
        raise ValidationError(
            {
                "body": _(
                    "A message can be at most %(max)d characters long; this one has %(count)d. "
                    "Make it shorter or send it in two parts."
                )
                % {"max": MAX_MESSAGE_LENGTH, "count": len(body)}
            }
        )
    return body


def _now() -> float:
    return time.time()


def _count_in_window(current: str, previous: str, *, timeout: int) -> tuple[int, int]:
    """Adds one to the counter ``current``; returns it and the counter ``previous``.

    On Redis (scale-out) in one round trip: INCR, EXPIRE and GET in a pipeline. Django's
    cache API would take three to four (``incr`` alone checks that the key exists first),
    and this runs for every message sent. Django's Redis cache stores integers as plain
    numbers, so the counters stay readable through the cache API.
    """
    backend = caching.shared()
    if isinstance(backend, RedisCache):
        current_key = backend.make_and_validate_key(current)
        previous_key = backend.make_and_validate_key(previous)
        client = backend._cache.get_client(current_key, write=True)
        with client.pipeline(transaction=False) as pipe:
            pipe.incr(current_key)
            pipe.expire(current_key, timeout)
            pipe.get(previous_key)
            count, _, earlier = pipe.execute()
        return int(count), int(earlier or 0)
    counts = backend.get_many([current, previous])
    if current not in counts and backend.add(current, 1, timeout=timeout):
        count = 1  # the first message of this window
    else:
        try:
            count = backend.incr(current)
        except ValueError:  # expired in between
            backend.set(current, 1, timeout=timeout)
            count = 1
    return count, counts.get(previous) or 0


def _check_rate_limit(*, cohort_id: int, user_id: int) -> None:
    """At most RATE_LIMIT messages in RATE_WINDOW seconds, counted in the shared cache.

    A sliding-window counter: this window's count plus the previous window's, weighted by
    how much of it still falls within the last RATE_WINDOW seconds. The cache is Redis in
    scale-out mode, so the limit holds across processes.
    """
    now = _now()
    window, elapsed = divmod(now, RATE_WINDOW)
    current = f"chat:rate:{cohort_id}:{user_id}:{int(window)}"
    previous = f"chat:rate:{cohort_id}:{user_id}:{int(window) - 1}"
    count, earlier = _count_in_window(current, previous, timeout=RATE_WINDOW * 2 + 1)
    if earlier * (1 - elapsed / RATE_WINDOW) + count > RATE_LIMIT:
        raise ValidationError(
            {
                "body": ngettext(
                    "You are sending many messages in a short time (at most %(limit)d in "
                    "%(seconds)d second). Please wait a moment and send it again.",
                    "You are sending many messages in a short time (at most %(limit)d in "
                    "%(seconds)d seconds). Please wait a moment and send it again.",
                    RATE_WINDOW,
                )
                % {"limit": RATE_LIMIT, "seconds": RATE_WINDOW}
            },
            code="rate_limited",
        )


def event_for_room(message: ChatMessage) -> dict[str, Any]:
    """The channel-layer event that hands a stored message (or its change) to the room.

    It carries the JSON text the clients receive, encoded once here rather than once per
    connected member.
    """
    return {"type": "chat.event", "text": json.dumps(message.as_event())}


def _broadcast(room: ChatRoom, message: ChatMessage) -> None:
    event = event_for_room(message)
    group = room.group_name
    transaction.on_commit(lambda: async_to_sync(get_channel_layer().group_send)(group, event))


def post_message(
    *,
    cohort: Cohort,
    author: User,
    body: str,
    broadcast: bool = True,
    members_only: bool = False,
    client_id: str = "",
    session: Session | None = None,
) -> ChatMessage:
    """Stores a member's message under the room's next number and broadcasts it.

    With ``session`` the message belongs to that session's thread (a session of this
    cohort, or a ValidationError); it still takes the room's number, so catch-up and the
    live broadcast are the room's.

    With ``broadcast=False`` the caller sends ``event_for_room(message)`` to the room
    itself once this has returned (the socket does so from its event loop rather than
    blocking a database thread on the channel layer). That is only allowed outside a
    transaction, so that returning means committed: stored before broadcast.

    ``members_only``: check, in the same statement, that the author may still use the
    room, or write in the session's thread (the socket's check before every message);
    PermissionDenied if not.
    """
    if not broadcast and connection.in_atomic_block:
        raise RuntimeError("post_message(broadcast=False) must commit before it returns")
    body = _clean_body(body)
    client_id = client_id[:MAX_CLIENT_ID_LENGTH]
    if session is not None and session.cohort_id != cohort.pk:
        raise ValidationError(_("This session is not one of this group."))
    try:
        _check_rate_limit(cohort_id=cohort.pk, user_id=author.pk)
    except ValidationError:
        if earlier := _sent_before(cohort.pk, author, client_id):
            return earlier
        raise
    message = ChatMessage(
        seq=1,
        changed_seq=1,
        author=author,
        body=body,
        created_at=timezone.now(),
        client_id=client_id,
        session=session,
    )
    # The room lock guarantees the unique numbers, and the room and the author are known
    # to exist: skip those look-ups.
    message.full_clean(
        exclude=["room", "author", "session"], validate_unique=False, validate_constraints=False
    )
    member_id = author.pk if members_only else None
    roles = selectors.CHAT_ROLES if session is None else selectors.THREAD_ROLES
    try:
        storing.store_new(message, cohort.pk, member_id, roles)
    except IntegrityError:  # the whole statement (or savepoint) rolled back: no number taken
        if earlier := _sent_before(cohort.pk, author, client_id):
            return earlier
        raise
    if broadcast:  # on commit: at once when the message was stored outside a transaction
        group = room_group_name(cohort.pk)
        event = event_for_room(message)
        transaction.on_commit(lambda: async_to_sync(get_channel_layer().group_send)(group, event))
    return message


def _sent_before(cohort_id: int, author: User, client_id: str) -> ChatMessage | None:
    """The message the author stored earlier with this client_id (a repeated send)."""
    if not client_id:
        return None
    return (
        ChatMessage.objects.filter(room__cohort_id=cohort_id, author=author, client_id=client_id)
        .select_related("author")
        .first()
    )


def _locked_message(message: ChatMessage) -> tuple[ChatRoom, ChatMessage]:
    room = _locked_room(message.room.cohort_id)
    message = ChatMessage.objects.select_related("author").get(pk=message.pk)
    return room, message


def _require_own_visible(message: ChatMessage, by: User) -> None:
    if message.author_id != by.pk:
        raise ValidationError(_("You can only change your own messages."))
    if not message.is_visible:
        raise ValidationError(_("This message has been deleted or hidden."))


@transaction.atomic
def edit_message(*, message: ChatMessage, by: User, body: str) -> ChatMessage:
    """The author changes their message; others see that it was edited."""
    body = _clean_body(body)
    room, message = _locked_message(message)
    _require_own_visible(message, by)
    message.body = body
    message.edited_at = timezone.now()
    message.changed_seq = _next_seq(room)
    message.save(update_fields=["body", "edited_at", "changed_seq"])
    _broadcast(room, message)
    return message


@transaction.atomic
def delete_message(*, message: ChatMessage, by: User) -> ChatMessage:
    """The author deletes their message: the text is removed, a "deleted" mark stays."""
    room, message = _locked_message(message)
    _require_own_visible(message, by)
    message.body = ""
    message.deleted_at = timezone.now()
    message.changed_seq = _next_seq(room)
    message.save(update_fields=["body", "deleted_at", "changed_seq"])
    _broadcast(room, message)
    return message


@transaction.atomic
def hide_message(*, message: ChatMessage, by: User, reason: str) -> ChatMessage:
    """A coach or aanjager hides a message with a reason; who, when and why are kept."""
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Please give a reason for hiding this message.")})
    if len(reason) > MAX_REASON_LENGTH:
        raise ValidationError(
            {
                "reason": _("The reason can be at most %(max)d characters long.")
                % {"max": MAX_REASON_LENGTH}
            }
        )
    room, message = _locked_message(message)
    if message.deleted_at is not None:
        raise ValidationError(_("This message has been deleted already."))
    if message.hidden_at is not None:
        raise ValidationError(_("This message is hidden already."))
    message.hidden_at = timezone.now()
    message.hidden_by = by
    message.hidden_reason = reason
    message.changed_seq = _next_seq(room)
    message.save(update_fields=["hidden_at", "hidden_by", "hidden_reason", "changed_seq"])
    _broadcast(room, message)
    return message


def disconnect_member(*, cohort_id: int, user_id: int) -> None:
    """Closes every chat connection of a member who left or was removed from the cohort.

    groups.services calls it wherever a membership ends. It acts once the transaction
    commits, so a rolled-back removal disconnects nobody; and robustly, so a channel layer
    that is down cannot turn the committed removal into an error (the socket still checks
    the membership before every message it handles).
    """
    group = member_group_name(cohort_id, user_id)
    transaction.on_commit(
        lambda: async_to_sync(get_channel_layer().group_send)(group, {"type": "chat.removed"}),
        robust=True,
    )
