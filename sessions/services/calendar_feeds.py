"""The private calendar feed address of each member (a secret token)."""

import secrets

from django.db import transaction
from django.utils import timezone

from accounts.models import User

from ..models import (
    CalendarFeed,
)


@transaction.atomic
def renew_calendar_feed(*, person: User) -> CalendarFeed:
    """Makes a new secret feed address; the previous address stops working at once."""
    feed, _created = CalendarFeed.objects.update_or_create(
        person=person,
        defaults={"secret": secrets.token_urlsafe(32), "created_at": timezone.now()},
    )
    return feed


@transaction.atomic
def ensure_calendar_feed(*, person: User) -> CalendarFeed:
    feed = CalendarFeed.objects.filter(person=person).first()
    return feed or renew_calendar_feed(person=person)
