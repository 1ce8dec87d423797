"""Stripe's webhook events: each event type has its handler in one table (EVENT_HANDLERS).

Every event is verified (contributions.views.webhooks), handled once (ProcessedEvent in
the same transaction as its effect) and may arrive late or twice.
"""

import datetime
import logging
from collections.abc import Callable
from dataclasses import dataclass

import stripe
from django.db import IntegrityError, transaction
from django.utils import timezone

from groups.models import Membership

from .. import stripe_gateway
from ..models import (
    LedgerLine,
    ProcessedEvent,
    StripeSubscription,
    month_start,
)
from .ledger import ensure_plan
from .stripe_billing import StripeData, apply_subscription, settings_have_stripe_key, stripe_time

logger = logging.getLogger(__name__)


def _subscription_id_of_invoice(invoice: StripeData) -> str | None:
    subscription = invoice.get("subscription")
    if isinstance(subscription, dict):
        subscription = subscription.get("id")
    if subscription:
        return str(subscription)
    details = (invoice.get("parent") or {}).get("subscription_details") or {}
    found = details.get("subscription")
    return str(found) if found else None


def _metadata_membership_id(*sources: StripeData | None) -> int | None:
    for source in sources:
        value = (source or {}).get("membership_id")
        if value and str(value).isdigit():
            return int(value)
    return None


def _record_for_subscription(
    subscription_id: str | None, membership_id: int | None
) -> StripeSubscription | None:
    if subscription_id:
        record = StripeSubscription.objects.filter(stripe_subscription_id=subscription_id).first()
        if record:
            return record
    membership = Membership.objects.filter(pk=membership_id).first() if membership_id else None
    if membership is None:
        return None
    pending = membership.stripe_subscriptions.filter(stripe_subscription_id__isnull=True).first()
    if pending:
        pending.stripe_subscription_id = subscription_id
        pending.save(update_fields=["stripe_subscription_id"])
        return pending
    return StripeSubscription.objects.create(
        membership=membership, stripe_subscription_id=subscription_id, status="incomplete"
    )


def _fetch(kind: str, object_id: str | None) -> StripeData | str | None:
    """Stripe's current state of an object, where the order of events matters."""
    if not object_id or not settings_have_stripe_key():
        return None
    try:
        if kind == "subscription":
            return stripe_gateway.retrieve_subscription(object_id)
        if kind == "invoice_of_payment_intent":
            return stripe_gateway.invoice_of_payment_intent(object_id)
        return stripe_gateway.retrieve_invoice(object_id)
    except stripe.StripeError:
        logger.info("Could not fetch %s %s; using the event's copy", kind, object_id)
        return None


def _on_checkout_completed(
    obj: StripeData, at: datetime.datetime, current: StripeData, event_type: str
) -> None:
    if obj.get("mode") != "subscription":
        return
    membership_id = _metadata_membership_id(
        obj.get("metadata"), {"membership_id": obj.get("client_reference_id")}
    )
    subscription_id = obj.get("subscription")
    if isinstance(subscription_id, dict):
        subscription_id = subscription_id.get("id")
    record = StripeSubscription.objects.filter(stripe_subscription_id=subscription_id).first()
    pending = StripeSubscription.objects.filter(
        checkout_session_id=obj.get("id"), stripe_subscription_id__isnull=True
    ).first()
    if record and pending:
        pending.delete()
    record = record or pending or _record_for_subscription(subscription_id, membership_id)
    if record is None:
        return
    record.stripe_subscription_id = subscription_id
    record.stripe_customer_id = obj.get("customer") or record.stripe_customer_id
    record.checkout_session_id = obj.get("id") or record.checkout_session_id
    if record.status == "checkout":
        record.status = "incomplete"
    record.save()
    if current.get("subscription"):
        apply_subscription(record, current["subscription"], at=None)


def _on_subscription_changed(
    obj: StripeData, at: datetime.datetime, current: StripeData, event_type: str
) -> None:
    subscription = current.get("subscription") or obj
    record = _record_for_subscription(obj.get("id"), _metadata_membership_id(obj.get("metadata")))
    if record is None:
        return
    fresh = "subscription" in current
    if not fresh and record.stripe_event_at and at < record.stripe_event_at:
        return  # an older event than the one that set the current state
    apply_subscription(record, subscription, at=at)


def _invoice_month(invoice: StripeData, at: datetime.datetime) -> datetime.date:
    lines = (invoice.get("lines") or {}).get("data") or []
    start = (lines[0].get("period") or {}).get("start") if lines else None
    start = start or invoice.get("period_start") or invoice.get("created")
    moment = stripe_time(start) or at
    return month_start(timezone.localdate(moment))


def _on_invoice_event(
    obj: StripeData, at: datetime.datetime, current: StripeData, event_type: str
) -> None:
    invoice = current.get("invoice") or obj
    fresh = "invoice" in current
    subscription_id = _subscription_id_of_invoice(invoice)
    details = ((invoice.get("parent") or {}).get("subscription_details")) or {}
    subscription = current.get("subscription") or {}
    record = _record_for_subscription(
        subscription_id,
        _metadata_membership_id(
            details.get("metadata"), subscription.get("metadata"), invoice.get("metadata")
        ),
    )
    if record is None:
        return
    if subscription and subscription.get("id") == record.stripe_subscription_id:
        apply_subscription(record, subscription, at=None)
    membership = record.membership
    plan = ensure_plan(cohort=membership.cohort)
    line = LedgerLine.objects.select_for_update().filter(stripe_invoice_id=invoice["id"]).first()
    if line is None:
        month = _invoice_month(invoice, at)
        month = max(month, plan.start_month)
        if plan.end_month:
            month = min(month, plan.end_month)
        line, _created = LedgerLine.objects.select_for_update().get_or_create(
            membership=membership,
            month=month,
            defaults={"amount_cents": plan.amount_cents},
        )
    if line.status in (LedgerLine.Status.WAIVED, LedgerLine.Status.REFUNDED):
        return
    if line.status == LedgerLine.Status.PAID and line.method != LedgerLine.Method.STRIPE:
        logger.warning("Stripe invoice %s for a month paid by hand: %s", invoice["id"], line)
        return
    paid_elsewhere = line.stripe_invoice_id and line.stripe_invoice_id != invoice["id"]
    if paid_elsewhere and line.status == LedgerLine.Status.PAID:
        return  # this month is paid by another invoice already
    if not fresh and line.stripe_event_at and at < line.stripe_event_at:
        return  # late event: a newer one has set this month already
    if invoice.get("status") == "paid" or (not fresh and event_type in PAID_EVENTS):
        paid_at = stripe_time((invoice.get("status_transitions") or {}).get("paid_at")) or at
        line.status = LedgerLine.Status.PAID
        line.method = LedgerLine.Method.STRIPE
        line.paid_on = timezone.localdate(paid_at)
    elif event_type == "invoice.payment_failed" or invoice.get("status") == "uncollectible":
        line.status = LedgerLine.Status.FAILED
        line.method = LedgerLine.Method.NONE
        line.paid_on = None
    else:
        return
    line.stripe_invoice_id = invoice["id"]
    line.stripe_event_at = max(filter(None, [at, line.stripe_event_at]))
    line.updated_at = timezone.now()
    line.save()


def _on_charge_refunded(
    obj: StripeData, at: datetime.datetime, current: StripeData, event_type: str
) -> None:
    invoice_id = obj.get("invoice") or current.get("invoice_id")
    if not invoice_id or not obj.get("refunded"):
        return
    LedgerLine.objects.filter(stripe_invoice_id=invoice_id, status=LedgerLine.Status.PAID).update(
        status=LedgerLine.Status.REFUNDED, stripe_event_at=at, updated_at=timezone.now()
    )


PAID_EVENTS = ("invoice.paid", "invoice.payment_succeeded")
INVOICE_EVENTS = (*PAID_EVENTS, "invoice.payment_failed")
SUBSCRIPTION_EVENTS = (
    "customer.subscription.created",
    "customer.subscription.updated",
    "customer.subscription.deleted",
)


def _subscription_now(obj: StripeData) -> StripeData:
    fetched = _fetch("subscription", obj.get("id"))
    return {"subscription": fetched} if fetched else {}


def _checkout_subscription_now(obj: StripeData) -> StripeData:
    subscription_id = obj.get("subscription")
    fetched = _fetch("subscription", subscription_id) if isinstance(subscription_id, str) else None
    return {"subscription": fetched} if fetched else {}


def _refunded_invoice_now(obj: StripeData) -> StripeData:
    if obj.get("invoice"):
        return {}
    payment_intent = obj.get("payment_intent")
    if isinstance(payment_intent, dict):
        payment_intent = payment_intent.get("id")
    fetched = _fetch("invoice_of_payment_intent", payment_intent)
    return {"invoice_id": fetched} if fetched else {}


def _invoice_now(obj: StripeData) -> StripeData:
    current: StripeData = {}
    fetched = _fetch("invoice", obj.get("id"))
    if fetched:
        current["invoice"] = fetched
    subscription_id = _subscription_id_of_invoice(fetched if isinstance(fetched, dict) else obj)
    known = StripeSubscription.objects.filter(stripe_subscription_id=subscription_id)
    if subscription_id and not known.exists():
        fetched_subscription = _fetch("subscription", subscription_id)
        if fetched_subscription:
            current["subscription"] = fetched_subscription
    return current


@dataclass(frozen=True)
class EventHandler:
    """How one event type is handled: what to ask Stripe first, then what to change."""

    # What Stripe says now, fetched before the transaction so no lock waits on the network.
    current_state: Callable[[StripeData], StripeData]
    apply: Callable[[StripeData, datetime.datetime, StripeData, str], None]


EVENT_HANDLERS: dict[str, EventHandler] = {
    "checkout.session.completed": EventHandler(_checkout_subscription_now, _on_checkout_completed),
    **{
        kind: EventHandler(_subscription_now, _on_subscription_changed)
        for kind in SUBSCRIPTION_EVENTS
    },
    **{kind: EventHandler(_invoice_now, _on_invoice_event) for kind in INVOICE_EVENTS},
    "charge.refunded": EventHandler(_refunded_invoice_now, _on_charge_refunded),
}
HANDLED_EVENTS = tuple(EVENT_HANDLERS)


def handle_stripe_event(*, event: StripeData) -> str:
    """Applies one verified Stripe event exactly once; returns what happened.

    The event id is stored in the same transaction as the effect, so a duplicate delivery
    (or two processes receiving the same event) changes nothing the second time.
    """
    event_id, event_type = event["id"], event.get("type", "")
    obj = (event.get("data") or {}).get("object") or {}
    at = stripe_time(event.get("created")) or timezone.now()
    attempt = 1
    while True:
        if ProcessedEvent.objects.filter(event_id=event_id).exists():
            return "duplicate"
        handler = EVENT_HANDLERS.get(event_type)
        current = handler.current_state(obj) if handler else {}
        try:
            return _apply_event(event_id, event_type, obj, at, current)
        except IntegrityError:
            # Another process committed this very event, or a record this event makes (the
            # subscription, when its events arrive at the same moment): a new look sees it.
            if attempt >= EVENT_ATTEMPTS:
                raise
            attempt += 1


EVENT_ATTEMPTS = 3


@transaction.atomic
def _apply_event(
    event_id: str, event_type: str, obj: StripeData, at: datetime.datetime, current: StripeData
) -> str:
    ProcessedEvent.objects.create(event_id=event_id, type=event_type[:100])
    handler = EVENT_HANDLERS.get(event_type)
    if handler is None:
        return "ignored"  # acknowledged, and stored so a repeat is a duplicate
    handler.apply(obj, at, current, event_type)
    return "processed"
