"""Paying through Stripe: starting a subscription, the billing portal, and stopping."""

import datetime
import logging
from typing import Any

import stripe
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from groups.models import Membership

from .. import stripe_gateway
from ..models import (
    LedgerLine,
    StripeSubscription,
    month_start,
)
from .ledger import ensure_plan

logger = logging.getLogger(__name__)

# An object of Stripe's API as JSON (an event's object, a subscription, an invoice).
type StripeData = dict[str, Any]


def stripe_time(value: int | str | None) -> datetime.datetime | None:
    """A moment in Stripe's JSON (seconds since 1970, UTC) as a datetime."""
    if not value:
        return None
    return datetime.datetime.fromtimestamp(int(value), tz=datetime.UTC)


def _period_end(subscription: StripeData) -> datetime.datetime | None:
    end = subscription.get("current_period_end")
    if not end:
        items = (subscription.get("items") or {}).get("data") or []
        end = items[0].get("current_period_end") if items else None
    return stripe_time(end)


def apply_subscription(
    record: StripeSubscription, subscription: StripeData, *, at: datetime.datetime | None
) -> None:
    record.stripe_subscription_id = subscription["id"]
    if subscription.get("customer"):
        record.stripe_customer_id = subscription["customer"]
    record.status = subscription.get("status") or record.status
    record.cancel_at_period_end = bool(subscription.get("cancel_at_period_end"))
    record.current_period_end = _period_end(subscription) or record.current_period_end
    if at is not None:
        record.stripe_event_at = at
    record.save()


def settings_have_stripe_key() -> bool:
    return bool(settings.STRIPE_SECRET_KEY)


def _require_stripe() -> None:
    if not stripe_gateway.stripe_enabled():
        raise ValidationError(_("Paying online is not available. Please pay your coach."))


def _customer_id(membership: Membership) -> str:
    known = (
        membership.stripe_subscriptions.exclude(stripe_customer_id="")
        .values_list("stripe_customer_id", flat=True)
        .first()
    )
    if known:
        return known
    return stripe_gateway.create_customer(
        email=membership.person.email,
        name=membership.person.get_full_name() or membership.person.email,
        membership_id=membership.pk,
    )


def start_stripe_checkout(
    *, membership: Membership, success_url: str, cancel_url: str, locale: str = "nl"
) -> str:
    """Makes a Stripe Checkout page for a monthly subscription; returns where to send them."""
    _require_stripe()
    if membership.status != Membership.Status.ACTIVE or not membership.is_participant:
        raise ValidationError(_("Only active participants pay a contribution."))
    if any(record.is_live for record in membership.stripe_subscriptions.all()):
        raise ValidationError(_("You already pay every month through Stripe."))
    plan = ensure_plan(cohort=membership.cohort)
    customer_id = _customer_id(membership)
    session = stripe_gateway.create_checkout_session(
        customer_id=customer_id,
        membership_id=membership.pk,
        amount_cents=plan.amount_cents,
        product_name=_("Monthly contribution %(cohort)s") % {"cohort": membership.cohort.name},
        success_url=success_url,
        cancel_url=cancel_url,
        locale=locale,
    )
    with transaction.atomic():
        StripeSubscription.objects.create(
            membership=membership,
            stripe_customer_id=customer_id,
            checkout_session_id=session["id"],
        )
    return str(session["url"])


def billing_portal_url(*, membership: Membership, return_url: str, locale: str = "nl") -> str:
    """A Billing Portal page where the participant changes the payment method or stops."""
    _require_stripe()
    customer_id = (
        membership.stripe_subscriptions.exclude(stripe_customer_id="")
        .values_list("stripe_customer_id", flat=True)
        .first()
    )
    if not customer_id:
        raise ValidationError(_("You do not pay through Stripe yet."))
    return stripe_gateway.create_portal_session(
        customer_id=customer_id, return_url=return_url, locale=locale
    )


def end_contributions_for_membership(*, membership: Membership) -> int:
    """After leaving: the subscription ends with the paid period and no new months are added.

    Returns how many Stripe subscriptions were set to end.

    groups.services calls it from transaction.on_commit when a membership ends (leaving,
    being ended by staff, the cohort finishing), so the Stripe call is made outside the
    transaction. Stripe's webhooks confirm the final state later; when Stripe cannot be
    reached, end_contributions_of_ended_memberships tries again.
    """
    membership.refresh_from_db()
    if membership.is_open:
        return 0
    live = membership.stripe_subscriptions.filter(
        stripe_subscription_id__isnull=False,
        status__in=StripeSubscription.LIVE_STATUSES,
        cancel_at_period_end=False,
    )
    ended = 0
    for record in list(live) if settings_have_stripe_key() else []:
        assert record.stripe_subscription_id is not None  # the query above asks for one
        try:
            data = stripe_gateway.cancel_at_period_end(record.stripe_subscription_id)
        except stripe.StripeError:
            logger.exception("Could not end subscription %s", record.stripe_subscription_id)
            continue
        with transaction.atomic():
            apply_subscription(record, data, at=None)
        ended += 1
    if membership.ended_at:
        last = month_start(timezone.localdate(membership.ended_at))
        with transaction.atomic():
            LedgerLine.objects.filter(
                membership=membership, status=LedgerLine.Status.DUE, month__gt=last
            ).delete()
    return ended


def end_contributions_of_ended_memberships() -> int:
    """A second chance for end_contributions_for_membership (Stripe was unreachable, say).

    Run by the update_contribution_ledger command; returns how many subscriptions it ended.
    """
    ended = (
        Membership.objects.exclude(status__in=Membership.OPEN_STATUSES)
        .filter(
            stripe_subscriptions__stripe_subscription_id__isnull=False,
            stripe_subscriptions__status__in=StripeSubscription.LIVE_STATUSES,
            stripe_subscriptions__cancel_at_period_end=False,
        )
        .distinct()
    )
    return sum(
        end_contributions_for_membership(membership=membership) for membership in list(ended)
    )
