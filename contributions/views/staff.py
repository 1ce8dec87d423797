"""Pages for the coach and the programme manager: who is up to date, hand-recorded
payments, waived months, the plan, and totals per month with a CSV export."""

import csv

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from access.grants import access_cohort, get_cohort_for_user
from access.policy import Action
from groups.forms import add_service_error
from privacy import access_log  # NEN 7513 access log

from .. import selectors, services
from ..forms import PlanForm, RecordPaymentForm, WaiveForm
from ..models import LedgerLine


@require_safe
@login_required
def cohort_overview(request, pk):
    grant = access_cohort(request.user, pk, Action.VIEW_CONTRIBUTIONS)
    cohort = grant.obj
    services.bring_ledger_up_to_date(cohort=cohort)
    rows = selectors.cohort_overview(cohort=cohort)
    access_log.record_many(  # who is behind, who had a month waived
        actor=request.user,
        grant=grant,
        memberships=[row.membership for row in rows],
        action="view",
        data_kind="payments",
        request=request,
    )
    return render(
        request,
        "contributions/overview.html",
        {
            "cohort": cohort,
            "rows": rows,
            "plan": services.ensure_plan(cohort=cohort),
            "can": grant.can,
        },
    )


def _participant(cohort, membership_pk):
    return get_object_or_404(
        cohort.memberships.participants().select_related("person"), pk=membership_pk
    )


def _ledger_page(request, grant, membership, payment_form=None, waive_form=None, status=200):
    access_log.record(
        actor=request.user,
        membership=membership,
        action="view",
        data_kind="payments",
        request=request,
    )
    cohort = grant.obj
    lines = list(membership.ledger_lines.order_by("-month"))
    open_lines = [line for line in reversed(lines) if line.is_open]
    return render(
        request,
        "contributions/member_ledger.html",
        {
            "cohort": cohort,
            "membership": membership,
            "lines": lines,
            "standing": selectors.standing_of(lines),
            "open_lines": open_lines,
            "payment_form": payment_form or RecordPaymentForm(open_lines=open_lines),
            "waive_form": waive_form or WaiveForm(open_lines=open_lines),
            "can_record": grant.allows(Action.RECORD_PAYMENT),
        },
        status=status,
    )


@require_safe
@login_required
def member_ledger(request, pk, membership_pk):
    grant = access_cohort(request.user, pk, Action.VIEW_CONTRIBUTIONS)
    cohort = grant.obj
    membership = _participant(cohort, membership_pk)
    services.bring_ledger_up_to_date(cohort=cohort)
    return _ledger_page(request, grant, membership)


def _open_lines(membership):
    return list(membership.ledger_lines.filter(status__in=LedgerLine.OPEN_STATUSES))


@require_POST
@login_required
def record_payment(request, pk, membership_pk):
    grant = access_cohort(request.user, pk, Action.RECORD_PAYMENT)
    cohort = grant.obj
    membership = _participant(cohort, membership_pk)
    form = RecordPaymentForm(request.POST, open_lines=_open_lines(membership))
    if form.is_valid():
        data = form.cleaned_data
        try:
            line = services.record_payment(
                membership=membership,
                line_id=data["month"],
                method=data["method"],
                paid_on=data["paid_on"],
                note=data["note"],
                by=request.user,
            )
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(
                request,
                _("The payment for %(month)s has been recorded.")
                % {"month": line.month.strftime("%m-%Y")},
            )
            return redirect(
                "contributions:member_ledger", pk=cohort.pk, membership_pk=membership.pk
            )
    return _ledger_page(request, grant, membership, payment_form=form, status=400)


@require_POST
@login_required
def waive_month(request, pk, membership_pk):
    grant = access_cohort(request.user, pk, Action.RECORD_PAYMENT)
    cohort = grant.obj
    membership = _participant(cohort, membership_pk)
    form = WaiveForm(request.POST, open_lines=_open_lines(membership))
    if form.is_valid():
        try:
            line = services.waive_month(
                membership=membership,
                line_id=form.cleaned_data["month"],
                reason=form.cleaned_data["reason"],
                by=request.user,
            )
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(
                request,
                _("%(month)s has been waived.") % {"month": line.month.strftime("%m-%Y")},
            )
            return redirect(
                "contributions:member_ledger", pk=cohort.pk, membership_pk=membership.pk
            )
    return _ledger_page(request, grant, membership, waive_form=form, status=400)


@require_safe
@login_required
def cohort_totals(request, pk):
    cohort = get_cohort_for_user(request.user, pk, Action.MANAGE_CONTRIBUTIONS)
    services.bring_ledger_up_to_date(cohort=cohort)
    months = selectors.monthly_totals(cohort=cohort)
    total = {
        key: sum(row[key] for row in months)
        for key in ("lines", "paid_count", "collected_cents", "waived_cents", "outstanding_cents")
    }
    return render(
        request,
        "contributions/totals.html",
        {
            "cohort": cohort,
            "months": months,
            "total": total,
            "plan": services.ensure_plan(cohort=cohort),
        },
    )


def _euro(cents: int) -> str:
    """Plain euros for spreadsheets: 1234 becomes "12.34" (a dot, no thousands separator)."""
    return f"{cents // 100}.{cents % 100:02d}"


@require_safe
@login_required
def cohort_totals_csv(request, pk):
    cohort = get_cohort_for_user(request.user, pk, Action.MANAGE_CONTRIBUTIONS)
    services.bring_ledger_up_to_date(cohort=cohort)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="bijdragen-groep-{cohort.pk}.csv"'
    writer = csv.writer(response)
    writer.writerow(
        [
            "month",
            "months_due",
            "months_paid",
            "collected_eur",
            "waived_eur",
            "outstanding_eur",
            "failed_payments",
            "refunded_eur",
        ]
    )
    for row in selectors.monthly_totals(cohort=cohort):
        writer.writerow(
            [
                row["month"].strftime("%Y-%m"),
                row["lines"],
                row["paid_count"],
                _euro(row["collected_cents"]),
                _euro(row["waived_cents"]),
                _euro(row["outstanding_cents"]),
                row["failed_count"],
                _euro(row["refunded_cents"]),
            ]
        )
    return response


@require_http_methods(["GET", "POST"])
@login_required
def plan_edit(request, pk):
    cohort = get_cohort_for_user(request.user, pk, Action.MANAGE_CONTRIBUTIONS)
    plan = services.ensure_plan(cohort=cohort)
    initial = {
        "amount_euro": plan.amount_cents / 100,
        "start_month": plan.start_month,
        "end_month": plan.end_month,
    }
    form = PlanForm(request.POST if request.method == "POST" else None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.set_plan(cohort=cohort, by=request.user, **form.service_values())
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("The contribution plan has been saved."))
            return redirect("contributions:totals", pk=cohort.pk)
    return render(request, "contributions/plan_form.html", {"cohort": cohort, "form": form})
