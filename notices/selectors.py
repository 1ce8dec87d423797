"""Reads for notices: what is pinned for whom, and who has read what.

A notice is for the group as it is: every active member (participant, aanjager, coach,
the roles of ``read_notices``) other than its author. A member who joins later sees the
notices that are still open too, and one who leaves drops out of the read receipts.
"""

from dataclasses import dataclass
from functools import cache
from typing import Any

from django.db import connection
from django.db.models import Count, Exists, OuterRef, Q, QuerySet

from access.lists import memberships_allowing
from access.policy import Action
from accounts.models import User
from groups.models import Cohort, Membership

from .models import Notice, NoticeRead


def _members(cohort_id: int) -> QuerySet[Membership]:
    return memberships_allowing(Action.READ_NOTICES).filter(
        cohort_id=cohort_id, person__is_active=True
    )


def audience(*, notice: Notice) -> QuerySet[User]:
    """Who the notice is for now: the group's active members, without its author."""
    ids = _members(notice.cohort_id).exclude(person_id=notice.author_id).values("person_id")
    return User.objects.filter(pk__in=ids, is_active=True)


def _open(person: User) -> QuerySet[Notice]:
    """Notices not withdrawn, not by this person and not marked read by them."""
    read = NoticeRead.objects.filter(notice=OuterRef("pk"), person=person)
    return (
        Notice.objects.filter(withdrawn_at__isnull=True)
        .exclude(author=person)
        .exclude(Exists(read))
        .select_related("author", "cohort")
    )


def open_notices(*, cohort: Cohort | int, person: User) -> list[Notice]:
    """The notices pinned for this member in this group (above the chat), oldest first.

    The caller has checked that the person may read the group's notices."""
    cohort_id = cohort if isinstance(cohort, int) else cohort.pk
    return list(_open(person).filter(cohort_id=cohort_id).order_by("created_at", "pk"))


def open_notices_for(*, person: User) -> list[Notice]:
    """The notices pinned for this person in every running group they are a member of
    (the overview), oldest first, in one query."""
    if not person.is_authenticated:
        return []
    cohorts = _members_of(person).values("cohort_id")
    return list(_open(person).filter(cohort_id__in=cohorts).order_by("created_at", "pk"))


def _members_of(person: User) -> QuerySet[Membership]:
    return (
        memberships_allowing(Action.READ_NOTICES)
        .filter(person=person)
        .exclude(cohort__status=Cohort.Status.FINISHED)
    )


def open_notice_events(*, cohort_id: int, person: User) -> list[dict[str, Any]]:
    """The frames of the member's open notices, for the socket's ``sync`` reply.

    Every reconnect syncs, and mostly nothing is open: a statement written out once tells
    whether anything is, before the ORM builds the query that fetches it (building it was
    a quarter of a restarted process's time in a reconnect storm, bench/README.md)."""
    if not has_open_notices(cohort_id=cohort_id, person_id=person.pk):
        return []
    return [notice.as_event() for notice in open_notices(cohort=cohort_id, person=person)]


@cache
def _any_open_sql() -> str:
    """_open(person) in one cohort, as an EXISTS (tests/notices hold the two together)."""
    return (
        f"SELECT EXISTS (SELECT 1 FROM {Notice._meta.db_table} n "
        "WHERE n.cohort_id = %s AND n.withdrawn_at IS NULL AND n.author_id <> %s "
        f"AND NOT EXISTS (SELECT 1 FROM {NoticeRead._meta.db_table} r "
        "WHERE r.notice_id = n.id AND r.person_id = %s))"
    )


def has_open_notices(*, cohort_id: int, person_id: int) -> bool:
    """Whether open_notices(cohort, person) would give anything, in one cheap query."""
    with connection.cursor() as cursor:
        cursor.execute(_any_open_sql(), [cohort_id, person_id, person_id])
        return bool(cursor.fetchone()[0])


@dataclass
class NoticeRow:
    """One open notice on the group's notices page."""

    notice: Notice
    read_by_me: bool
    read_count: int
    audience_count: int


def group_notices(*, cohort: Cohort, person: User) -> list[NoticeRow]:
    """The group's notices that are not withdrawn, newest first, each with whether the
    person read it and how many of the current members have (counts, no names)."""
    member_ids = set(_members(cohort.pk).values_list("person_id", flat=True))
    notices = (
        Notice.objects.filter(cohort=cohort, withdrawn_at__isnull=True)
        .select_related("author")
        .annotate(
            read_by_me=Exists(NoticeRead.objects.filter(notice=OuterRef("pk"), person=person)),
            read_count=Count("reads", filter=Q(reads__person_id__in=member_ids)),
        )
        .order_by("-created_at", "-pk")
    )
    return [
        NoticeRow(
            notice=notice,
            read_by_me=notice.read_by_me,
            read_count=notice.read_count,
            audience_count=len(member_ids - {notice.author_id}),
        )
        for notice in notices
    ]


@dataclass
class ReadReceipts:
    """Who of the group's current members has read a notice (and when), and who not yet."""

    read: list[tuple[Membership, Any]]
    not_read: list[Membership]


def read_receipts(*, notice: Notice) -> ReadReceipts:
    """The receipts of one notice, by name, in two queries."""
    members = list(
        _members(notice.cohort_id)
        .exclude(person_id=notice.author_id)
        .select_related("person", "cohort")
        .order_by("person__display_name", "person__first_name", "person__email")
    )
    read_at = dict(
        NoticeRead.objects.filter(
            notice=notice, person_id__in=[m.person_id for m in members]
        ).values_list("person_id", "read_at")
    )
    return ReadReceipts(
        read=[(m, read_at[m.person_id]) for m in members if m.person_id in read_at],
        not_read=[m for m in members if m.person_id not in read_at],
    )
