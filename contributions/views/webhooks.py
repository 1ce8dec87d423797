"""Stripe's webhook: the source of truth for payments made through Stripe."""

import json
import logging

import stripe
from django.http import HttpResponse, HttpResponseBadRequest
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from .. import services, stripe_gateway

logger = logging.getLogger(__name__)


@csrf_exempt  # Stripe cannot send our CSRF token; the signature proves where it came from
@require_POST
def stripe_webhook(request):
    signature = request.headers.get("Stripe-Signature", "")
    if not stripe_gateway.stripe_enabled():
        return HttpResponse(status=404)
    try:
        stripe_gateway.verify_event(request.body, signature)
        event = json.loads(request.body)
    except (stripe.SignatureVerificationError, ValueError):
        logger.warning("Stripe webhook with a bad signature or an old timestamp refused")
        return HttpResponseBadRequest("invalid signature")
    outcome = services.handle_stripe_event(event=event)
    return HttpResponse(outcome, content_type="text/plain")
