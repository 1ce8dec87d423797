"""Storing a new chat message under the room's next number, in as few round trips as
possible (chat.services.post_message decides what is stored; this only stores it)."""

from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import connection, transaction

from . import selectors
from .models import ChatMessage, ChatRoom


def store_new(
    message: ChatMessage,
    cohort_id: int,
    member_id: int | None,
    roles: tuple[str, ...] = selectors.CHAT_ROLES,
) -> None:
    """Stores the message; with ``member_id`` only while that person holds one of the
    membership ``roles`` (the chat's, or those that may write in a session's thread)."""
    if connection.vendor == "postgresql" and not connection.in_atomic_block:
        _insert_in_one_statement(message, cohort_id, member_id, roles)
    else:
        with transaction.atomic():
            room_id, seq = _take_next_seq(cohort_id, member_id, roles)
            message.room_id, message.seq, message.changed_seq = room_id, seq, seq
            message.save()


def _take_next_seq(
    cohort_id: int, member_id: int | None, roles: tuple[str, ...]
) -> tuple[int, int]:
    """The room's id and next number, in one statement.

    The UPDATE raises the number and locks the room row until the commit, exactly as
    select_for_update + save would, in one round trip instead of two. With ``member_id``
    it only does so while that person may use the room (selectors.chat_member_sql).
    """
    sql, params = _next_seq_sql(cohort_id, member_id, roles)
    returning = "RETURNING {}, {}".format(*map(connection.ops.quote_name, ("id", "last_seq")))
    return _first_message_retry(f"{sql} {returning}", params, cohort_id)


def _next_seq_sql(
    cohort_id: int, member_id: int | None, roles: tuple[str, ...]
) -> tuple[str, list[Any]]:
    table, last, cohort = map(
        connection.ops.quote_name, (ChatRoom._meta.db_table, "last_seq", "cohort_id")
    )
    sql = f"UPDATE {table} SET {last} = {last} + 1 WHERE {cohort} = %s"
    params: list[Any] = [cohort_id]
    if member_id is not None:
        member_sql, member_params = selectors.chat_member_sql(
            user_id=member_id, cohort_id=cohort_id, roles=roles
        )
        sql += f" AND EXISTS ({member_sql})"
        params += member_params
    return sql, params


def _first_message_retry(sql: str, params: list[Any], cohort_id: int) -> tuple[Any, ...]:
    """Runs a statement on the room's row; makes the room on its first message. No row
    from an existing room means the member check refused: PermissionDenied."""
    for _attempt in range(2):
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            row = cursor.fetchone()
        if row is not None:
            return tuple(row)
        if ChatRoom.objects.filter(cohort_id=cohort_id).exists():
            raise PermissionDenied
        ChatRoom.objects.get_or_create(cohort_id=cohort_id)  # the room's first message
    raise ChatRoom.DoesNotExist


def _insert_in_one_statement(
    message: ChatMessage, cohort_id: int, member_id: int | None, roles: tuple[str, ...]
) -> None:
    """Stores a new message in one statement that commits on its own (PostgreSQL).

    The room's next number and the row are written together (UPDATE ... RETURNING in a
    WITH, then INSERT), so a message sent over the socket costs one round trip instead of
    four (BEGIN, UPDATE, INSERT, COMMIT); the numbers are still taken under the room
    row's lock and committed in order. The columns come from the model.
    """
    quote = connection.ops.quote_name
    update, params = _next_seq_sql(cohort_id, member_id, roles)
    from_room = {"room_id": "room.id", "seq": "room.last_seq", "changed_seq": "room.last_seq"}
    columns: list[str] = []
    values: list[str] = []
    value_params: list[Any] = []
    for field in ChatMessage._meta.concrete_fields:
        if field.primary_key:
            continue
        columns.append(quote(str(field.column)))
        if (room_value := from_room.get(str(field.attname))) is not None:
            values.append(room_value)
        else:
            values.append("%s")
            value_params.append(
                field.get_db_prep_save(getattr(message, field.attname), connection)
            )
    sql = (
        f"WITH room AS ({update} RETURNING id, last_seq) "
        f"INSERT INTO {quote(ChatMessage._meta.db_table)} ({', '.join(columns)}) "
        f"SELECT {', '.join(values)} FROM room RETURNING id, room_id, seq"
    )
    pk, room_id, seq = _first_message_retry(sql, params + value_params, cohort_id)
    message.pk, message.room_id, message.seq, message.changed_seq = pk, room_id, seq, seq
    message._state.adding, message._state.db = False, connection.alias
