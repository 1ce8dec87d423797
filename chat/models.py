"""The cohort's chat room, its stored messages, each member's read markers and reminders.

A session's thread (its own discussion: questions before, what we learned after) lives in
the cohort's one room: its messages carry the session, so numbering, catch-up, live
broadcast and the membership checks are the room's own.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from groups.models import Cohort
from sessions.models import Session

MAX_MESSAGE_LENGTH = 2000
MAX_REASON_LENGTH = 300
MAX_CLIENT_ID_LENGTH = 64


class ChatRoom(models.Model):
    """One chat room per cohort; ``last_seq`` numbers every change in the room.

    Every new message, edit, deletion and hiding takes the next number while the room row
    is locked (select_for_update), so numbers only go up and never repeat, even when two
    processes write at once. A client that has seen number N asks for everything after N.
    """

    cohort = models.OneToOneField(Cohort, on_delete=models.CASCADE, related_name="chat_room")
    last_seq = models.PositiveBigIntegerField(default=0)

    class Meta:
        verbose_name = _("chat room")
        verbose_name_plural = _("chat rooms")

    def __str__(self) -> str:
        return str(self.cohort)

    @property
    def group_name(self) -> str:
        """The channel-layer group of the room, built from ids only."""
        return room_group_name(self.cohort_id)


def room_group_name(cohort_id: int) -> str:
    """The channel-layer group of one room (every connection to it, in every process)."""
    return f"chat.room.{int(cohort_id)}"


def member_group_name(cohort_id: int, user_id: int) -> str:
    """The channel-layer group of one member's connections to one room."""
    return f"chat.member.{int(cohort_id)}.{int(user_id)}"


class ChatMessage(models.Model):
    """A message in a room; ``seq`` is its place, ``changed_seq`` its latest change."""

    # No index of its own for room and session: the (room, seq) and (session, seq) indexes
    # serve them, and PostgreSQL would otherwise walk a room's index for an unread count
    # instead of starting at the read marker's number (chat.selectors).
    room = models.ForeignKey(
        ChatRoom, on_delete=models.CASCADE, related_name="messages", db_index=False
    )
    seq = models.PositiveBigIntegerField(_("number"))
    changed_seq = models.PositiveBigIntegerField()
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="chat_messages",
        verbose_name=_("author"),
    )
    session = models.ForeignKey(
        Session,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="chat_messages",
        db_index=False,
        verbose_name=_("session"),
        help_text=_("Set for a message in the thread of one session; empty in the main chat."),
    )
    body = models.TextField(_("message"), max_length=MAX_MESSAGE_LENGTH, blank=True)
    created_at = models.DateTimeField(_("sent at"))
    edited_at = models.DateTimeField(_("edited at"), null=True, blank=True)
    deleted_at = models.DateTimeField(_("deleted at"), null=True, blank=True)
    hidden_at = models.DateTimeField(_("hidden at"), null=True, blank=True)
    hidden_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("hidden by"),
    )
    hidden_reason = models.CharField(
        _("reason for hiding"), max_length=MAX_REASON_LENGTH, blank=True
    )
    # The sender's own id for a message sent over the socket: a send whose reply was lost
    # (the connection or the process went away) is sent again with the same id, and stores
    # nothing new (chat.services.post_message). Empty for messages from the page's form.
    client_id = models.CharField(max_length=MAX_CLIENT_ID_LENGTH, blank=True, default="")

    class Meta:
        verbose_name = _("chat message")
        verbose_name_plural = _("chat messages")
        ordering = ["room", "seq"]
        constraints = [
            models.UniqueConstraint(fields=["room", "seq"], name="chat_message_unique_seq"),
            models.UniqueConstraint(
                fields=["room", "changed_seq"], name="chat_message_unique_changed_seq"
            ),
            models.UniqueConstraint(
                fields=["room", "author", "client_id"],
                condition=~Q(client_id=""),
                name="chat_message_unique_client_id",
            ),
            models.CheckConstraint(
                condition=Q(changed_seq__gte=models.F("seq")),
                name="chat_message_changed_after_sent",
            ),
            models.CheckConstraint(
                condition=Q(hidden_at__isnull=True) | ~Q(hidden_reason=""),
                name="chat_message_hidden_with_reason",
            ),
        ]
        indexes = [
            models.Index(fields=["room", "changed_seq"], name="chat_msg_room_changed_idx"),
            models.Index(fields=["session", "seq"], name="chat_msg_session_seq_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.room} #{self.seq}"

    @property
    def is_visible(self) -> bool:
        return self.deleted_at is None and self.hidden_at is None

    def as_event(self) -> dict:
        """What clients receive: never the text of a deleted or hidden message."""
        return {
            "type": "message",
            "seq": self.seq,
            "changed_seq": self.changed_seq,
            "session": self.session_id,
            "author_id": self.author_id,
            "author": self.author.public_name,
            "body": self.body if self.is_visible else "",
            "created_at": self.created_at.isoformat(),
            "edited": self.edited_at is not None,
            "deleted": self.deleted_at is not None,
            "hidden": self.hidden_at is not None,
            "hidden_reason": self.hidden_reason if self.hidden_at else "",
        }


class ReadMarker(models.Model):
    """The highest message number a member has seen in a room (for the unread count)."""

    room = models.ForeignKey(ChatRoom, on_delete=models.CASCADE, related_name="read_markers")
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="chat_read_markers"
    )
    last_read_seq = models.PositiveBigIntegerField(default=0)

    class Meta:
        verbose_name = _("read marker")
        verbose_name_plural = _("read markers")
        constraints = [
            models.UniqueConstraint(fields=["room", "person"], name="chat_readmarker_unique")
        ]

    def __str__(self) -> str:
        return f"{self.person} @ {self.room}: {self.last_read_seq}"


class ThreadReadMarker(models.Model):
    """The highest message number a member has seen in one session's thread."""

    session = models.ForeignKey(
        Session, on_delete=models.CASCADE, related_name="chat_read_markers"
    )
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="chat_thread_markers"
    )
    last_read_seq = models.PositiveBigIntegerField(default=0)

    class Meta:
        verbose_name = _("thread read marker")
        verbose_name_plural = _("thread read markers")
        constraints = [
            models.UniqueConstraint(
                fields=["session", "person"], name="chat_threadreadmarker_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.person} @ {self.session_id}: {self.last_read_seq}"


class ChatReminder(models.Model):
    """A member's own reminder of one chat message: it shows on their overview from
    ``remind_at`` until they dismiss it."""

    person = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="chat_reminders"
    )
    message = models.ForeignKey(ChatMessage, on_delete=models.CASCADE, related_name="reminders")
    remind_at = models.DateTimeField(_("remind at"))
    created_at = models.DateTimeField(_("made at"))
    dismissed_at = models.DateTimeField(_("dismissed at"), null=True, blank=True)

    class Meta:
        verbose_name = _("chat reminder")
        verbose_name_plural = _("chat reminders")
        constraints = [
            models.UniqueConstraint(
                fields=["person", "message"],
                condition=Q(dismissed_at__isnull=True),
                name="chat_reminder_one_open_per_message",
            )
        ]
        indexes = [models.Index(fields=["person", "remind_at"], name="chat_reminder_due_idx")]

    def __str__(self) -> str:
        return f"{self.person} @ {self.message}: {self.remind_at:%Y-%m-%d %H:%M}"
