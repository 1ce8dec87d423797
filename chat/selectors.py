"""Reads for the chat page, the socket's catch-up and the unread counts."""

from functools import cache
from typing import Any

from django.db import connection
from django.db.models import Count, IntegerField, OuterRef, Q, Subquery, Value
from django.db.models.functions import Coalesce

from access.policy import Action, membership_roles_allowed
from accounts.models import User
from groups.models import Cohort, Membership

from .models import ChatMessage, ReadMarker

PAGE_SIZE = 50
CATCH_UP_LIMIT = 500
# The Membership roles the chat rule (access.policy: use_chat) names, read from the rule.
CHAT_ROLES = membership_roles_allowed(Action.USE_CHAT)


def recent_messages(*, cohort: Cohort, before: int | None = None) -> list[ChatMessage]:
    """One page of messages, oldest first, ending just before number `before` (or now)."""
    messages = ChatMessage.objects.filter(room__cohort=cohort).select_related("author")
    if before is not None:
        messages = messages.filter(seq__lt=before)
    return list(reversed(messages.order_by("-seq")[:PAGE_SIZE]))


def events_after(*, cohort_id: int, after: int) -> list[dict[str, Any]]:
    """Every message created or changed after change number `after`, in order."""
    messages = (
        ChatMessage.objects.filter(room__cohort_id=cohort_id, changed_seq__gt=after)
        .select_related("author")
        .order_by("changed_seq")[:CATCH_UP_LIMIT]
    )
    return [message.as_event() for message in messages]


def history_before(*, cohort_id: int, before: int) -> list[dict[str, Any]]:
    """The page of messages before number `before`, oldest first (loading backwards)."""
    messages = (
        ChatMessage.objects.filter(room__cohort_id=cohort_id, seq__lt=before)
        .select_related("author")
        .order_by("-seq")[:PAGE_SIZE]
    )
    return [message.as_event() for message in reversed(messages)]


def unread_count(*, cohort: Cohort, person: User) -> int:
    """Visible messages from others after the member's read marker."""
    marker = (
        ReadMarker.objects.filter(room__cohort=cohort, person=person)
        .values_list("last_read_seq", flat=True)
        .first()
    ) or 0
    return (
        ChatMessage.objects.filter(
            room__cohort=cohort,
            seq__gt=marker,
            deleted_at__isnull=True,
            hidden_at__isnull=True,
        )
        .exclude(author=person)
        .count()
    )


def chats_for(*, user: User) -> list[Cohort]:
    """The cohorts whose chat the user is in, each with `unread`, in one query."""
    if not user.is_authenticated:
        return []
    marker = ReadMarker.objects.filter(room__cohort=OuterRef("pk"), person=user).values(
        "last_read_seq"
    )[:1]
    unread = Count(
        "chat_room__messages",
        filter=Q(
            chat_room__messages__seq__gt=Coalesce(
                Subquery(marker), Value(0), output_field=IntegerField()
            ),
            chat_room__messages__deleted_at__isnull=True,
            chat_room__messages__hidden_at__isnull=True,
        )
        & ~Q(chat_room__messages__author=user),
    )
    return list(
        Cohort.objects.filter(
            memberships__person=user,
            memberships__status=Membership.Status.ACTIVE,
            memberships__role__in=CHAT_ROLES,
        )
        .exclude(status=Cohort.Status.FINISHED)
        .annotate(unread=unread)
        .order_by("name")
    )


def chat_members(*, cohort: Cohort) -> list[Membership]:
    """Who is in the chat: the active coach(es), aanjagers and participants, by name."""
    return list(
        cohort.memberships.filter(status=Membership.Status.ACTIVE, role__in=CHAT_ROLES)
        .select_related("person")
        .order_by("person__display_name", "person__first_name", "person__email")
    )


def chat_member_ids(*, cohort_id: int) -> list[int]:
    return list(
        Membership.objects.filter(
            cohort_id=cohort_id, status=Membership.Status.ACTIVE, role__in=CHAT_ROLES
        ).values_list("person_id", flat=True)
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


def chat_member_sql(*, user_id: int, cohort_id: int) -> tuple[str, list[Any]]:
    """The statement behind ``may_use_chat`` (for a user who is not a superuser), with its
    parameters: a row when the user may use the room. chat.services puts it in the
    statement that stores a message sent over the socket."""
    params = [user_id, cohort_id, Membership.Status.ACTIVE, *CHAT_ROLES]
    return _chat_member_sql(), params


@cache
def _chat_member_sql() -> str:
    quote = connection.ops.quote_name
    membership, user = quote(Membership._meta.db_table), quote(User._meta.db_table)
    roles = ", ".join(["%s"] * len(CHAT_ROLES))
    return (
        f"SELECT 1 FROM {membership} m JOIN {user} u ON u.id = m.person_id "
        f"WHERE m.person_id = %s AND m.cohort_id = %s AND u.is_active "
        f"AND m.status = %s AND m.role IN ({roles}) LIMIT 1"
    )
