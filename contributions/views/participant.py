"""The participant's own contributions: status, history, and starting or changing payment."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from access.grants import get_cohort_for_user
from access.policy import Action
from groups.models import Membership

from .. import selectors, services, stripe_gateway


def _own_membership(request, pk):
    cohort = get_cohort_for_user(request.user, pk, Action.PAY_CONTRIBUTION)
    membership = get_object_or_404(
        cohort.memberships.participants().select_related("cohort", "person"),
        person=request.user,
        status=Membership.Status.ACTIVE,
    )
    return cohort, membership


@require_safe
@login_required
def my_contributions(request, pk):
    cohort, membership = _own_membership(request, pk)
    services.bring_ledger_up_to_date(cohort=cohort)
    lines = selectors.participant_ledger(membership=membership)
    if request.GET.get("stripe") == "klaar":
        messages.success(
            request,
            _("Thank you. Stripe will let us know when your payment has come in."),
        )
    return render(
        request,
        "contributions/mine.html",
        {
            "cohort": cohort,
            "membership": membership,
            "plan": services.ensure_plan(cohort=cohort),
            "lines": lines,
            "standing": selectors.standing_of(lines),
            "owed_cents": selectors.owed_cents(lines),
            "stripe_enabled": stripe_gateway.stripe_enabled(),
            "subscription": selectors.live_subscription(membership=membership),
            "has_customer": selectors.has_stripe_customer(membership=membership),
        },
    )


def _absolute(request, name, pk, query=""):
    return request.build_absolute_uri(reverse(name, args=[pk])) + query


@require_POST
@login_required
def start_paying(request, pk):
    cohort, membership = _own_membership(request, pk)
    try:
        url = services.start_stripe_checkout(
            membership=membership,
            success_url=_absolute(request, "contributions:mine", cohort.pk, "?stripe=klaar"),
            cancel_url=_absolute(request, "contributions:mine", cohort.pk),
            locale=get_language() or "nl",
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("contributions:mine", pk=cohort.pk)
    return redirect(url)


@require_POST
@login_required
def manage_payment(request, pk):
    cohort, membership = _own_membership(request, pk)
    try:
        url = services.billing_portal_url(
            membership=membership,
            return_url=_absolute(request, "contributions:mine", cohort.pk),
            locale=get_language() or "nl",
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("contributions:mine", pk=cohort.pk)
    return redirect(url)
