"""The unread counts: how many messages of the main chat, of a session's thread or of the
whole group a person has not read yet, up to UNREAD_SHOWN + 1 (which the pages show as
"more than 99").

A message counts as unread when it is visible, from someone else and after the read
marker of the place it was written in (ReadMarker for the main chat, ThreadReadMarker per
thread).
"""

from typing import Any

from django.db.models import IntegerField, OuterRef, QuerySet, Subquery, Sum
from django.db.models.functions import Coalesce

from accounts.models import User
from groups.models import Cohort
from sessions.models import Session

from .models import ChatMessage, ReadMarker, ThreadReadMarker


def _from_others(person: User) -> QuerySet[ChatMessage]:
    """Visible messages that someone else wrote; without an order, for counting."""
    return (
        ChatMessage.objects.filter(deleted_at__isnull=True, hidden_at__isnull=True)
        .exclude(author=person)
        .order_by()
    )


# A message is unread after the read marker of its place. Each marker is a subquery keyed
# by the place (a cohort's main chat, or a session), never by the message: so PostgreSQL
# reads it once and walks the (room, seq) or (session, seq) index from that number on,
# instead of looking up the marker for each of a year's messages (70,000 in a busy room).
def _one_level_deeper(place: Any) -> Any:
    """The place as a marker subquery inside the messages' query refers to it."""
    return OuterRef(place) if isinstance(place, OuterRef) else place


def main_unread_messages(*, person: User, cohort: Cohort | OuterRef) -> QuerySet[ChatMessage]:
    """The main chat's messages after the person's read marker there (`cohort` may be an
    OuterRef to the cohort of a larger query)."""
    marker = ReadMarker.objects.filter(
        room__cohort=_one_level_deeper(cohort), person=person
    ).values("last_read_seq")[:1]
    return _from_others(person).filter(
        room__cohort=cohort, session__isnull=True, seq__gt=Coalesce(Subquery(marker), 0)
    )


def thread_unread_messages(*, person: User, session: Session | OuterRef) -> QuerySet[ChatMessage]:
    """One session's thread's messages after the person's read marker there (`session` may
    be an OuterRef)."""
    marker = ThreadReadMarker.objects.filter(
        session=_one_level_deeper(session), person=person
    ).values("last_read_seq")[:1]
    return _from_others(person).filter(session=session, seq__gt=Coalesce(Subquery(marker), 0))


# The pages say "more than 99 new messages" from here on: counting every unread message of
# a year's chat on every page was most of PostgreSQL's work under load (bench/pages_load.py).
UNREAD_SHOWN = 99


def _capped_count(messages: QuerySet[ChatMessage]) -> int:
    """How many, counted up to UNREAD_SHOWN + 1 (which stands for "more than UNREAD_SHOWN"):
    COUNT over a LIMIT, so the database stops at that many rows."""
    return messages.values("pk")[: UNREAD_SHOWN + 1].count()


class CappedCount(Subquery):
    """`_capped_count` as a subquery of a larger query (one count per row of it)."""

    template = "(SELECT COUNT(*) FROM (%(subquery)s) AS capped)"
    output_field = IntegerField()

    def __init__(self, messages: QuerySet[ChatMessage]) -> None:
        super().__init__(messages.values("pk")[: UNREAD_SHOWN + 1])


def group_unread(*, person: User, cohort: Cohort | OuterRef) -> Any:
    """Every unread message of a group as one expression: the main chat's capped count plus
    each session thread's (the sum can pass UNREAD_SHOWN + 1; callers cap it)."""
    threads = (
        Session.objects.filter(cohort=cohort)
        .order_by()
        .annotate(n=CappedCount(thread_unread_messages(person=person, session=OuterRef("pk"))))
        .values("cohort")
        .annotate(total=Sum("n"))
        .values("total")
    )
    main = CappedCount(main_unread_messages(person=person, cohort=cohort))
    return main + Coalesce(Subquery(threads, output_field=IntegerField()), 0)


def unread_count(*, cohort: Cohort, person: User) -> int:
    """Every unread message of the group: the main chat and the threads of its sessions
    (up to UNREAD_SHOWN + 1); one query."""
    total = (
        Cohort.objects.filter(pk=cohort.pk)
        .annotate(unread=group_unread(person=person, cohort=OuterRef("pk")))
        .values_list("unread", flat=True)
        .first()
    )
    return min(total or 0, UNREAD_SHOWN + 1)


def main_unread_count(*, cohort: Cohort, person: User) -> int:
    """Unread messages of the main chat only (the chat page's own count; up to
    UNREAD_SHOWN + 1)."""
    return _capped_count(main_unread_messages(person=person, cohort=cohort))


def thread_unread_count(*, session: Session, person: User) -> int:
    """Unread messages in one session's thread (up to UNREAD_SHOWN + 1)."""
    return _capped_count(thread_unread_messages(person=person, session=session))
