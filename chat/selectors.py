"""Reads for the chat page, the threads of sessions, the socket's catch-up, the members
and the reminders (the unread counts are in chat.unread).

A message with a session belongs to that session's thread, one without to the main chat.
"""

import datetime
from functools import cache
from typing import Any

from django.db import connection
from django.db.models import (
    Count,
    Exists,
    Field,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
)
from django.utils import timezone

from access.lists import memberships_allowing
from access.policy import Action, membership_roles_allowed
from accounts.models import User
from groups.models import Cohort, Membership
from sessions.models import Session

from .models import ChatMessage, ChatReminder, ChatRoom
from .unread import UNREAD_SHOWN, CappedCount, group_unread, thread_unread_messages

PAGE_SIZE = 50
CATCH_UP_LIMIT = 500
# The Membership roles the chat rule (access.policy: use_chat) names, read from the rule.
CHAT_ROLES = membership_roles_allowed(Action.USE_CHAT)
# ... and those that may write in a session's thread (write_session_thread).
THREAD_ROLES = membership_roles_allowed(Action.WRITE_SESSION_THREAD)
# The chat page lists the threads of the sessions around now, and every one with messages.
THREAD_WINDOW = datetime.timedelta(days=14)
THREAD_LIST_LIMIT = 12


def _in_place(messages: QuerySet[ChatMessage], session: Session | None) -> QuerySet[ChatMessage]:
    return messages.filter(session=session) if session else messages.filter(session__isnull=True)


def _room_of(cohort_id: int) -> Subquery:
    """The id of the cohort's room, as a subquery that PostgreSQL reads first: a page of
    messages then walks the (room, seq) index back from the newest. Joined on the room
    instead, PostgreSQL sorted all of a busy room's messages (70,000: 107 ms) for 50."""
    return Subquery(ChatRoom.objects.filter(cohort_id=cohort_id).values("pk")[:1])


def recent_messages(
    *, cohort: Cohort, before: int | None = None, session: Session | None = None
) -> list[ChatMessage]:
    """One page of messages of the main chat (or of one session's thread), oldest first,
    ending just before number `before` (or now)."""
    messages = _in_place(
        ChatMessage.objects.filter(room_id=_room_of(cohort.pk)), session
    ).select_related("author")
    if before is not None:
        messages = messages.filter(seq__lt=before)
    return list(reversed(messages.order_by("-seq")[:PAGE_SIZE]))


def events_after(*, cohort_id: int, after: int) -> list[dict[str, Any]]:
    """Every message created or changed after change number `after`, in order (at most
    CATCH_UP_LIMIT).

    Every reconnect asks it (the socket's ``sync``), so the statement is written out once
    (_events_after_sql): the ORM's building of it was most of its cost in a reconnect
    storm. The rows become the same model instances as the ORM's, author included, and
    the events are theirs (ChatMessage.as_event)."""
    message_fields, author_fields = _catch_up_fields()
    with connection.cursor() as cursor:
        cursor.execute(_events_after_sql(), [cohort_id, after, CATCH_UP_LIMIT])
        rows = cursor.fetchall()
    width = len(message_fields)
    db = connection.alias
    converters = _catch_up_converters()
    events = []
    for row in rows:
        if converters:
            row = list(row)
            for index, column, functions in converters:
                for convert in functions:
                    row[index] = convert(row[index], column, connection)
        message = ChatMessage.from_db(db, message_fields, row[:width])
        author = User.from_db(db, author_fields, row[width:])
        ChatMessage.author.field.set_cached_value(message, author)
        events.append(message.as_event())
    return events


@cache
def _catch_up_columns() -> tuple[list[Field[Any, Any]], list[Field[Any, Any]]]:
    """Every field of a message; of its author what the event shows (User.public_name),
    in the model's order of fields, as Model.from_db takes a partial row."""
    shown = {"id", "display_name", "first_name", "email"}
    return (
        list(ChatMessage._meta.concrete_fields),
        [field for field in User._meta.concrete_fields if field.attname in shown],
    )


def _catch_up_fields() -> tuple[list[str], list[str]]:
    messages, authors = _catch_up_columns()
    return [f.attname for f in messages], [f.attname for f in authors]


@cache
def _catch_up_converters() -> list[tuple[int, Any, list[Any]]]:
    """What the ORM does to each value read (SQLite's dates and times, for instance), per
    column: (its place in the row, the column, the functions)."""
    messages, authors = _catch_up_columns()
    columns = [field.get_col(ChatMessage._meta.db_table) for field in messages]
    columns += [field.get_col(User._meta.db_table) for field in authors]
    converters = []
    for index, column in enumerate(columns):
        functions = connection.ops.get_db_converters(column) + column.get_db_converters(connection)
        if functions:
            converters.append((index, column, functions))
    return converters


@cache
def _events_after_sql() -> str:
    quote = connection.ops.quote_name
    messages, authors = _catch_up_columns()
    columns = [f"m.{quote(str(field.column))}" for field in messages]
    columns += [f"u.{quote(str(field.column))}" for field in authors]
    return (
        f"SELECT {', '.join(columns)} "
        f"FROM {quote(ChatMessage._meta.db_table)} m "
        f"JOIN {quote(ChatRoom._meta.db_table)} r ON r.id = m.room_id "
        f"JOIN {quote(User._meta.db_table)} u ON u.id = m.author_id "
        "WHERE r.cohort_id = %s AND m.changed_seq > %s ORDER BY m.changed_seq LIMIT %s"
    )


def history_before(
    *, cohort_id: int, before: int, session_id: int | None = None
) -> list[dict[str, Any]]:
    """The page of messages before number `before` of the main chat (or of one session's
    thread), oldest first (loading backwards)."""
    messages = ChatMessage.objects.filter(room_id=_room_of(cohort_id), seq__lt=before)
    messages = (
        messages.filter(session_id=session_id)
        if session_id
        else messages.filter(session__isnull=True)
    )
    messages = messages.select_related("author").order_by("-seq")[:PAGE_SIZE]
    return [message.as_event() for message in reversed(messages)]


def session_threads(*, cohort: Cohort, person: User) -> list[Session]:
    """The threads the chat page lists: the sessions of the last and next two weeks and
    every session with messages, newest first, each with `thread_unread` (up to
    UNREAD_SHOWN + 1) and `thread_messages`; in one query."""
    now = timezone.now()
    visible = Count(
        "chat_messages",
        filter=Q(chat_messages__deleted_at__isnull=True, chat_messages__hidden_at__isnull=True),
    )
    sessions = (
        Session.objects.filter(cohort=cohort)
        .annotate(
            thread_messages=visible,
            thread_unread=CappedCount(
                thread_unread_messages(person=person, session=OuterRef("pk"))
            ),
        )
        .filter(
            Q(thread_messages__gt=0)
            | Q(starts_at__gte=now - THREAD_WINDOW, starts_at__lte=now + THREAD_WINDOW)
        )
        .order_by("-starts_at")
    )
    return list(sessions[:THREAD_LIST_LIMIT])


def thread_session(*, cohort_id: int, session_id: Any) -> Session | None:
    """The session of this cohort with this id (a client's `session` field), or None."""
    try:
        pk = int(session_id)
    except (TypeError, ValueError):
        return None
    return Session.objects.filter(pk=pk, cohort_id=cohort_id).first()


def chats_for(*, user: User) -> list[Cohort]:
    """The cohorts whose chat the user is in, each with `unread` (threads included, up to
    UNREAD_SHOWN + 1), in one query."""
    if not user.is_authenticated:
        return []
    cohorts: list[Cohort] = list(
        Cohort.objects.filter(
            memberships__person=user,
            memberships__status=Membership.Status.ACTIVE,
            memberships__role__in=CHAT_ROLES,
        )
        .exclude(status=Cohort.Status.FINISHED)
        .annotate(unread=group_unread(person=user, cohort=OuterRef("pk")))
        .order_by("name")
    )
    for cohort in cohorts:
        cohort.unread = min(cohort.unread, UNREAD_SHOWN + 1)  # type: ignore[attr-defined]
    return cohorts


def chat_members(*, cohort: Cohort) -> list[Membership]:
    """Who is in the chat: the active coach(es), aanjagers and participants, by name."""
    return list(
        cohort.memberships.filter(status=Membership.Status.ACTIVE, role__in=CHAT_ROLES)
        .select_related("person")
        .order_by("person__display_name", "person__first_name", "person__email")
    )


def chat_member_ids(*, cohort_id: int) -> list[int]:
    """The people of the room's chat (for presence). Asked at every connect, so written out
    once as ``chat_member_sql`` is: the ORM's building of it cost five times the query."""
    with connection.cursor() as cursor:
        cursor.execute(
            _member_ids_sql(len(CHAT_ROLES)), [cohort_id, Membership.Status.ACTIVE, *CHAT_ROLES]
        )
        return [person_id for (person_id,) in cursor.fetchall()]


@cache
def _member_ids_sql(role_count: int) -> str:
    membership = connection.ops.quote_name(Membership._meta.db_table)
    roles = ", ".join(["%s"] * role_count)
    return (
        f"SELECT m.person_id FROM {membership} m "
        f"WHERE m.cohort_id = %s AND m.status = %s AND m.role IN ({roles})"
    )


def may_use_chat(*, user: User, cohort_id: int) -> bool:
    """``may(user, Action.USE_CHAT, cohort)`` in one query: the socket asks before every message.

    The chat's rule (access.policy.COHORT_RULES) names membership roles only, so an
    active membership in one of them (CHAT_ROLES, read from the rule) decides; the
    account must still be active too. The statement is written out once
    (``chat_member_sql``): it runs for every message sent, where building it through the
    ORM each time cost more than the query itself.
    """
    if not user.is_authenticated or not user.is_active:
        return False
    if user.is_superuser:
        return True
    with connection.cursor() as cursor:
        cursor.execute(*chat_member_sql(user_id=user.pk, cohort_id=cohort_id))
        return cursor.fetchone() is not None


def chat_member_sql(
    *, user_id: int, cohort_id: int, roles: tuple[str, ...] = CHAT_ROLES
) -> tuple[str, list[Any]]:
    """The statement behind ``may_use_chat`` (for a user who is not a superuser), with its
    parameters: a row when the user may use the room (or, with THREAD_ROLES, write in a
    session's thread). chat.services puts it in the statement that stores a message sent
    over the socket."""
    params = [user_id, cohort_id, Membership.Status.ACTIVE, *roles]
    return _chat_member_sql(len(roles)), params


@cache
def _chat_member_sql(role_count: int) -> str:
    quote = connection.ops.quote_name
    membership, user = quote(Membership._meta.db_table), quote(User._meta.db_table)
    roles = ", ".join(["%s"] * role_count)
    return (
        f"SELECT 1 FROM {membership} m JOIN {user} u ON u.id = m.person_id "
        f"WHERE m.person_id = %s AND m.cohort_id = %s AND u.is_active "
        f"AND m.status = %s AND m.role IN ({roles}) LIMIT 1"
    )


def due_reminders(*, person: User, now: datetime.datetime | None = None) -> list[ChatReminder]:
    """The person's reminders whose time has come and that they have not dismissed, oldest
    first; only of groups whose chat they are still in."""
    still_member = memberships_allowing(Action.USE_CHAT).filter(
        person=person, cohort=OuterRef("message__room__cohort")
    )
    return list(
        ChatReminder.objects.filter(
            person=person, dismissed_at__isnull=True, remind_at__lte=now or timezone.now()
        )
        .filter(Exists(still_member))
        .select_related("message__author", "message__session", "message__room__cohort")
        .order_by("remind_at", "pk")
    )


def open_reminder(*, person: User, message: ChatMessage) -> ChatReminder | None:
    """The person's reminder of this message that is still to come or not dismissed."""
    return ChatReminder.objects.filter(
        person=person, message=message, dismissed_at__isnull=True
    ).first()
