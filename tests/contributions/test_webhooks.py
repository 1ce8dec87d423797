"""Stripe's webhook with hand-signed events shaped like Stripe's documented ones.

localstripe never sends checkout.session.*, invoice.paid or customer.subscription.updated,
so these payloads are built here and signed with the test webhook secret. localstripe is
still running: the handler asks it for the current state and falls back to the payload
when it does not know the object.
"""

import datetime
import time

import pytest
from django.urls import reverse

from contributions import stripe_gateway
from contributions.models import LedgerLine, ProcessedEvent, StripeSubscription
from groups.models import add_months

from .conftest import (
    event,
    invoice,
    membership_of,
    post_event,
    subscription,
    this_month,
    unix,
)

pytestmark = pytest.mark.usefixtures("stripe_on")


def line(world, month=None):
    month = this_month() if month is None else month
    return LedgerLine.objects.get(membership=membership_of(world, world.anna), month=month)


def paid_event(world, invoice_id="in_test_1", *, month=None, created=None, kind="invoice.paid"):
    month = this_month() if month is None else month
    membership = membership_of(world, world.anna)
    return event(
        kind,
        invoice(
            invoice_id,
            subscription="sub_test_anna",
            membership_id=membership.pk,
            month=month,
            status="paid" if kind != "invoice.payment_failed" else "open",
        ),
        created=created,
    )


def test_invoice_paid_marks_the_month_paid(client, ledger):
    response = post_event(client, paid_event(ledger))
    assert response.status_code == 200
    paid = line(ledger)
    assert (paid.status, paid.method, paid.stripe_invoice_id) == ("paid", "stripe", "in_test_1")
    assert StripeSubscription.objects.get().stripe_subscription_id == "sub_test_anna"


def test_bad_signature_is_refused_and_changes_nothing(client, ledger):
    response = post_event(client, paid_event(ledger), secret="whsec_someone_else")
    assert response.status_code == 400
    assert line(ledger).status == "due"
    assert not ProcessedEvent.objects.exists()
    assert not StripeSubscription.objects.exists()


def test_missing_signature_is_refused(client, ledger):
    response = client.post(
        reverse("contributions:stripe_webhook"), data=b"{}", content_type="application/json"
    )
    assert response.status_code == 400


def test_a_timestamp_in_the_future_is_refused(client, ledger):
    in_an_hour = int(time.time()) + 3600
    response = post_event(client, paid_event(ledger), timestamp=in_an_hour)
    assert response.status_code == 400
    assert line(ledger).status == "due"
    assert not ProcessedEvent.objects.exists()


def test_a_timestamp_within_the_tolerance_either_way_is_accepted(client, ledger):
    for offset in (-200, 200):
        response = post_event(client, paid_event(ledger), timestamp=int(time.time()) + offset)
        assert response.status_code == 200


def _post_signed(client, payload: bytes):
    from .conftest import sign

    return client.post(
        reverse("contributions:stripe_webhook"),
        data=payload,
        content_type="application/json",
        headers={"Stripe-Signature": sign(payload)},
    )


@pytest.mark.parametrize(
    "payload",
    [
        b"[]",
        b'[{"id": "evt_1", "type": "invoice.paid"}]',
        b'"evt_1"',
        b"null",
        b'{"type": "invoice.paid", "data": {"object": {}}}',  # no id
        b'{"id": 7, "type": "invoice.paid", "data": {"object": {}}}',
        b'{"id": "evt_1", "type": "invoice.paid", "data": []}',
        b'{"id": "evt_1", "type": "invoice.paid", "data": {"object": "in_1"}}',
        b'{"id": "evt_1", "data": {"object": {}}}',  # no type
    ],
)
def test_a_signed_body_that_is_not_an_event_is_refused(client, ledger, payload):
    response = _post_signed(client, payload)
    assert response.status_code == 400
    assert not ProcessedEvent.objects.exists()
    assert line(ledger).status == "due"


def test_stale_timestamp_is_refused(client, ledger):
    an_hour_ago = int(time.time()) - 3600
    response = post_event(client, paid_event(ledger), timestamp=an_hour_ago)
    assert response.status_code == 400
    assert line(ledger).status == "due"
    assert not ProcessedEvent.objects.exists()


def test_the_same_event_twice_has_one_effect(client, ledger):
    paid = paid_event(ledger)
    assert post_event(client, paid).content == b"processed"
    first = line(ledger)
    assert post_event(client, paid).content == b"duplicate"
    assert ProcessedEvent.objects.filter(event_id=paid["id"]).count() == 1
    again = line(ledger)
    assert (again.status, again.updated_at) == ("paid", first.updated_at)
    assert LedgerLine.objects.filter(stripe_invoice_id="in_test_1").count() == 1


def test_a_late_failure_does_not_undo_a_newer_payment(client, ledger):
    """The payment_failed of the first attempt arrives after the retry's invoice.paid."""
    now = unix(this_month(), 18)
    post_event(client, paid_event(ledger, created=now))
    post_event(client, paid_event(ledger, kind="invoice.payment_failed", created=now - 86400))
    assert line(ledger).status == "paid"


def test_failure_then_paid_in_order_ends_paid(client, ledger):
    now = unix(this_month(), 18)
    post_event(client, paid_event(ledger, kind="invoice.payment_failed", created=now - 86400))
    assert line(ledger).status == "failed"
    post_event(client, paid_event(ledger, created=now))
    assert line(ledger).status == "paid"


def test_subscription_updates_out_of_order_keep_the_newest_state(client, ledger):
    membership = membership_of(ledger, ledger.anna)
    now = unix(this_month(), 18)
    newer = subscription(
        "sub_test_anna", membership_id=membership.pk, status="active", cancel=True
    )
    older = subscription("sub_test_anna", membership_id=membership.pk, status="active")
    post_event(client, event("customer.subscription.updated", newer, created=now))
    post_event(client, event("customer.subscription.updated", older, created=now - 600))
    record = StripeSubscription.objects.get(stripe_subscription_id="sub_test_anna")
    assert record.cancel_at_period_end is True
    assert record.current_period_end is not None


def test_invoice_before_its_subscription_event_still_finds_the_participant(client, ledger):
    post_event(client, paid_event(ledger, month=add_months(this_month(), -1)))
    membership = membership_of(ledger, ledger.anna)
    created = subscription("sub_test_anna", membership_id=membership.pk, status="active")
    post_event(client, event("customer.subscription.created", created))
    assert StripeSubscription.objects.count() == 1
    assert line(ledger, add_months(this_month(), -1)).status == "paid"


def test_sepa_failure_days_later_turns_the_month_failed_and_the_coach_sees_it(client, ledger):
    membership = membership_of(ledger, ledger.anna)
    # The participant pays by SEPA Direct Debit; the invoice is open while the bank works.
    post_event(
        client,
        event(
            "customer.subscription.created",
            subscription("sub_test_anna", membership_id=membership.pk, status="active"),
            created=unix(this_month(), 9),
        ),
    )
    assert line(ledger).status == "due"
    # Five days later the bank refuses the debit.
    failed = paid_event(
        ledger,
        kind="invoice.payment_failed",
        created=unix(this_month() + datetime.timedelta(days=5)),
    )
    assert post_event(client, failed).status_code == 200
    assert line(ledger).status == "failed"

    client.force_login(ledger.sanne)
    page = client.get(reverse("contributions:overview", args=[ledger.cohort.pk])).text
    assert "Betaling mislukt" in page or "betaling mislukt" in page
    assert "Achter" in page


def test_checkout_session_completed_links_the_subscription(client, ledger):
    membership = membership_of(ledger, ledger.anna)
    customer = stripe_gateway.create_customer(
        email="anna@example.org", name="Anna", membership_id=membership.pk
    )
    StripeSubscription.objects.create(
        membership=membership, stripe_customer_id=customer, checkout_session_id="cs_test_1"
    )
    session = {
        "id": "cs_test_1",
        "object": "checkout.session",
        "mode": "subscription",
        "status": "complete",
        "payment_status": "paid",
        "customer": customer,
        "subscription": "sub_test_checkout",
        "client_reference_id": str(membership.pk),
        "metadata": {"membership_id": str(membership.pk)},
    }
    assert post_event(client, event("checkout.session.completed", session)).status_code == 200
    record = StripeSubscription.objects.get()
    assert record.stripe_subscription_id == "sub_test_checkout"
    assert record.status == "incomplete"  # waits for the subscription's own events
    post_event(
        client,
        event(
            "customer.subscription.updated",
            subscription("sub_test_checkout", membership_id=membership.pk, status="active"),
        ),
    )
    record.refresh_from_db()
    assert record.is_live


def test_a_refund_marks_the_month_refunded(client, ledger):
    post_event(client, paid_event(ledger))
    charge = {"id": "ch_test", "object": "charge", "invoice": "in_test_1", "refunded": True}
    post_event(client, event("charge.refunded", charge))
    assert line(ledger).status == "refunded"


def test_a_month_paid_in_cash_is_not_overwritten_by_stripe(client, ledger):
    from contributions import services

    services.record_payment(
        membership=membership_of(ledger, ledger.anna),
        line_id=line(ledger).pk,
        method="cash",
        paid_on=this_month(),
        by=ledger.sanne,
    )
    post_event(client, paid_event(ledger, kind="invoice.payment_failed"))
    assert (line(ledger).status, line(ledger).method) == ("paid", "cash")


def test_unknown_event_types_are_acknowledged_and_ignored(client, ledger):
    unknown = event("customer.tax_id.created", {"id": "txi_1", "object": "tax_id"})
    response = post_event(client, unknown)
    assert (response.status_code, response.content) == (200, b"ignored")
    assert ProcessedEvent.objects.filter(event_id=unknown["id"]).exists()


def test_webhook_refuses_get(client, ledger):
    assert client.get(reverse("contributions:stripe_webhook")).status_code == 405


def test_webhook_is_off_without_stripe_keys(client, ledger, stripe_off):
    assert post_event(client, paid_event(ledger)).status_code == 404
    assert line(ledger).status == "due"


def test_a_record_made_at_the_same_moment_by_another_process_is_found_on_a_second_look(
    client, ledger, monkeypatch
):
    """Two events of one new subscription arrive together; one of them makes its record
    first and the other's insert hits the unique constraint: that one looks again."""
    from django.db import IntegrityError

    from contributions.services import stripe_events

    real = stripe_events._record_for_subscription
    calls = []

    def racing(subscription_id, membership_id):
        calls.append(subscription_id)
        if len(calls) == 1:
            raise IntegrityError("duplicate key value violates unique constraint")
        return real(subscription_id, membership_id)

    monkeypatch.setattr(stripe_events, "_record_for_subscription", racing)
    paid = paid_event(ledger)
    assert post_event(client, paid).content == b"processed"
    assert len(calls) == 2
    assert line(ledger).status == "paid"
    assert ProcessedEvent.objects.filter(event_id=paid["id"]).count() == 1
    assert StripeSubscription.objects.count() == 1


def test_an_event_that_keeps_failing_is_left_for_stripe_to_send_again(ledger, monkeypatch):
    from django.db import IntegrityError

    from contributions.services import stripe_events

    def always(*args, **kwargs):
        raise IntegrityError("still there")

    monkeypatch.setattr(stripe_events, "_record_for_subscription", always)
    paid = paid_event(ledger)
    with pytest.raises(IntegrityError):
        stripe_events.handle_stripe_event(event=paid)
    assert not ProcessedEvent.objects.filter(event_id=paid["id"]).exists()
    assert line(ledger).status == "due"


def test_a_refund_of_a_charge_without_its_invoice_finds_the_month_through_stripe(
    client, ledger, monkeypatch
):
    """Since API 2025-03-31 a charge no longer names its invoice; Stripe's invoice payments
    link the payment to it (localstripe has no such endpoint: its answer is stood in)."""
    post_event(client, paid_event(ledger))
    asked = []

    def invoice_of_payment_intent(payment_intent_id):
        asked.append(payment_intent_id)
        return "in_test_1"

    monkeypatch.setattr(stripe_gateway, "invoice_of_payment_intent", invoice_of_payment_intent)
    charge = {"id": "ch_new", "object": "charge", "payment_intent": "pi_1", "refunded": True}
    post_event(client, event("charge.refunded", charge))
    assert asked == ["pi_1"]
    assert line(ledger).status == "refunded"
