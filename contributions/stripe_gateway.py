"""The one place that talks to Stripe: a client built from settings, per call, no global state.

Checkout and the Billing Portal are Stripe-hosted pages, so card and bank details never
reach our server and our pages need no Stripe.js.
"""

from typing import Any, Literal, cast

import stripe
from django.conf import settings
from stripe._base_address import BaseAddresses  # the SDK's type of base_addresses
from stripe.params.checkout import SessionCreateParams

# Dutch participants pay mostly by SEPA Direct Debit or iDEAL (iDEAL for the first payment,
# after which Stripe collects through a SEPA mandate); card is the third option.
PAYMENT_METHOD_TYPES: tuple[Literal["sepa_debit", "ideal", "card"], ...] = (
    "sepa_debit",
    "ideal",
    "card",
)


def stripe_enabled() -> bool:
    """Whether the Stripe option is offered: only with a secret key and a webhook secret."""
    return bool(settings.STRIPE_SECRET_KEY and settings.STRIPE_WEBHOOK_SECRET)


def client() -> stripe.StripeClient:
    base_addresses: BaseAddresses | None = None
    if settings.STRIPE_API_BASE:
        base_addresses = {"api": settings.STRIPE_API_BASE}
    return stripe.StripeClient(
        settings.STRIPE_SECRET_KEY, max_network_retries=2, base_addresses=base_addresses
    )


def create_customer(*, email: str, name: str, membership_id: int) -> str:
    customer = client().v1.customers.create(
        params={"email": email, "name": name, "metadata": {"membership_id": str(membership_id)}}
    )
    return customer.id


def create_checkout_session(
    *,
    customer_id: str,
    membership_id: int,
    amount_cents: int,
    product_name: str,
    success_url: str,
    cancel_url: str,
    locale: str,
) -> dict[str, str]:
    """A hosted Checkout page in subscription mode; returns {"id", "url"}."""
    metadata = {"membership_id": str(membership_id)}
    params: dict[str, Any] = {
        "mode": "subscription",
        "customer": customer_id,
        "client_reference_id": str(membership_id),
        "payment_method_types": list(PAYMENT_METHOD_TYPES),
        "line_items": [
            {
                "quantity": 1,
                "price_data": {
                    "currency": "eur",
                    "unit_amount": amount_cents,
                    "recurring": {"interval": "month"},
                    "product_data": {"name": product_name},
                },
            }
        ],
        "metadata": metadata,
        "subscription_data": {"metadata": metadata},
        "locale": locale,
        "success_url": success_url,
        "cancel_url": cancel_url,
    }
    # The API takes payment_method_types; this SDK's TypedDict leaves it out.
    session = client().v1.checkout.sessions.create(params=cast(SessionCreateParams, params))
    assert session.url is not None  # a hosted page always has its address
    return {"id": session.id, "url": session.url}


def create_portal_session(*, customer_id: str, return_url: str, locale: str) -> str:
    """A Billing Portal page to change the payment method or stop; returns its URL."""
    session = client().v1.billing_portal.sessions.create(
        params={"customer": customer_id, "return_url": return_url, "locale": locale}
    )
    return session.url


def retrieve_subscription(subscription_id: str) -> dict:
    return client().v1.subscriptions.retrieve(subscription_id).to_dict()


def retrieve_invoice(invoice_id: str) -> dict:
    return client().v1.invoices.retrieve(invoice_id).to_dict()


def invoice_of_payment_intent(payment_intent_id: str) -> str | None:
    """The invoice a payment belongs to (charges no longer name it since API 2025-03-31)."""
    payments = client().v1.invoice_payments.list(
        params={
            "payment": {"type": "payment_intent", "payment_intent": payment_intent_id},
            "limit": 1,
        }
    )
    for payment in payments.data:
        invoice = payment.invoice
        return invoice if isinstance(invoice, str) else invoice.id
    return None


def cancel_at_period_end(subscription_id: str) -> dict:
    return (
        client()
        .v1.subscriptions.update(subscription_id, params={"cancel_at_period_end": True})
        .to_dict()
    )


def verify_event(payload: bytes, signature: str) -> None:
    """Raises stripe.SignatureVerificationError (or ValueError) unless the body is genuine.

    Only the signature: construct_event would also parse the body, and fails with an
    AttributeError on a signed body that is not a JSON object (the view checks the shape)."""
    stripe.WebhookSignature.verify_header(
        payload.decode("utf-8"),
        signature,
        settings.STRIPE_WEBHOOK_SECRET,
        stripe.Webhook.DEFAULT_TOLERANCE,
    )
