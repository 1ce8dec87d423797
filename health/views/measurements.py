"""A participant's clinical values over time, and entering them."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from access.grants import access_membership
from access.policy import Action
from groups.forms import add_service_error
from privacy import access_log  # NEN 7513 access log

from .. import selectors, services
from ..charts import line_chart
from ..forms import MeasurementForm
from ..measures import MEASURES


@require_safe
@login_required
def measurements(request, pk):
    grant = access_membership(request.user, pk, Action.VIEW_MEASUREMENTS)
    membership = grant.obj
    access_log.record(
        actor=request.user,
        grant=grant,
        action="view",
        data_kind="measurements",
        request=request,
    )
    history = selectors.measurement_history(membership=membership)
    charts = [
        {"series": series, "chart": line_chart([(m.measured_on, m.value) for m in series.rows])}
        for series in history["charted"]
    ]
    questionnaires = selectors.questionnaire_history(membership=membership)
    for entry in questionnaires:
        scored = [(r.completed_on, r.score) for r in entry["responses"] if r.is_scored]
        entry["chart"] = line_chart(scored, y_min=0, y_max=100) if scored else None
    context = {
        "membership": membership,
        "is_owner": membership.person_id == request.user.pk,
        "history": history,
        "charts": charts,
        "questionnaires": questionnaires,
        "measures": MEASURES,
        "can_record": grant.allows(Action.RECORD_MEASUREMENT),
        "can_fill": grant.allows(Action.FILL_QUESTIONNAIRE),
        "instruments": selectors.available_instruments(),
        "moments": selectors.moments_for(cohort=membership.cohort),
        "questionnaires_due": selectors.questionnaires_due(membership=membership),
    }
    return render(request, "health/measurements.html", context)


@require_http_methods(["GET", "POST"])
@login_required
def measurement_create(request, pk):
    grant = access_membership(request.user, pk, Action.RECORD_MEASUREMENT)
    membership = grant.obj
    access_log.record(
        actor=request.user,
        grant=grant,
        action="change" if request.method == "POST" else "view",
        data_kind="measurements",
        request=request,
    )
    form = MeasurementForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            services.record_measurements(
                membership=membership,
                by=request.user,
                measured_on=form.cleaned_data["measured_on"],
                source=form.cleaned_data["source"],
                values=form.measure_values(),
            )
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("The values have been saved."))
            return redirect("health:measurements", pk=membership.pk)
    return render(
        request,
        "health/measurement_form.html",
        {
            "form": form,
            "membership": membership,
            "is_owner": membership.person_id == request.user.pk,
        },
    )
