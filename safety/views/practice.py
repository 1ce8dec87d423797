"""The practice's pages: the worklist, one alert (acknowledge, comment), the protocol, and
the coach's view that an alert exists."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from access.grants import get_cohort_for_user
from access.policy import Action, may
from access.safety import (
    alert_practices_for,
    escalation_practices_for,
    get_alert_for_user,
    get_practice_for_user,
    second_contact_candidates,
)
from groups.forms import add_service_error
from privacy import access_log

from .. import selectors
from ..forms import CommentForm, ProtocolForm
from ..models import PracticeProtocol
from ..services import alerts as alert_services
from ..services.protocol import set_protocol


@require_safe
@login_required
def worklist(request):
    practices = alert_practices_for(request.user)
    escalation = escalation_practices_for(request.user)
    if not practices.exists() and not escalation.exists():
        raise PermissionDenied
    show_done = request.GET.get("afgehandeld") == "1"
    alerts = selectors.worklist(practices=practices, include_done=show_done)
    access_log.record_subjects(
        actor=request.user,
        subjects=[(alert.person_id, alert.practice.organisation_id) for alert in alerts],
        action="view",
        data_kind="alerts",
        actor_role="nurse",  # the practice's nurses (or its second contact) only
        request=request,
    )
    context = {
        "alerts": alerts,
        "show_done": show_done,
        "escalated": selectors.escalated_for_follow_up(practices=escalation),
        "practices": [p for p in practices if may(request.user, Action.SET_PROTOCOL, p)],
    }
    return render(request, "safety/worklist.html", context)


@require_safe
@login_required
def alert_detail(request, pk):
    alert = get_alert_for_user(request.user, pk, Action.VIEW_ALERT_STATUS)
    full = may(request.user, Action.VIEW_ALERT, alert)
    if full:
        access_log.record(
            actor=request.user,
            subject=alert.person,
            action="view",
            data_kind="alerts",
            organisation=alert.practice.organisation_id,
            request=request,
        )
    context = {
        "full": full,
        "can_handle": may(request.user, Action.HANDLE_ALERT, alert),
        "form": CommentForm(),
        **(selectors.alert_detail(alert=alert) if full else {"alert": alert}),
    }
    return render(request, "safety/alert_detail.html", context)


@require_POST
@login_required
def alert_acknowledge(request, pk):
    alert = get_alert_for_user(request.user, pk, Action.HANDLE_ALERT)
    form = CommentForm(request.POST)
    comment = form.cleaned_data["text"] if form.is_valid() else ""
    alert_services.acknowledge_alert(alert=alert, by=request.user, comment=comment)
    messages.success(request, _("The alert has been acknowledged."))
    return redirect("safety:alert_detail", alert.pk)


@require_POST
@login_required
def alert_comment(request, pk):
    alert = get_alert_for_user(request.user, pk, Action.HANDLE_ALERT)
    form = CommentForm(request.POST)
    if form.is_valid():
        try:
            alert_services.add_comment(
                alert=alert, by=request.user, text=form.cleaned_data["text"]
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("Your comment has been saved."))
    return redirect("safety:alert_detail", alert.pk)


@require_http_methods(["GET", "POST"])
@login_required
def protocol(request, pk):
    practice = get_practice_for_user(request.user, pk, Action.SET_PROTOCOL)
    instance = PracticeProtocol.objects.filter(practice=practice).first()
    contacts = second_contact_candidates(practice)
    form = ProtocolForm(
        request.POST if request.method == "POST" else None, instance=instance, contacts=contacts
    )
    if request.method == "POST" and form.is_valid():
        try:
            set_protocol(practice=practice, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("The protocol has been saved."))
            return redirect("safety:protocol", practice.pk)
    context = {"practice": practice, "form": form, **selectors.protocol_limits(practice=practice)}
    return render(request, "safety/protocol.html", context)


@require_safe
@login_required
def cohort_alerts(request, pk):
    """For the coach: which participants have an open alert, nothing more (consent seam)."""
    cohort = get_cohort_for_user(request.user, pk, Action.FOLLOW_PLANS)
    memberships = [
        membership
        for membership in cohort.memberships.participants().active().select_related("person")
        if may(request.user, Action.SEE_ALERT_EXISTS, membership)
    ]
    flagged = selectors.open_alert_people(cohort=cohort, people=[m.person_id for m in memberships])
    rows = [(m, m.person_id in flagged) for m in memberships]
    access_log.record_many(
        actor=request.user,
        memberships=memberships,
        action="view",
        data_kind="alerts",
        request=request,
    )
    return render(request, "safety/cohort_alerts.html", {"cohort": cohort, "rows": rows})
