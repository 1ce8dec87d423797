"""The participant's (and their nurse's) pages: medication, blood sugar, hypo reports."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from access.grants import get_membership_for_user
from access.policy import Action, may
from groups.forms import add_service_error
from groups.models import Membership
from privacy import access_log

from .. import selectors
from ..forms import GlucoseForm, HypoForm, MedicationChangeForm, MedicationForm
from ..models import Medication
from ..protocol import INSTRUCTIONS
from ..services import medication as medication_services
from ..services import reports


@require_safe
@login_required
def my_safety(request):
    membership = (
        Membership.objects.participants()
        .active()
        .filter(person=request.user)
        .order_by("-created_at")
        .first()
    )
    if membership is None:
        raise Http404
    return redirect("safety:overview", membership.pk)


@require_safe
@login_required
def overview(request, pk):
    membership = get_membership_for_user(request.user, pk, Action.VIEW_MEDICATION)
    for kind in ("medication", "glucose"):
        access_log.record(
            actor=request.user,
            membership=membership,
            action="view",
            data_kind=kind,
            request=request,
        )
    person = membership.person
    context = {
        "membership": membership,
        "is_owner": person.pk == request.user.pk,
        "medication": selectors.medication_list(person=person),
        "readings": selectors.recent_glucose(person=person),
        "hypo_reports": selectors.recent_hypo_reports(person=person),
        "can_record": may(request.user, Action.RECORD_MEDICATION, membership),
        "can_report": may(request.user, Action.REPORT_GLUCOSE, membership),
    }
    return render(request, "safety/overview.html", context)


@require_http_methods(["GET", "POST"])
@login_required
def medication_add(request, pk):
    membership = get_membership_for_user(request.user, pk, Action.RECORD_MEDICATION)
    form = MedicationForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            medication_services.add_medication(
                membership=membership, by=request.user, **form.cleaned_data
            )
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("The medicine has been added to the list."))
            return redirect("safety:overview", membership.pk)
    return render(request, "safety/medication_form.html", {"membership": membership, "form": form})


@require_http_methods(["GET", "POST"])
@login_required
def medication_change(request, pk, medication_pk):
    membership = get_membership_for_user(request.user, pk, Action.RECORD_MEDICATION)
    medication = get_object_or_404(Medication, pk=medication_pk, person=membership.person)
    access_log.record(
        actor=request.user,
        membership=membership,
        action="change" if request.method == "POST" else "view",
        data_kind="medication",
        request=request,
    )
    form = MedicationChangeForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            medication_services.change_medication(
                membership=membership, medication=medication, by=request.user, **form.cleaned_data
            )
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("The change has been saved."))
            return redirect("safety:overview", membership.pk)
    context = {"membership": membership, "medication": medication, "form": form}
    return render(request, "safety/medication_change.html", context)


def _report(request, pk, form_class, service, template):
    membership = get_membership_for_user(request.user, pk, Action.REPORT_GLUCOSE)
    form = form_class(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            result = service(membership=membership, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_service_error(form, error)
        else:
            return redirect("safety:advice", membership.pk, result.outcome)
    return render(request, template, {"membership": membership, "form": form})


@require_http_methods(["GET", "POST"])
@login_required
def glucose_report(request, pk):
    return _report(request, pk, GlucoseForm, reports.report_glucose, "safety/glucose_form.html")


@require_http_methods(["GET", "POST"])
@login_required
def hypo_report(request, pk):
    return _report(request, pk, HypoForm, reports.report_hypo, "safety/hypo_form.html")


@require_safe
@login_required
def advice(request, pk, outcome):
    """What to do now, in plain Dutch: the page a report leads to."""
    membership = get_membership_for_user(request.user, pk, Action.REPORT_GLUCOSE)
    if outcome not in INSTRUCTIONS:
        raise Http404
    context = {"membership": membership, "outcome": outcome, "advice": INSTRUCTIONS[outcome]}
    return render(request, "safety/advice.html", context)
