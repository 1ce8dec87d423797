"""A member's own reminders of chat messages: "remind me tonight", "tomorrow morning", "in
a week" or at a chosen moment. At that time the reminder shows on their overview, with a
link to the message, until they dismiss it. Nothing is sent: the overview is the place."""

import datetime
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User

from .models import ChatMessage, ChatReminder

EVENING = datetime.time(19, 0)
MORNING = datetime.time(9, 0)
LATEST = datetime.timedelta(days=366)


@dataclass(frozen=True)
class Choice:
    key: str
    label: str
    at: datetime.datetime


def _local(day: datetime.date, time: datetime.time) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, time))


def quick_choices(now: datetime.datetime | None = None) -> list[Choice]:
    """The ready-made moments, from now: tonight (while it is before six), tomorrow
    morning and in a week, each at a fixed, easy hour of the site's time zone."""
    local = timezone.localtime(now or timezone.now())
    today = local.date()
    choices = []
    if local.time() < datetime.time(18, 0):
        choices.append(Choice("tonight", _("Tonight"), _local(today, EVENING)))
    tomorrow = today + datetime.timedelta(days=1)
    choices.append(Choice("tomorrow", _("Tomorrow morning"), _local(tomorrow, MORNING)))
    week = today + datetime.timedelta(days=7)
    choices.append(Choice("week", _("In a week"), _local(week, MORNING)))
    return choices


@transaction.atomic
def set_reminder(
    *, message: ChatMessage, person: User, remind_at: datetime.datetime
) -> ChatReminder:
    """Makes (or moves) the person's reminder of this message."""
    now = timezone.now()
    if remind_at <= now:
        raise ValidationError({"when": _("Choose a moment in the future.")})
    if remind_at > now + LATEST:
        raise ValidationError({"when": _("Choose a moment within a year.")})
    reminder, _created = ChatReminder.objects.update_or_create(
        person=person,
        message=message,
        dismissed_at=None,
        defaults={"remind_at": remind_at, "created_at": now},
    )
    return reminder


@transaction.atomic
def dismiss_reminder(*, reminder: ChatReminder, by: User) -> None:
    """The person is done with the reminder: it leaves their overview."""
    if reminder.person_id != by.pk:
        raise ValidationError(_("This is not your reminder."))
    if reminder.dismissed_at is None:
        ChatReminder.objects.filter(pk=reminder.pk).update(dismissed_at=timezone.now())
