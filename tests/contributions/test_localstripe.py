"""Against a real Stripe counterpart: localstripe, with its own signed webhook deliveries.

localstripe makes customers, SEPA payment methods, plans, subscriptions and invoices, pays
or fails them (a SEPA debit succeeds or fails about a second later) and signs the webhooks
it sends to our live test server with the secret we register, as Stripe does.
"""

import contextlib
import dataclasses
import io
import threading
import time
import urllib.parse
import urllib.request

import pytest
from django.core.management import call_command
from django.db import connection
from django.urls import reverse

from contributions import services, stripe_gateway
from contributions.models import LedgerLine, ProcessedEvent, StripeSubscription
from groups import services as group_services
from groups.models import add_months

from .conftest import (
    WEBHOOK_SECRET,
    membership_of,
    point_stripe_at,
    running_localstripe,
    this_month,
)

GOOD_IBAN = "NL91ABNA0417164300"
FAILING_IBAN = "DE62370400440532013001"  # localstripe's SEPA debit that fails later


def register_webhook(base_url: str, hook_id: str, url: str, events=None) -> None:
    fields = [("url", url), ("secret", WEBHOOK_SECRET)]
    fields += [("events[]", name) for name in events or []]
    request = urllib.request.Request(
        f"{base_url}/_config/webhooks/{hook_id}",
        data=urllib.parse.urlencode(fields).encode(),
        method="POST",
    )
    urllib.request.urlopen(request, timeout=5).close()


class OneAtATime:
    """Lets the live server handle one request at a time, and never during the test's reads.

    With SQLite's in-memory test database, the live server's request threads and the test
    share one database connection (Django cannot give them their own: each new connection
    would be an empty database). localstripe sends its webhooks at the same moment, so
    without this, two threads use that one connection at once: "cannot open savepoint - SQL
    statements in progress", a TransactionManagementError in the other thread, a 500 that
    localstripe never retries, and a month that never turns "failed". Django's documentation
    of LiveServerTestCase asks for exactly this: no simultaneous queries over the shared
    connection. PostgreSQL gives every thread its own connection, so there the requests run
    side by side, as they do in production.
    """

    def __init__(self, live_server, path: str):
        self.httpd = live_server.thread.httpd
        self.app = self.httpd.get_app()
        self.path = path
        shared = connection.vendor == "sqlite" and connection.is_in_memory_db()
        self.lock = threading.RLock() if shared else contextlib.nullcontext()
        self.closed = False
        self.httpd.set_app(self)

    def __call__(self, environ, start_response):
        with self.lock:
            if self.closed and environ.get("PATH_INFO") == self.path:
                start_response("503 Service Unavailable", [("Content-Type", "text/plain")])
                return [b"this test has ended"]
            result = self.app(environ, start_response)
            try:
                return list(result)  # the whole response, database work included
            finally:
                if hasattr(result, "close"):
                    result.close()

    def close(self) -> None:
        """Refuses late deliveries (the test database is being emptied) and steps aside."""
        with self.lock:
            self.closed = True
            self.httpd.set_app(self.app)


@dataclasses.dataclass
class Deliveries:
    url: str
    quiet: OneAtATime  # `with deliveries.quiet.lock:` reads without a request running

    def wait_for(self, condition, seconds=30) -> bool:
        """Polls the database until the webhooks have arrived; the test is about the end."""
        deadline = time.monotonic() + seconds
        while True:
            with self.quiet.lock:
                if condition():
                    return True
            if time.monotonic() > deadline:
                return False
            time.sleep(0.1)


@pytest.fixture
def delivered_webhooks(settings, live_server):
    """A localstripe of this test's own that sends its events to our live server.

    Its own process, so no delivery left over from another test can reach this one.
    """
    path = reverse("contributions:stripe_webhook")
    quiet = OneAtATime(live_server, path)
    try:
        with running_localstripe() as url:
            point_stripe_at(settings, url)
            register_webhook(url, "herstelcirkel", live_server.url + path)
            yield Deliveries(url=url, quiet=quiet)
    finally:
        quiet.close()


def subscribe(membership, iban: str) -> dict:
    stripe = stripe_gateway.client()
    customer = stripe_gateway.create_customer(
        email=membership.person.email, name="Anna", membership_id=membership.pk
    )
    method = stripe.v1.payment_methods.create(
        params={"type": "sepa_debit", "sepa_debit": {"iban": iban}}
    )
    stripe.v1.payment_methods.attach(method.id, params={"customer": customer})
    stripe.v1.customers.update(
        customer, params={"invoice_settings": {"default_payment_method": method.id}}
    )
    product = stripe.v1.products.create(params={"name": "Maandelijkse bijdrage"})
    plan = stripe.v1.plans.create(
        params={"product": product.id, "amount": 1000, "currency": "eur", "interval": "month"}
    )
    return stripe.v1.subscriptions.create(
        params={
            "customer": customer,
            "items": [{"plan": plan.id}],
            "metadata": {"membership_id": str(membership.pk)},
        }
    ).to_dict()


def this_month_line(world):
    return LedgerLine.objects.get(membership=membership_of(world, world.anna), month=this_month())


def test_sepa_subscription_is_paid_through_localstripes_signed_webhooks(
    transactional_db, ledger, delivered_webhooks
):
    subscription = subscribe(membership_of(ledger, ledger.anna), GOOD_IBAN)
    assert subscription["status"] == "active"
    assert delivered_webhooks.wait_for(lambda: this_month_line(ledger).status == "paid")
    with delivered_webhooks.quiet.lock:
        line = this_month_line(ledger)
        assert line.method == "stripe"
        assert line.stripe_invoice_id == subscription["latest_invoice"]
        record = StripeSubscription.objects.get(stripe_subscription_id=subscription["id"])
        assert record.membership.person == ledger.anna
        assert record.is_live
        assert ProcessedEvent.objects.filter(type="invoice.payment_succeeded").count() == 1
        # localstripe's other events (customer.created, invoice.created, ...) are ignored
        assert ProcessedEvent.objects.filter(type="customer.created").exists()


def test_failed_sepa_debit_turns_the_month_failed_and_the_coach_sees_it(
    transactional_db, client, ledger, delivered_webhooks
):
    subscription = subscribe(membership_of(ledger, ledger.anna), FAILING_IBAN)
    assert delivered_webhooks.wait_for(lambda: this_month_line(ledger).status == "failed")
    assert delivered_webhooks.wait_for(
        lambda: StripeSubscription.objects.filter(
            stripe_subscription_id=subscription["id"], status="canceled"
        ).exists()
    )
    with delivered_webhooks.quiet.lock:
        client.force_login(ledger.sanne)
        page = client.get(reverse("contributions:overview", args=[ledger.cohort.pk])).text
    assert "Achter: 4 maanden open" in page  # three months before this one, and this one
    assert "1 betaling mislukt" in page


def subscribed_then_left(world, django_capture_on_commit_callbacks):
    membership = membership_of(world, world.anna)
    subscription = subscribe(membership, GOOD_IBAN)
    services.handle_stripe_event(
        event={
            "id": f"evt_sub_created_{subscription['id']}",
            "type": "customer.subscription.created",
            "created": int(time.time()),
            "data": {"object": subscription},
        }
    )
    # groups.services asks contributions (on commit) to end the payments
    with django_capture_on_commit_callbacks(execute=True):
        group_services.leave_cohort(
            membership=membership, by=world.anna, reason="Verhuisd", category="moved"
        )
    return membership, subscription


def test_leaving_ends_the_subscription_at_the_end_of_the_paid_period(
    stripe_on, ledger, django_capture_on_commit_callbacks
):
    membership, subscription = subscribed_then_left(ledger, django_capture_on_commit_callbacks)

    at_stripe = stripe_gateway.retrieve_subscription(subscription["id"])
    assert at_stripe["cancel_at_period_end"] is True
    assert at_stripe["status"] == "active"  # paid up to the end of the period
    record = StripeSubscription.objects.get(stripe_subscription_id=subscription["id"])
    assert record.cancel_at_period_end is True

    before = LedgerLine.objects.filter(membership=membership).count()
    services.bring_ledger_up_to_date(cohort=ledger.cohort, today=add_months(this_month(), 3))
    assert LedgerLine.objects.filter(membership=membership).count() == before
    kees = membership_of(ledger, ledger.kees)
    assert LedgerLine.objects.filter(membership=kees).count() == before + 3


def test_leaving_while_stripe_is_unreachable_is_retried_by_the_command(
    stripe_on, ledger, settings, django_capture_on_commit_callbacks
):
    good_base = settings.STRIPE_API_BASE
    membership = membership_of(ledger, ledger.anna)
    subscription = subscribe(membership, GOOD_IBAN)
    services.handle_stripe_event(
        event={
            "id": "evt_sub_created_unreachable",
            "type": "customer.subscription.created",
            "created": int(time.time()),
            "data": {"object": subscription},
        }
    )
    settings.STRIPE_API_BASE = "http://127.0.0.1:9"  # nothing listens on the discard port
    with django_capture_on_commit_callbacks(execute=True):
        group_services.leave_cohort(
            membership=membership, by=ledger.anna, reason="Verhuisd", category="moved"
        )
    membership.refresh_from_db()
    assert membership.status == "left"  # leaving works without Stripe
    assert not StripeSubscription.objects.get().cancel_at_period_end

    settings.STRIPE_API_BASE = good_base
    call_command("update_contribution_ledger", stdout=io.StringIO())
    assert StripeSubscription.objects.get().cancel_at_period_end is True
    at_stripe = stripe_gateway.retrieve_subscription(subscription["id"])
    assert at_stripe["cancel_at_period_end"] is True


def test_cancelling_at_stripe_is_reflected_from_the_subscription_event(stripe_on, ledger):
    membership = membership_of(ledger, ledger.anna)
    subscription = subscribe(membership, GOOD_IBAN)
    cancelled = stripe_gateway.client().v1.subscriptions.cancel(subscription["id"]).to_dict()
    services.handle_stripe_event(
        event={
            "id": "evt_sub_deleted",
            "type": "customer.subscription.deleted",
            "created": int(time.time()),
            "data": {"object": cancelled},
        }
    )
    assert StripeSubscription.objects.get().status == "canceled"
