"""The coach's and the practice nurse's view of a cohort: plans to follow, values missing."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from access.grants import access_cohort, get_cohort_for_user
from access.policy import Action, measurement_memberships_for
from groups.forms import add_service_error
from privacy import access_log  # NEN 7513 access log

from .. import selectors, services
from ..forms import MeasurementMomentsForm


@require_safe
@login_required
def cohort_health(request, pk):
    grant = access_cohort(request.user, pk, Action.VIEW_MISSING_MEASUREMENTS)
    cohort, can = grant.obj, grant.actions
    memberships = measurement_memberships_for(request.user, cohort)
    access_log.record_many(
        actor=request.user,
        memberships=memberships,
        action="view",
        data_kind="measurements",
        request=request,
        actor_role="coach" if Action.FOLLOW_PLANS in can else "nurse",
    )
    moments, rows = selectors.missing_measurements(cohort=cohort, memberships=memberships)
    follow = Action.FOLLOW_PLANS in can
    if follow:
        plans = selectors.plans_to_follow(memberships=memberships)
        for row in rows:
            entry = plans[row.membership.pk]
            row.goals, row.quiet_goals, row.last_check_in = (
                entry["goals"],
                entry["quiet"],
                entry["last"],
            )
    return render(
        request,
        "health/cohort_health.html",
        {
            "cohort": cohort,
            "moments": moments,
            "rows": rows,
            "follow_plans": follow,
            "quiet_after_days": selectors.QUIET_AFTER.days,
        },
    )


@require_http_methods(["GET", "POST"])
@login_required
def measurement_moments(request, pk):
    """The programme manager sets when this cohort measures: baseline, 6 and 12 months."""
    cohort = get_cohort_for_user(request.user, pk, Action.EDIT_COHORT)
    form = MeasurementMomentsForm(
        request.POST if request.method == "POST" else None,
        moments=selectors.moments_for(cohort=cohort),
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.configure_measurement_moments(
                cohort=cohort, by=request.user, timing=form.timing()
            )
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("The measurement moments have been saved."))
            return redirect("groups:cohort_detail", pk=cohort.pk)
    return render(request, "health/measurement_moments.html", {"cohort": cohort, "form": form})
