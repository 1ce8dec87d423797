"""Reads of the notification settings, for this app's pages and the apps that send e-mail."""

from enum import StrEnum

from django.db.models import QuerySet

from accounts.models import User

from .models import ChatMail, NotificationSettings


class Kind(StrEnum):
    """The e-mails a person can turn off, by the settings field that governs each."""

    CHAT = "chat"  # the field has three choices; "never" is off
    VOTING = "voting"
    NOTICES = "notices"
    SESSION_REMINDERS = "session_reminders"
    SESSION_CHANGES = "session_changes"
    ATTENTION_DIGEST = "attention_digest"  # the coach's weekly e-mail (attention/)


def settings_for(*, person: User) -> NotificationSettings:
    """The person's settings; the defaults (unsaved) if they never changed them."""
    found = NotificationSettings.objects.filter(person=person).first()
    return found or NotificationSettings(person=person)


def wanting(people: QuerySet[User], kind: Kind) -> QuerySet[User]:
    """These people without those who turned this kind of e-mail off (no row: the default, on)."""
    if kind == Kind.CHAT:
        return people.exclude(notification_settings__chat=ChatMail.NEVER)
    return people.exclude(**{f"notification_settings__{kind.value}": False})


def is_off(settings: NotificationSettings, kind: Kind) -> bool:
    """Whether this kind of e-mail is turned off in these settings."""
    if kind == Kind.CHAT:
        return settings.chat == ChatMail.NEVER
    return not getattr(settings, kind.value)
