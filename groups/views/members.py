from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from access.grants import get_cohort_for_user
from access.policy import Action
from privacy import access_log

from .. import services
from ..forms import ReasonForm, add_service_error
from ..models import Membership
from .confirm import confirm_page


def _participant(cohort, membership_pk) -> Membership:
    return get_object_or_404(
        cohort.memberships.participants().select_related("person"), pk=membership_pk
    )


@require_http_methods(["GET", "POST"])
@login_required
def aanjager_appoint(request, pk, membership_pk):
    cohort = get_cohort_for_user(request.user, pk, Action.APPOINT_AANJAGER)
    membership = _participant(cohort, membership_pk)
    name = membership.person.public_name
    if request.method == "GET":
        return confirm_page(
            request,
            title=_("Make %(name)s aanjager?") % {"name": name},
            consequences=[
                _("%(name)s helps plan the sessions.") % {"name": name},
                _("%(name)s can take the attendance and keep the group chat friendly.")
                % {"name": name},
                _("A group has two aanjagers at most."),
            ],
            confirm_label=_("Yes, make %(name)s aanjager") % {"name": name},
            cancel_url=reverse("groups:cohort_detail", args=[cohort.pk]),
        )
    try:
        services.appoint_aanjager(membership=membership, by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request, _("%(name)s is now an aanjager.") % {"name": membership.person.public_name}
        )
    return redirect("groups:cohort_detail", pk=cohort.pk)


@require_http_methods(["GET", "POST"])
@login_required
def aanjager_step_down(request, pk, membership_pk):
    cohort = get_cohort_for_user(request.user, pk, Action.APPOINT_AANJAGER)
    membership = _participant(cohort, membership_pk)
    name = membership.person.public_name
    if request.method == "GET":
        return confirm_page(
            request,
            title=_("Is %(name)s no longer aanjager?") % {"name": name},
            consequences=[
                _("%(name)s stays in the group as a participant.") % {"name": name},
                _("%(name)s can no longer take the attendance or hide chat messages.")
                % {"name": name},
                _("You can then make someone else aanjager."),
            ],
            confirm_label=_("Yes, %(name)s is no longer aanjager") % {"name": name},
            cancel_url=reverse("groups:cohort_detail", args=[cohort.pk]),
            danger=True,
        )
    try:
        services.step_down_aanjager(membership=membership, by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request,
            _("%(name)s is no longer an aanjager.") % {"name": membership.person.public_name},
        )
    return redirect("groups:cohort_detail", pk=cohort.pk)


@require_http_methods(["GET", "POST"])
@login_required
def membership_end(request, pk, membership_pk):
    cohort = get_cohort_for_user(request.user, pk, Action.END_MEMBERSHIP)
    membership = _participant(cohort, membership_pk)
    access_log.record(
        actor=request.user,
        membership=membership,
        request=request,
        action="change" if request.method == "POST" else "view",
        data_kind="profile",
    )
    form = ReasonForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            services.end_membership(membership=membership, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(
                request,
                _("The membership of %(name)s has ended.")
                % {"name": membership.person.public_name},
            )
            return redirect("groups:cohort_detail", pk=cohort.pk)
    return render(
        request,
        "groups/membership_end.html",
        {"cohort": cohort, "membership": membership, "form": form},
    )


@require_http_methods(["GET", "POST"])
@login_required
def cohort_leave(request, pk):
    cohort = get_cohort_for_user(request.user, pk, Action.VIEW_COHORT)
    membership = get_object_or_404(
        cohort.memberships.participants(), person=request.user, status=Membership.Status.ACTIVE
    )
    form = ReasonForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            services.leave_cohort(membership=membership, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("You have left the cohort. We wish you all the best."))
            return redirect("dashboard")
    return render(request, "groups/cohort_leave.html", {"cohort": cohort, "form": form})
