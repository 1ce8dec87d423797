"""Reads of the notification settings, for this app's pages and the apps that send e-mail."""

from enum import StrEnum

from django.db.models import QuerySet

from accounts.models import User

from .models import NotificationSettings


class Kind(StrEnum):
    """The e-mails a person can turn on or off, by the settings field that governs each."""

    VOTING = "voting"
    NOTICES = "notices"
    SESSION_REMINDERS = "session_reminders"


def settings_for(*, person: User) -> NotificationSettings:
    """The person's settings; the defaults (unsaved) if they never changed them."""
    found = NotificationSettings.objects.filter(person=person).first()
    return found or NotificationSettings(person=person)


def wanting(people: QuerySet[User], kind: Kind) -> QuerySet[User]:
    """These people without those who turned this kind of e-mail off (no row: the default, on)."""
    return people.exclude(**{f"notification_settings__{kind.value}": False})
