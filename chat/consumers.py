"""The chat socket: members only, catch-up by number, membership checked on every message.

Client to server (JSON): ``{"type": "sync", "after": N}`` on every (re)connect,
``{"type": "send", "body": "...", "client_id": "..."}``, ``{"type": "history",
"before": N}``, ``{"type": "read", "seq": N}`` and ``{"type": "ping"}`` (presence).
``send``, ``history`` and ``read`` take an optional ``"session": id``: the thread of that
session of the cohort (the main chat without it).
Server to client: ``sync``, ``history``, ``message`` (new or changed; ``session`` says
which thread, or null for the main chat), ``sent`` and ``error`` (for a client_id),
``presence`` and ``removed`` (then the socket closes); and from notices/ ``notice``
(posted or withdrawn, to the room), ``notice_read`` (to the reader's own connections) and
the member's open notices in every ``sync`` reply.

The database and cache work runs on the chat's own thread pool (chat.threads), so the
rooms do not queue behind each other; a new message is broadcast from the event loop once
its transaction has committed.
"""

import asyncio
import contextlib
import functools
import json
import logging
import time

from channels.consumer import get_handler_name
from channels.exceptions import StopConsumer
from channels.generic.websocket import AsyncJsonWebsocketConsumer
from channels.layers import get_channel_layer
from channels.sessions import InstanceSessionWrapper
from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.utils import translation
from django.utils.translation import gettext as _

from access.grants import get_cohort_for_user
from access.policy import Action
from groups.models import Cohort
from notices import selectors as notice_selectors
from privacy.websocket import may_expire, staff_session_expired

from . import markers, presence, selectors, services
from .dispatching import dispatch_in_turn
from .models import member_group_name, room_group_name
from .threads import in_pool

CLOSE_NOT_ALLOWED = 4403
CLOSE_LOGGED_OUT = 4401
CLOSE_POLICY_VIOLATION = 1008  # RFC 6455: a binary frame on this text-only socket
# The longest frame a client needs: a message of MAX_MESSAGE_LENGTH characters, each
# escaped as \uXXXX\uXXXX, with room for the other fields.
MAX_FRAME_CHARS = 2000 * 12 + 1024
# Frames that the user sends on purpose count as activity for the staff idle time-out.
ACTIVE_KINDS = {"send", "history"}
# How long connect's access check stands in for the check of the first frame.
CHECK_HOLDS_SECONDS = 5.0

logger = logging.getLogger(__name__)


def _language(scope) -> str:
    chosen = scope.get("cookies", {}).get(settings.LANGUAGE_COOKIE_NAME)
    return chosen if chosen in dict(settings.LANGUAGES) else settings.LANGUAGE_CODE


def _error_text(error: ValidationError) -> str:
    return " ".join(error.messages)


def _frame_send(send):
    """The server's own send under Channels' session wrappers.

    A wrapper acts only on ``http.response.start`` (it saves the session and sets its
    cookie) and passes every other message on, after reading the session's state twice
    through its lazy object: per member and per chat message delivered, a part of the
    delivery's work for nothing."""
    wrapper = getattr(send, "__self__", None)
    while isinstance(wrapper, InstanceSessionWrapper):
        send = wrapper.real_send
        wrapper = getattr(send, "__self__", None)
    return send


def _as_int(value, default: int = 0) -> int:
    try:
        return max(0, int(value))
    except (TypeError, ValueError):
        return default


class ChatConsumer(AsyncJsonWebsocketConsumer):
    joined = False
    removed = False
    checked_at: float | None = None  # when connect checked access, until the first frame
    first_frame_checked = False

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.announcements: set[asyncio.Task] = set()  # presence this socket is to send

    async def __call__(self, scope, receive, send):
        """Channels' AsyncConsumer.__call__, dispatching with chat.dispatching."""
        self.scope = scope
        self.channel_layer = get_channel_layer(self.channel_layer_alias)
        self.channel_name = await self.channel_layer.new_channel()
        self.channel_receive = functools.partial(self.channel_layer.receive, self.channel_name)
        self.base_send = send
        self.frame_send = _frame_send(send)  # for the frames of chat_event
        with contextlib.suppress(StopConsumer):
            await dispatch_in_turn(receive, self.channel_receive, self.dispatch)

    async def dispatch(self, message):
        """Channels' own dispatch, without its ``close_old_connections`` before each message.

        Channels runs that on the process's one shared sync thread for every frame and
        every channel-layer event, so each delivery of a chat message to each member on
        the process waited its turn on that thread. This consumer does no database work
        there: chat.threads tidies the connections of the threads that do.
        """
        handler = getattr(self, get_handler_name(message), None)
        if handler is None:
            raise ValueError(f"No handler for message type {message['type']}")
        await handler(message)

    async def connect(self):
        self.cohort_id = int(self.scope["url_route"]["kwargs"]["pk"])
        self.user = self.scope["user"]
        self.language = _language(self.scope)
        if not await self._fetch_access():
            await self.close(code=CLOSE_NOT_ALLOWED)
            return
        self.room_group = room_group_name(self.cohort_id)
        self.member_group = member_group_name(self.cohort_id, self.user.pk)
        await self.channel_layer.group_add(self.room_group, self.channel_name)
        await self.channel_layer.group_add(self.member_group, self.channel_name)
        self.joined = True
        await self.accept()
        # _fetch_access marked the member online; the claim comes after joining the room's
        # group, so that the announcement, whoever sends it, reaches this socket too.
        self._announce_if(await in_pool(presence.claim_announcement)(cohort_id=self.cohort_id))

    async def disconnect(self, code):
        if not self.joined:
            return
        self.joined = False
        await self.channel_layer.group_discard(self.room_group, self.channel_name)
        await self.channel_layer.group_discard(self.member_group, self.channel_name)
        leave = in_pool(presence.mark_offline_and_claim)
        claimed = await leave(cohort_id=self.cohort_id, user_id=self.user.pk)
        # The member's other tabs (if any) put them back online straight away.
        await self.channel_layer.group_send(self.member_group, {"type": "chat.still_here"})
        self._announce_if(claimed)

    # --- from the client ---------------------------------------------------------------

    async def receive(self, text_data=None, bytes_data=None, **kwargs):
        """Reads a frame; one that is not a JSON object gets an error frame (a binary one
        closes the socket) and one log line, never a traceback."""
        if text_data is None:
            self._log_bad_frame("binary frame")
            await self.close(code=CLOSE_POLICY_VIOLATION)
            return
        if len(text_data) > MAX_FRAME_CHARS:
            self._log_bad_frame(f"frame of {len(text_data)} characters")
            return await self._send_unreadable()
        try:
            content = json.loads(text_data)
        except (ValueError, RecursionError):
            self._log_bad_frame("not JSON (or nested too deeply)")
            return await self._send_unreadable()
        if not isinstance(content, dict):
            self._log_bad_frame("not a JSON object")
            return await self._send_unreadable()
        await self.receive_json(content, **kwargs)

    def _log_bad_frame(self, what: str) -> None:
        logger.warning(
            "chat: refused a %s from user %s in cohort %s", what, self.user.pk, self.cohort_id
        )

    async def _send_unreadable(self):
        with translation.override(self.language):
            text = _("This message could not be read. Please reload the page.")
        await self.send_json({"type": "error", "client_id": "", "message": text})

    async def receive_json(self, content, **kwargs):
        if not isinstance(content, dict) or self.removed:
            return
        kind = content.get("type")
        if may_expire(self.scope) and await in_pool(staff_session_expired)(
            self.scope, touch=kind in ACTIVE_KINDS
        ):
            self.removed = True
            await self.close(code=CLOSE_LOGGED_OUT)
            return
        handlers = {
            "sync": self._on_sync,
            "send": self._on_send,
            "history": self._on_history,
            "read": self._on_read,
            "ping": self._on_ping,
        }
        handler = handlers.get(kind) if isinstance(kind, str) else None
        # The first frame (the client's sync) follows connect's check at once: it needs no
        # check of its own (a removal in between reaches the socket as a "removed" event,
        # as it joined the member's group before accepting).
        checked_at, self.checked_at = self.checked_at, None
        self.first_frame_checked = (
            checked_at is not None and time.monotonic() - checked_at < CHECK_HOLDS_SECONDS
        )
        if handler is None:
            return
        result = await handler(content)
        if result == "removed":
            await self._remove()
            return
        if kind == "send":
            result, broadcast = result
            if broadcast is not None:  # stored and committed: now to the room
                await self.channel_layer.group_send(self.room_group, broadcast)
        if result is not None:
            await self.send_json(result)

    @in_pool
    def _fetch_access(self) -> bool:
        """May the user use this room? For a member in one query: the check the socket
        makes before every message (selectors.may_use_chat, read from the chat rule of
        access.policy). The access layer's full look-up (the cohort, then the user's roles
        in it) took three, the most of a connect's CPU time in a reconnect storm; a
        superuser still goes through it, which also finds out whether the cohort exists.
        Once allowed, the member is marked online in the same trip to the pool, and the
        first ``sync`` (which follows straight away) needs no check of its own."""
        if self.user.is_authenticated and not self.user.is_superuser:
            if not selectors.may_use_chat(user=self.user, cohort_id=self.cohort_id):
                return False
            self.cohort = Cohort(pk=self.cohort_id)  # what sending needs: its number
        else:
            try:
                self.cohort = get_cohort_for_user(self.user, self.cohort_id, Action.USE_CHAT)
            except (Http404, PermissionDenied):
                return False
        self.member_ids = selectors.chat_member_ids(cohort_id=self.cohort_id)
        presence.mark_online(cohort_id=self.cohort_id, user_id=self.user.pk)
        self.checked_at = time.monotonic()
        return True

    def _still_allowed(self) -> bool:
        """Checked before every message: a member who left sends and reads nothing more,
        even when the "removed" event was lost."""
        return selectors.may_use_chat(user=self.user, cohort_id=self.cohort_id)

    @in_pool
    def _on_sync(self, content):
        if not self.first_frame_checked and not self._still_allowed():
            return "removed"
        events = selectors.events_after(
            cohort_id=self.cohort_id, after=_as_int(content.get("after"))
        )
        return {
            "type": "sync",
            "events": events,
            "more": len(events) >= selectors.CATCH_UP_LIMIT,
            # the member's open notices (notices/), whatever they missed while away
            "notices": notice_selectors.open_notice_events(
                cohort_id=self.cohort_id, person=self.user
            ),
        }

    @in_pool
    def _on_history(self, content):
        if not self._still_allowed():
            return "removed"
        before = _as_int(content.get("before"))
        session_id = _as_int(content.get("session"))
        events = selectors.history_before(
            cohort_id=self.cohort_id, before=before, session_id=session_id or None
        )
        reply = {"type": "history", "events": events, "more": len(events) >= selectors.PAGE_SIZE}
        if session_id:
            reply["session"] = session_id
        return reply

    def _thread(self, content):
        """(False, None) without a session field; (True, the session or None) with one."""
        if content.get("session") in (None, ""):
            return False, None
        return True, selectors.thread_session(
            cohort_id=self.cohort_id, session_id=content.get("session")
        )

    @in_pool
    def _on_send(self, content):
        """(the reply to the sender, the event for the room or None), or "removed".

        Whether the member may still use the room is checked in the statement that stores
        the message (post_message's members_only), not in a query of its own. A send
        repeated with the same client_id (its reply was lost) gets the stored message's
        number, and the room gets it once more: the process that stored it may have
        stopped before broadcasting it (clients ignore a number they already have)."""
        client_id = str(content.get("client_id", ""))[:64]
        body = content.get("body")
        in_thread, session = self._thread(content)
        with translation.override(self.language):
            if in_thread and session is None:
                text = _("This session does not exist (any more). Please reload the page.")
                return {"type": "error", "client_id": client_id, "message": text}, None
            try:
                message = services.post_message(
                    cohort=self.cohort,
                    author=self.user,
                    body=body if isinstance(body, str) else "",
                    broadcast=False,  # receive_json broadcasts it from the event loop
                    members_only=not self.user.is_superuser,
                    client_id=client_id,
                    session=session,
                )
            except PermissionDenied:
                return "removed"
            except ValidationError as error:
                text = _error_text(error)
                return {"type": "error", "client_id": client_id, "message": text}, None
        reply = {"type": "sent", "client_id": client_id, "seq": message.seq}
        return reply, services.event_for_room(message)

    @in_pool
    def _on_read(self, content):
        if not self._still_allowed():
            return "removed"
        seq = _as_int(content.get("seq"))
        in_thread, session = self._thread(content)
        if not in_thread:
            markers.mark_read(cohort=self.cohort_id, person=self.user, seq=seq)
        elif session is not None:
            markers.mark_thread_read(session=session, person=self.user, seq=seq)
        return None

    async def _on_ping(self, content):
        await self._mark_online_again()
        return None

    async def _remove(self):
        self.removed = True
        await self.send_json({"type": "removed"})
        await self.close(code=CLOSE_NOT_ALLOWED)

    async def _mark_online_again(self):
        """Refreshes the member's online key; the room hears of it when it had expired."""
        mark = in_pool(presence.mark_online_and_claim)
        self._announce_if(await mark(cohort_id=self.cohort_id, user_id=self.user.pk))

    def _announce_if(self, claimed: bool):
        """Sends the room's presence soon when this socket holds the claim (chat.presence);
        the task outlives the socket if need be, and is kept referenced until it is done."""
        if not claimed:
            return
        task = asyncio.create_task(
            presence.announce(
                cohort_id=self.cohort_id,
                member_ids=self.member_ids,
                channel_layer=self.channel_layer,
                group=self.room_group,
            )
        )
        self.announcements.add(task)
        task.add_done_callback(self.announcements.discard)

    # --- from the channel layer --------------------------------------------------------

    async def chat_event(self, event):
        # Straight to the server, as AsyncWebsocketConsumer.send would hand it on, past
        # the session wrapper (_frame_send): this runs once per member for every message.
        if not self.removed:
            await self.frame_send({"type": "websocket.send", "text": event["text"]})

    async def chat_presence(self, event):
        if not self.removed:
            await self.send_json({"type": "presence", "online": event["online"]})

    async def chat_still_here(self, event):
        if self.joined and not self.removed:
            await self._mark_online_again()

    async def chat_removed(self, event):
        await self._remove()
