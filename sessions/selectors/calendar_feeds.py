"""Reads for the personal calendar feed behind its secret token."""

import datetime

from django.db.models import QuerySet
from django.utils import timezone
from django.utils.crypto import constant_time_compare, salted_hmac

from accounts.models import User
from groups.models import Membership

from ..models import (
    CalendarFeed,
    Session,
)

FEED_HISTORY = datetime.timedelta(days=90)


def feed_token(feed: CalendarFeed) -> str:
    """The secret in the feed address: the feed's id and an HMAC of its random secret."""
    digest = salted_hmac("sessions.calendar-feed", feed.secret, algorithm="sha256").hexdigest()
    return f"{feed.pk}-{digest}"


def feed_for_token(token: str) -> CalendarFeed | None:
    """The feed this token opens, compared in constant time; None if it is wrong or revoked."""
    pk, _sep, _digest = token.partition("-")
    if not pk.isdigit():
        return None
    feed = CalendarFeed.objects.select_related("person").filter(pk=int(pk)).first()
    if feed is None or not feed.person.is_active:
        return None
    return feed if constant_time_compare(feed_token(feed), token) else None


def sessions_for_feed(*, person: User) -> QuerySet[Session]:
    cohorts = Membership.objects.filter(person=person, status=Membership.Status.ACTIVE).values(
        "cohort_id"
    )
    return (
        Session.objects.filter(cohort_id__in=cohorts, ends_at__gte=timezone.now() - FEED_HISTORY)
        .select_related("cohort", "facilitator")
        .prefetch_related("themes")
        .order_by("starts_at")
    )
