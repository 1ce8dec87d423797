"""Writes of the notification settings."""

from django.db import transaction

from accounts.models import User

from .models import ChatMail, NotificationSettings
from .selectors import Kind


@transaction.atomic
def update_settings(
    *,
    person: User,
    chat: str,
    quiet_minutes: int,
    chat_text: bool,
    voting: bool,
    notices: bool,
    session_reminders: bool,
    session_changes: bool = True,
    attention_digest: bool | None = None,
) -> NotificationSettings:
    """Stores the person's choices (the view has asked the access layer whose they are)."""
    found = NotificationSettings.objects.select_for_update().filter(person=person).first()
    row = found or NotificationSettings(person=person)
    row.chat = chat
    row.quiet_minutes = quiet_minutes
    row.chat_text = chat_text
    row.voting = voting
    row.notices = notices
    row.session_reminders = session_reminders
    row.session_changes = session_changes
    if attention_digest is not None:  # not on the form of someone who does not get it
        row.attention_digest = attention_digest
    row.full_clean()
    row.save()
    return row


@transaction.atomic
def unsubscribe(*, person: User, kind: Kind) -> NotificationSettings:
    """Turns one kind of e-mail off for the person (the link in every e-mail of that kind)."""
    found = NotificationSettings.objects.select_for_update().filter(person=person).first()
    row = found or NotificationSettings(person=person)
    if kind == Kind.CHAT:
        row.chat = ChatMail.NEVER
    else:
        setattr(row, kind.value, False)
    row.full_clean()
    row.save()
    return row
