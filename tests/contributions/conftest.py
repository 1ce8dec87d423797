"""Fixtures for contributions: a ledger with past months, localstripe, signed events."""

import contextlib
import datetime
import hashlib
import hmac
import json
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from django.urls import reverse
from django.utils import timezone

from contributions import services
from contributions.models import month_start
from groups.models import Membership, add_months

WEBHOOK_SECRET = "whsec_test_herstelcirkel_contributions"
SECRET_KEY = "sk_test_herstelcirkel_contributions"
LOCALSTRIPE = Path(sys.executable).parent / "localstripe"


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextlib.contextmanager
def running_localstripe():
    """A real localstripe server on a free loopback port, always stopped afterwards."""
    port = _free_port()
    process = subprocess.Popen(
        [str(LOCALSTRIPE), "--port", str(port), "--from-scratch"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        for _attempt in range(400):
            if process.poll() is not None:
                pytest.fail("localstripe stopped at once")
            try:
                urllib.request.urlopen(f"{url}/v1/customers", timeout=1)
            except urllib.error.HTTPError:
                break  # it answers (401 without a key): it is up
            except OSError:
                time.sleep(0.05)
        else:
            pytest.fail("localstripe did not start")
        yield url
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


@pytest.fixture(scope="session")
def localstripe_url():
    with running_localstripe() as url:
        yield url


def point_stripe_at(settings, url: str) -> str:
    """Stripe keys set and the SDK pointed at localstripe."""
    settings.STRIPE_SECRET_KEY = SECRET_KEY
    settings.STRIPE_PUBLISHABLE_KEY = "pk_test_herstelcirkel"
    settings.STRIPE_WEBHOOK_SECRET = WEBHOOK_SECRET
    settings.STRIPE_API_BASE = url
    return url


@pytest.fixture
def stripe_on(settings, localstripe_url):
    return point_stripe_at(settings, localstripe_url)


@pytest.fixture
def stripe_off(settings):
    settings.STRIPE_SECRET_KEY = ""
    settings.STRIPE_PUBLISHABLE_KEY = ""
    settings.STRIPE_WEBHOOK_SECRET = ""
    settings.STRIPE_API_BASE = ""


def this_month() -> datetime.date:
    """The first day of the current month in Amsterdam, asked at the moment of use: a suite
    that starts on 31 December at 23:30 is in January for most of its tests."""
    return month_start(timezone.localdate())


@pytest.fixture
def ledger(world):
    """The cohort's plan started three months ago; anna and kees owe four months each."""
    start = add_months(this_month(), -3)
    services.set_plan(
        cohort=world.cohort, amount_cents=1000, start_month=start, end_month=None, by=world.marloes
    )
    joined = timezone.make_aware(datetime.datetime.combine(start, datetime.time(10)))
    world.cohort.memberships.participants().filter(status=Membership.Status.ACTIVE).update(
        accepted_at=joined
    )
    services.bring_ledger_up_to_date(cohort=world.cohort)
    return world


def membership_of(world, person):
    return world.cohort.memberships.get(person=person)


def sign(payload: bytes, *, secret: str = WEBHOOK_SECRET, timestamp: int | None = None) -> str:
    """Stripe's scheme: t=timestamp,v1=HMAC-SHA256 of "timestamp.payload"."""
    timestamp = int(time.time()) if timestamp is None else timestamp
    signed = f"{timestamp}.".encode() + payload
    digest = hmac.new(secret.encode(), signed, hashlib.sha256).hexdigest()
    return f"t={timestamp},v1={digest}"


def post_event(client, event: dict, **sign_options):
    payload = json.dumps(event).encode()
    return client.post(
        reverse("contributions:stripe_webhook"),
        data=payload,
        content_type="application/json",
        headers={"Stripe-Signature": sign(payload, **sign_options)},
    )


_counter = iter(range(1, 10**6))


def event(event_type: str, obj: dict, *, created: int | None = None) -> dict:
    """An event shaped like Stripe's (API version 2025+: invoice.parent.subscription_details)."""
    return {
        "id": f"evt_test_{next(_counter)}_{int(time.time() * 1000)}",
        "object": "event",
        "api_version": "2026-10-28.endive",
        "created": created or int(time.time()),
        "livemode": False,
        "pending_webhooks": 1,
        "type": event_type,
        "data": {"object": obj},
    }


def unix(day: datetime.date, hour: int = 12) -> int:
    return int(
        timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour))).timestamp()
    )


def invoice(
    invoice_id: str,
    *,
    subscription: str,
    membership_id: int,
    month: datetime.date,
    status: str,
    amount: int = 1000,
) -> dict:
    start = unix(month)
    return {
        "id": invoice_id,
        "object": "invoice",
        "amount_due": amount,
        "amount_paid": amount if status == "paid" else 0,
        "currency": "eur",
        "customer": "cus_test_anna",
        "status": status,
        "billing_reason": "subscription_cycle",
        "parent": {
            "type": "subscription_details",
            "subscription_details": {
                "subscription": subscription,
                "metadata": {"membership_id": str(membership_id)},
            },
        },
        "lines": {
            "object": "list",
            "data": [
                {
                    "id": f"il_{invoice_id}",
                    "object": "line_item",
                    "amount": amount,
                    "period": {"start": start, "end": start + 30 * 86400},
                }
            ],
        },
        "status_transitions": {"paid_at": start + 3600 if status == "paid" else None},
    }


def subscription(sub_id: str, *, membership_id: int, status: str, cancel: bool = False) -> dict:
    return {
        "id": sub_id,
        "object": "subscription",
        "customer": "cus_test_anna",
        "status": status,
        "cancel_at_period_end": cancel,
        "metadata": {"membership_id": str(membership_id)},
        "items": {
            "object": "list",
            "data": [{"id": "si_test", "current_period_end": unix(add_months(this_month(), 1))}],
        },
    }
