"""Stripe's webhook: the source of truth for payments made through Stripe."""

import json
import logging
import time

import stripe
from django.http import HttpResponse, HttpResponseBadRequest
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from .. import services, stripe_gateway

logger = logging.getLogger(__name__)

# Stripe's own tolerance (300 s), applied both ways: the SDK refuses only old timestamps.
TOLERANCE_SECONDS = stripe.Webhook.DEFAULT_TOLERANCE


def _signed_at(signature: str) -> int | None:
    for part in signature.split(","):
        key, _sep, value = part.strip().partition("=")
        if key == "t":
            try:
                return int(value)
            except ValueError:
                return None
    return None


def _is_event(event) -> bool:
    """The shape every handler relies on: an object with an id, a type and data.object."""
    return (
        isinstance(event, dict)
        and isinstance(event.get("id"), str)
        and bool(event["id"])
        and isinstance(event.get("type"), str)
        and isinstance(event.get("data"), dict)
        and isinstance(event["data"].get("object"), dict)
    )


@csrf_exempt  # Stripe cannot send our CSRF token; the signature proves where it came from
@require_POST
def stripe_webhook(request):
    signature = request.headers.get("Stripe-Signature", "")
    if not stripe_gateway.stripe_enabled():
        return HttpResponse(status=404)
    signed_at = _signed_at(signature)
    if signed_at is None or abs(time.time() - signed_at) > TOLERANCE_SECONDS:
        logger.warning("Stripe webhook with a timestamp outside the tolerance refused")
        return HttpResponseBadRequest("timestamp outside the tolerance")
    try:
        stripe_gateway.verify_event(request.body, signature)
        event = json.loads(request.body)
    except (stripe.SignatureVerificationError, ValueError):
        logger.warning("Stripe webhook with a bad signature or an old timestamp refused")
        return HttpResponseBadRequest("invalid signature")
    if not _is_event(event):
        logger.warning("Signed Stripe webhook that is not an event refused")
        return HttpResponseBadRequest("not an event")
    outcome = services.handle_stripe_event(event=event)
    return HttpResponse(outcome, content_type="text/plain")
