"""Writes of the notification settings."""

from django.db import transaction

from accounts.models import User

from .models import NotificationSettings


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
    row.full_clean()
    row.save()
    return row
