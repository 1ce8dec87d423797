"""Filling in a questionnaire (an Instrument defined as data)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from access.grants import get_membership_for_user
from access.policy import Action
from groups.forms import add_service_error

from .. import services
from ..forms import QuestionnaireForm
from ..models import Instrument


@require_http_methods(["GET", "POST"])
@login_required
def questionnaire_fill(request, pk, key):
    membership = get_membership_for_user(request.user, pk, Action.FILL_QUESTIONNAIRE)
    instrument = get_object_or_404(
        Instrument.objects.prefetch_related("items", "options"),
        key=key,
        active=True,
        is_placeholder=False,
    )
    form = QuestionnaireForm(
        request.POST if request.method == "POST" else None, instrument=instrument
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.submit_questionnaire(
                membership=membership,
                instrument=instrument,
                by=request.user,
                answers=form.answers(),
            )
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("Thank you. Your answers have been saved."))
            return redirect("health:measurements", pk=membership.pk)
    return render(
        request,
        "health/questionnaire_form.html",
        {"form": form, "instrument": instrument, "membership": membership},
    )
