"""Writes for contribution plans, the ledger, hand-recorded payments and Stripe.

By sub-domain: ``ledger`` (the plan and the months due, payments by hand), ``stripe_billing``
(starting, changing and stopping a subscription) and ``stripe_events`` (the webhook's
events, dispatched from a table). The names other apps use are re-exported here.
"""

from .ledger import (
    bring_ledger_up_to_date,
    default_plan_months,
    ensure_plan,
    record_payment,
    set_plan,
    waive_month,
)
from .stripe_billing import (
    billing_portal_url,
    end_contributions_for_membership,
    end_contributions_of_ended_memberships,
    settings_have_stripe_key,
    start_stripe_checkout,
)
from .stripe_events import EVENT_HANDLERS, HANDLED_EVENTS, handle_stripe_event

__all__ = [
    "EVENT_HANDLERS",
    "HANDLED_EVENTS",
    "billing_portal_url",
    "bring_ledger_up_to_date",
    "default_plan_months",
    "end_contributions_for_membership",
    "end_contributions_of_ended_memberships",
    "ensure_plan",
    "handle_stripe_event",
    "record_payment",
    "set_plan",
    "settings_have_stripe_key",
    "start_stripe_checkout",
    "waive_month",
]
