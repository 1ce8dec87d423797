"""The chat e-mail: how many new messages and who wrote them, once per period per person.

Run by the ``send_chat_digests`` task as often as wanted (a scheduler every quarter of an
hour): each person's ``DigestMarker`` says how far their e-mails have gone, and is moved in
the same transaction as the e-mail is handed over, so a second run sends nothing new.

Messages in the thread of a session count as the main chat's do, each after its own read
marker (a person who read the main chat has not read a thread for that). The e-mail says
how many of them are in such threads; with the text opted in, each of those says which
session it is about. Without it, no session title either: only counts and first names.
"""

import datetime
from dataclasses import dataclass

from django.conf import settings
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation

from accounts.models import User
from chat.models import ChatMessage, ChatRoom, ReadMarker, ThreadReadMarker
from chat.selectors import chat_members
from groups.models import Cohort

from .mail import send_notification
from .models import ChatMail, DigestMarker, NotificationSettings
from .selectors import Kind, settings_for

DAILY_HOUR = 17  # local time: the daily e-mail goes in the late afternoon, once a day
FIRST_LOOKBACK = datetime.timedelta(days=1)  # a person's first e-mail: the last day only
MAX_TEXTS = 20  # with the text opted in: at most this many messages, then "and more"


@dataclass
class Digest:
    messages: list[ChatMessage]
    up_to_seq: int

    @property
    def in_threads(self) -> int:
        """How many of the messages were written in the thread of a session."""
        return sum(1 for message in self.messages if message.session_id)

    @property
    def names(self) -> list[str]:
        seen: dict[str, None] = {}
        for message in self.messages:
            seen.setdefault(message.author.public_name, None)
        return list(seen)


def _is_due(
    choice: NotificationSettings, marker: DigestMarker, digest: Digest, now: datetime.datetime
) -> bool:
    if not digest.messages:
        return False
    if choice.chat == ChatMail.DAILY:
        local = timezone.localtime(now)
        if local.hour < DAILY_HOUR:
            return False
        return marker.sent_at is None or timezone.localtime(marker.sent_at).date() < local.date()
    if choice.chat == ChatMail.QUIET:
        quiet = datetime.timedelta(minutes=choice.quiet_minutes)
        return digest.messages[-1].created_at <= now - quiet
    return False


def _new_messages(
    *, room: ChatRoom, person: User, marker: DigestMarker, now: datetime.datetime
) -> Digest:
    """Visible messages of others after both the e-mail marker and what the person read
    (in the main chat, or in the message's own session thread)."""
    read = (
        ReadMarker.objects.filter(room=room, person=person)
        .values_list("last_read_seq", flat=True)
        .first()
    ) or 0
    thread_read = dict(
        ThreadReadMarker.objects.filter(
            session__cohort_id=room.cohort_id, person=person
        ).values_list("session_id", "last_read_seq")
    )
    messages = ChatMessage.objects.filter(
        room=room,
        seq__gt=marker.sent_up_to_seq,
        created_at__lte=now,
        deleted_at__isnull=True,
        hidden_at__isnull=True,
    ).exclude(author=person)
    if marker.sent_at is None:
        messages = messages.filter(created_at__gt=now - FIRST_LOOKBACK)
    found = [
        message
        for message in messages.select_related("author", "session").order_by("seq")
        if message.seq > (thread_read.get(message.session_id, 0) if message.session_id else read)
    ]
    return Digest(found, found[-1].seq if found else marker.sent_up_to_seq)


def _render(*, cohort: Cohort, digest: Digest, with_text: bool) -> tuple[str, str]:
    context = {
        "cohort": cohort,
        "count": len(digest.messages),
        "in_threads": digest.in_threads,
        "names": digest.names,
        "texts": digest.messages[:MAX_TEXTS] if with_text else [],
        "more": max(0, len(digest.messages) - MAX_TEXTS) if with_text else 0,
        "url": settings.SITE_URL + reverse("chat:room", args=[cohort.pk]),
    }
    with translation.override(settings.LANGUAGE_CODE):
        subject = render_to_string("notifications/email/digest_subject.txt", context)
        body = render_to_string("notifications/email/digest_message.txt", context)
    return " ".join(subject.split()), body


def send_digest(*, person: User, room: ChatRoom, now: datetime.datetime) -> bool:
    """Sends the person's chat e-mail for this room if one is due; True if it went."""
    choice = settings_for(person=person)
    if choice.chat == ChatMail.NEVER:
        return False
    with transaction.atomic():
        marker, _created = DigestMarker.objects.select_for_update().get_or_create(
            person=person, room=room
        )
        digest = _new_messages(room=room, person=person, marker=marker, now=now)
        if not _is_due(choice, marker, digest, now):
            return False
        subject, body = _render(cohort=room.cohort, digest=digest, with_text=choice.chat_text)
        send_notification(person=person, kind=Kind.CHAT, subject=subject, body=body)
        marker.sent_up_to_seq = digest.up_to_seq
        marker.sent_at = now
        marker.save(update_fields=["sent_up_to_seq", "sent_at"])
    return True


def run_digests(*, now: datetime.datetime | None = None) -> int:
    """Every due chat e-mail of every running group; only to its active members."""
    now = now or timezone.now()
    sent = 0
    rooms = ChatRoom.objects.select_related("cohort").exclude(
        cohort__status=Cohort.Status.FINISHED
    )
    for room in rooms:
        for membership in chat_members(cohort=room.cohort):
            if membership.person.is_active and membership.person.email:
                sent += send_digest(person=membership.person, room=room, now=now)
    return sent
