"""The early-warning list "Wie verdient aandacht?", one participant's follow-up page, asking
an aanjager, the manager's thresholds, and the referral pipeline of the practice nurse and
the manager. Every page with names writes the access log."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from access.attention import access_attention_member, attention_memberships, signal_kinds
from access.grants import access_cohort, access_organisation
from access.lists import pipeline_memberships, pipeline_viewer_role
from access.policy import Action
from groups.forms import add_service_error
from privacy import access_log

from . import pipeline as pipelines
from . import selectors, services
from .forms import AskAanjagerForm, FollowUpForm, ThresholdsForm
from .models import FollowUp
from .roles import aanjagers_of


@require_safe
@login_required
def cohort_list(request, pk):
    grant = access_cohort(request.user, pk, Action.VIEW_ATTENTION)
    memberships = attention_memberships(request.user, grant)
    rows = selectors.cohort_signals(
        cohort=grant.obj, memberships=memberships, kinds=signal_kinds(grant)
    )
    access_log.record_many(
        actor=request.user,
        memberships=memberships,
        action="view",
        data_kind="attention",
        request=request,
        grant=grant,
    )
    context = {
        "cohort": grant.obj,
        "rows": rows,
        "can": grant.can,
        "flagged": sum(1 for row in rows if row.signals),
    }
    return render(request, "attention/cohort_list.html", context)


@require_http_methods(["GET", "POST"])
@login_required
def member(request, pk):
    grant = access_attention_member(request.user, pk, Action.VIEW_ATTENTION)
    membership = grant.obj
    form = FollowUpForm(request.POST if request.method == "POST" else None)
    if request.method == "POST":
        grant.require(Action.RECORD_FOLLOW_UP)
        if form.is_valid():
            try:
                services.record_follow_up(
                    membership=membership, by=request.user, **form.cleaned_data
                )
            except ValidationError as error:
                add_service_error(form, error)
            else:
                messages.success(request, _("The follow-up has been saved."))
                return redirect("attention:member", membership.pk)
    (row,) = selectors.cohort_signals(
        cohort=membership.cohort, memberships=[membership], kinds=signal_kinds(grant)
    )
    access_log.record(
        actor=request.user,
        membership=membership,
        action="view",
        data_kind="attention",
        request=request,
    )
    context = {
        "membership": membership,
        "row": row,
        "form": form,
        "can": grant.can,
        "follow_ups": membership.follow_ups.select_related("by")[:20],
        "ask_form": AskAanjagerForm(aanjagers=aanjagers_of(membership.cohort_id)),
    }
    return render(request, "attention/member.html", context)


@require_POST
@login_required
def ask_aanjager(request, pk):
    grant = access_attention_member(request.user, pk, Action.ASK_AANJAGER)
    form = AskAanjagerForm(request.POST, aanjagers=aanjagers_of(grant.obj.cohort_id))
    if form.is_valid():
        try:
            services.ask_aanjager(
                membership=grant.obj, aanjager=form.cleaned_data["aanjager"], by=request.user
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("The aanjager has been asked to follow this up."))
    else:
        messages.error(request, _("Choose an aanjager of this group."))
    return redirect("attention:member", grant.obj.pk)


@require_POST
@login_required
def plan_catch_up(request, pk):
    grant = access_attention_member(request.user, pk, Action.PLAN_CATCH_UP)
    try:
        services.record_follow_up(
            membership=grant.obj,
            by=request.user,
            note=_("Catch-up talk planned"),
            contacted_on=services.today(),
            kind=FollowUp.Kind.CATCH_UP,
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The catch-up talk has been noted."))
    return redirect("attention:member", grant.obj.pk)


@require_http_methods(["GET", "POST"])
@login_required
def thresholds(request, pk):
    grant = access_organisation(request.user, pk, Action.SET_ATTENTION_THRESHOLDS)
    current = selectors.thresholds(organisation=grant.obj)
    form = ThresholdsForm(request.POST if request.method == "POST" else None, instance=current)
    if request.method == "POST" and form.is_valid():
        try:
            services.set_thresholds(organisation=grant.obj, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("The settings have been saved."))
            return redirect("attention:thresholds", grant.obj.pk)
    return render(request, "attention/thresholds.html", {"organisation": grant.obj, "form": form})


@require_safe
@login_required
def pipeline(request, pk):
    grant = access_organisation(request.user, pk, Action.VIEW_PIPELINE)
    result = pipelines.referral_pipeline(
        memberships=pipeline_memberships(request.user, grant),
        settings=selectors.thresholds(organisation=grant.obj),
    )
    access_log.record_many(
        actor=request.user,
        memberships=[referral.membership for referral in result.open],
        action="view",
        data_kind="referral",
        request=request,
        actor_role=pipeline_viewer_role(grant),
    )  # NEN 7513: a named list of patients
    context = {"organisation": grant.obj, "pipeline": result, "can": grant.can}
    return render(request, "attention/pipeline.html", context)
