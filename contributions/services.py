"""Writes for contribution plans, the ledger, hand-recorded payments and Stripe events.

The ledger is the source of truth for what a participant owes: one line per month due,
made here from the cohort's plan and the membership, never typed in. Stripe's webhooks
set the state of the months paid through Stripe; staff record cash and bank transfers and
waive months in hardship.
"""

import datetime
import logging

import stripe
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from groups.models import Cohort, Membership, add_months

from . import stripe_gateway
from .models import (
    ContributionPlan,
    LedgerLine,
    ProcessedEvent,
    StripeSubscription,
    month_start,
    next_month,
)

logger = logging.getLogger(__name__)

PARTICIPANT_STATUSES_WITH_MONTHS = (
    Membership.Status.ACTIVE,
    Membership.Status.LEFT,
    Membership.Status.FINISHED,
)


# --- the plan and the ledger ---------------------------------------------------------------


def default_plan_months(cohort: Cohort) -> tuple[datetime.date, datetime.date]:
    """From the cohort's first month to the month before its planned end."""
    first = month_start(cohort.start_date)
    last = month_start(add_months(month_start(cohort.planned_end_date), -1))
    return first, max(first, last)


@transaction.atomic
def ensure_plan(*, cohort: Cohort) -> ContributionPlan:
    """The cohort's plan, made from its monthly contribution the first time it is needed."""
    first, last = default_plan_months(cohort)
    plan, _created = ContributionPlan.objects.get_or_create(
        cohort=cohort,
        defaults={
            "amount_cents": cohort.monthly_contribution_cents or 1,
            "start_month": first,
            "end_month": last,
        },
    )
    return plan


@transaction.atomic
def set_plan(
    *,
    cohort: Cohort,
    amount_cents: int,
    start_month: datetime.date,
    end_month: datetime.date | None,
    by: User,
) -> ContributionPlan:
    """Changes the plan; months already in the ledger keep the amount they had."""
    plan = ContributionPlan.objects.filter(cohort=cohort).first() or ContributionPlan(
        cohort=cohort
    )
    plan.amount_cents = amount_cents
    plan.start_month = start_month
    plan.end_month = end_month
    if amount_cents is None or amount_cents < 1:
        raise ValidationError({"amount_cents": _("The amount must be at least 1 cent.")})
    plan.full_clean()
    plan.save()
    return plan


def _membership_months(
    membership: Membership, plan: ContributionPlan, today: datetime.date
) -> list[datetime.date]:
    joined = membership.accepted_at or membership.created_at
    first = max(plan.start_month, month_start(timezone.localdate(joined)))
    last = month_start(today)
    if plan.end_month:
        last = min(last, plan.end_month)
    if membership.ended_at:
        last = min(last, month_start(timezone.localdate(membership.ended_at)))
    months = []
    month = first
    while month <= last:
        months.append(month)
        month = next_month(month)
    return months


@transaction.atomic
def bring_ledger_up_to_date(*, cohort: Cohort, today: datetime.date | None = None) -> int:
    """Adds the months now due for every participant of a started cohort; safe to repeat."""
    if cohort.started_at is None:
        return 0
    today = today or timezone.localdate()
    plan = ensure_plan(cohort=cohort)
    memberships = cohort.memberships.participants().filter(
        status__in=PARTICIPANT_STATUSES_WITH_MONTHS
    )
    existing = set(
        LedgerLine.objects.filter(membership__cohort=cohort).values_list("membership_id", "month")
    )
    new_lines = [
        LedgerLine(membership=membership, month=month, amount_cents=plan.amount_cents)
        for membership in memberships
        for month in _membership_months(membership, plan, today)
        if (membership.pk, month) not in existing
    ]
    LedgerLine.objects.bulk_create(new_lines, ignore_conflicts=True)
    return len(new_lines)


def _open_line(membership: Membership, line_id: int) -> LedgerLine:
    line = LedgerLine.objects.select_for_update().filter(membership=membership, pk=line_id).first()
    if line is None:
        raise ValidationError({"month": _("Choose a month of this participant.")})
    if not line.is_open:
        raise ValidationError({"month": _("This month is already paid or waived.")})
    return line


@transaction.atomic
def record_payment(
    *,
    membership: Membership,
    line_id: int,
    method: str,
    paid_on: datetime.date,
    note: str = "",
    by: User,
) -> LedgerLine:
    """The coach or manager records a month paid in cash or by bank transfer."""
    if method not in (LedgerLine.Method.CASH, LedgerLine.Method.BANK_TRANSFER):
        raise ValidationError({"method": _("Choose cash or bank transfer.")})
    if paid_on > timezone.localdate():
        raise ValidationError({"paid_on": _("The payment date cannot be in the future.")})
    line = _open_line(membership, line_id)
    line.status = LedgerLine.Status.PAID
    line.method = method
    line.paid_on = paid_on
    line.note = note.strip()
    line.recorded_by = by
    line.updated_at = timezone.now()
    line.full_clean()
    line.save()
    return line


@transaction.atomic
def waive_month(*, membership: Membership, line_id: int, reason: str, by: User) -> LedgerLine:
    """The coach or manager waives a month for a participant in hardship, with a reason."""
    if not reason.strip():
        raise ValidationError({"reason": _("Please give a reason for waiving this month.")})
    line = _open_line(membership, line_id)
    line.status = LedgerLine.Status.WAIVED
    line.method = LedgerLine.Method.NONE
    line.waiver_reason = reason.strip()
    line.recorded_by = by
    line.updated_at = timezone.now()
    line.full_clean()
    line.save()
    return line


# --- Stripe: starting, changing and stopping -------------------------------------------------


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
    return session["url"]


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
        try:
            data = stripe_gateway.cancel_at_period_end(record.stripe_subscription_id)
        except stripe.StripeError:
            logger.exception("Could not end subscription %s", record.stripe_subscription_id)
            continue
        with transaction.atomic():
            _apply_subscription(record, data, at=None)
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


# --- Stripe: webhook events ------------------------------------------------------------------


def _timestamp(value) -> datetime.datetime | None:
    if not value:
        return None
    return datetime.datetime.fromtimestamp(int(value), tz=datetime.UTC)


def _subscription_id_of_invoice(invoice: dict) -> str | None:
    subscription = invoice.get("subscription")
    if isinstance(subscription, dict):
        subscription = subscription.get("id")
    if subscription:
        return subscription
    details = (invoice.get("parent") or {}).get("subscription_details") or {}
    return details.get("subscription")


def _metadata_membership_id(*sources: dict) -> int | None:
    for source in sources:
        value = (source or {}).get("membership_id")
        if value and str(value).isdigit():
            return int(value)
    return None


def _period_end(subscription: dict) -> datetime.datetime | None:
    end = subscription.get("current_period_end")
    if not end:
        items = (subscription.get("items") or {}).get("data") or []
        end = items[0].get("current_period_end") if items else None
    return _timestamp(end)


def _apply_subscription(
    record: StripeSubscription, subscription: dict, *, at: datetime.datetime | None
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


def _fetch(kind: str, object_id: str | None) -> dict | str | None:
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


def _on_checkout_completed(obj: dict, at, current: dict) -> None:
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
        _apply_subscription(record, current["subscription"], at=None)


def _on_subscription_changed(obj: dict, at, current: dict) -> None:
    subscription = current.get("subscription") or obj
    record = _record_for_subscription(obj.get("id"), _metadata_membership_id(obj.get("metadata")))
    if record is None:
        return
    fresh = "subscription" in current
    if not fresh and record.stripe_event_at and at < record.stripe_event_at:
        return  # an older event than the one that set the current state
    _apply_subscription(record, subscription, at=at)


def _invoice_month(invoice: dict, at) -> datetime.date:
    lines = (invoice.get("lines") or {}).get("data") or []
    start = (lines[0].get("period") or {}).get("start") if lines else None
    start = start or invoice.get("period_start") or invoice.get("created")
    moment = _timestamp(start) or at
    return month_start(timezone.localdate(moment))


def _on_invoice_event(obj: dict, at, current: dict, *, event_type: str) -> None:
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
        _apply_subscription(record, subscription, at=None)
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
        paid_at = _timestamp((invoice.get("status_transitions") or {}).get("paid_at")) or at
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


def _on_charge_refunded(obj: dict, at, current: dict) -> None:
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
HANDLED_EVENTS = (
    "checkout.session.completed",
    *SUBSCRIPTION_EVENTS,
    *INVOICE_EVENTS,
    "charge.refunded",
)


def _current_state(event_type: str, obj: dict) -> dict:
    """What Stripe says now, fetched before the transaction so no lock waits on the network."""
    current: dict = {}
    if event_type in SUBSCRIPTION_EVENTS:
        fetched = _fetch("subscription", obj.get("id"))
        if fetched:
            current["subscription"] = fetched
    elif event_type == "checkout.session.completed":
        subscription_id = obj.get("subscription")
        if isinstance(subscription_id, str):
            fetched = _fetch("subscription", subscription_id)
            if fetched:
                current["subscription"] = fetched
    elif event_type == "charge.refunded" and not obj.get("invoice"):
        payment_intent = obj.get("payment_intent")
        if isinstance(payment_intent, dict):
            payment_intent = payment_intent.get("id")
        fetched = _fetch("invoice_of_payment_intent", payment_intent)
        if fetched:
            current["invoice_id"] = fetched
    elif event_type in INVOICE_EVENTS:
        fetched = _fetch("invoice", obj.get("id"))
        if fetched:
            current["invoice"] = fetched
        subscription_id = _subscription_id_of_invoice(fetched or obj)
        known = StripeSubscription.objects.filter(stripe_subscription_id=subscription_id)
        if subscription_id and not known.exists():
            fetched_subscription = _fetch("subscription", subscription_id)
            if fetched_subscription:
                current["subscription"] = fetched_subscription
    return current


def handle_stripe_event(*, event: dict) -> str:
    """Applies one verified Stripe event exactly once; returns what happened.

    The event id is stored in the same transaction as the effect, so a duplicate delivery
    (or two processes receiving the same event) changes nothing the second time.
    """
    event_id, event_type = event["id"], event.get("type", "")
    obj = (event.get("data") or {}).get("object") or {}
    at = _timestamp(event.get("created")) or timezone.now()
    attempt = 1
    while True:
        if ProcessedEvent.objects.filter(event_id=event_id).exists():
            return "duplicate"
        current = _current_state(event_type, obj) if event_type in HANDLED_EVENTS else {}
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
def _apply_event(event_id: str, event_type: str, obj: dict, at, current: dict) -> str:
    ProcessedEvent.objects.create(event_id=event_id, type=event_type[:100])
    if event_type == "checkout.session.completed":
        _on_checkout_completed(obj, at, current)
    elif event_type in SUBSCRIPTION_EVENTS:
        _on_subscription_changed(obj, at, current)
    elif event_type in INVOICE_EVENTS:
        _on_invoice_event(obj, at, current, event_type=event_type)
    elif event_type == "charge.refunded":
        _on_charge_refunded(obj, at, current)
    else:
        return "ignored"  # acknowledged, and stored so a repeat is a duplicate
    return "processed"
