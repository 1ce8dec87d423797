from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db import transaction
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from access.grants import access_cohort, get_cohort_for_user, get_organisation_for_user
from access.policy import Action
from accounts.models import User
from privacy import access_log

from .. import selectors, services
from ..forms import (
    AssignCoachForm,
    CohortForm,
    CohortFundersForm,
    StartCohortForm,
    add_service_error,
)
from ..models import Membership
from .confirm import confirm_page


@require_safe
@login_required
def organisation_detail(request, pk):
    organisation = get_organisation_for_user(request.user, pk, Action.MANAGE_ORGANISATION)
    cohorts = selectors.organisation_cohorts(organisation=organisation)
    return render(
        request,
        "groups/organisation_detail.html",
        {"organisation": organisation, "cohorts": cohorts},
    )


@require_http_methods(["GET", "POST"])
@login_required
def cohort_create(request, pk):
    organisation = get_organisation_for_user(request.user, pk, Action.CREATE_COHORT)
    form = CohortForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            cohort = services.create_cohort(
                organisation=organisation, by=request.user, **form.cleaned_data
            )
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("The cohort has been created."))
            return redirect("groups:cohort_detail", pk=cohort.pk)
    return render(request, "groups/cohort_form.html", {"form": form, "organisation": organisation})


@require_safe
@login_required
def cohort_detail(request, pk):
    grant = access_cohort(request.user, pk, Action.VIEW_COHORT)
    cohort = grant.obj
    context = {
        "cohort": cohort,
        "members": selectors.cohort_members(cohort=cohort),
        "counts": selectors.place_counts(cohort=cohort),
        "can": grant.can,
        "own_membership": cohort.memberships.filter(
            person=request.user, status=Membership.Status.ACTIVE
        ).first(),
    }
    if grant.allows(Action.VIEW_ENROLMENT):
        # Names with referral, consent and reasons for leaving: more than the member list.
        enrolment = list(selectors.enrolment_overview(cohort=cohort))
        context["enrolment"] = enrolment
        context["needs_doing"] = selectors.needs_doing(cohort=cohort)
        access_log.record_many(
            actor=request.user,
            grant=grant,
            memberships=enrolment,
            action="view",
            data_kind="referral",
            request=request,
        )
    return render(request, "groups/cohort_detail.html", context)


@require_http_methods(["GET", "POST"])
@login_required
def cohort_edit(request, pk):
    cohort = get_cohort_for_user(request.user, pk, Action.EDIT_COHORT)
    form = CohortForm(
        request.POST if request.method == "POST" else None, instance=cohort, prefix="cohort"
    )
    funders_form = CohortFundersForm(
        request.POST if request.method == "POST" else None,
        prefix="funders",
        initial={"funders": cohort.funders.all()},
    )
    if request.method == "POST" and form.is_valid() and funders_form.is_valid():
        try:
            with transaction.atomic():
                services.update_cohort(cohort=cohort, by=request.user, **form.cleaned_data)
                services.set_cohort_funders(
                    cohort=cohort, funders=funders_form.cleaned_data["funders"], by=request.user
                )
        except ValidationError as error:
            cohort.refresh_from_db()
            add_service_error(form, error)
        else:
            messages.success(request, _("The cohort has been saved."))
            return redirect("groups:cohort_detail", pk=cohort.pk)
    coaches = cohort.memberships.filter(
        role=Membership.Role.COACH, status=Membership.Status.ACTIVE
    ).select_related("person")
    return render(
        request,
        "groups/cohort_edit.html",
        {
            "cohort": cohort,
            "form": form,
            "funders_form": funders_form,
            "coach_form": AssignCoachForm(),
            "coaches": coaches,
        },
    )


@require_POST
@login_required
def coach_assign(request, pk):
    cohort = get_cohort_for_user(request.user, pk, Action.EDIT_COHORT)
    form = AssignCoachForm(request.POST)
    if form.is_valid():
        email = form.cleaned_data["email"].lower()
        try:
            with transaction.atomic():
                coach = User.objects.filter(email__iexact=email).first()
                if coach is None:
                    coach = User.objects.create_user(
                        email=email,
                        first_name=form.cleaned_data["first_name"],
                        display_name=form.cleaned_data["first_name"],
                    )
                services.assign_coach(cohort=cohort, coach=coach, by=request.user)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(
                request, _("%(name)s is now a coach of this cohort.") % {"name": coach.public_name}
            )
    else:
        messages.error(request, _("Fill in a valid e-mail address."))
    return redirect("groups:cohort_edit", pk=cohort.pk)


@require_http_methods(["GET", "POST"])
@login_required
def coach_remove(request, pk, membership_pk):
    cohort = get_cohort_for_user(request.user, pk, Action.EDIT_COHORT)
    membership = get_object_or_404(
        cohort.memberships.select_related("person"), pk=membership_pk, role=Membership.Role.COACH
    )
    if request.method == "GET":
        name = membership.person.public_name
        return confirm_page(
            request,
            title=_("Remove %(name)s as coach of %(cohort)s?")
            % {"name": name, "cohort": cohort.name},
            consequences=[
                _("%(name)s no longer sees this group, its attendance or its chat.")
                % {"name": name},
                _("What %(name)s did for the group so far is kept.") % {"name": name},
            ],
            confirm_label=_("Yes, remove %(name)s as coach") % {"name": name},
            cancel_url=reverse("groups:cohort_edit", args=[cohort.pk]),
            danger=True,
        )
    try:
        services.remove_coach(membership=membership, by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The coach has been removed from this cohort."))
    return redirect("groups:cohort_edit", pk=cohort.pk)


@require_http_methods(["GET", "POST"])
@login_required
def cohort_start(request, pk):
    cohort = get_cohort_for_user(request.user, pk, Action.START_COHORT)
    form = StartCohortForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            services.start_cohort(cohort=cohort, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("The cohort has started."))
            return redirect("groups:cohort_detail", pk=cohort.pk)
    return render(
        request,
        "groups/cohort_start.html",
        {"cohort": cohort, "form": form, "counts": selectors.place_counts(cohort=cohort)},
    )


@require_http_methods(["GET", "POST"])
@login_required
def cohort_finish(request, pk):
    cohort = get_cohort_for_user(request.user, pk, Action.START_COHORT)
    error = None
    if request.method == "POST":
        try:
            services.finish_cohort(cohort=cohort, by=request.user)
        except ValidationError as exc:
            error = " ".join(exc.messages)
        else:
            messages.success(request, _("The cohort has finished. Well done, everyone!"))
            return redirect("groups:cohort_detail", pk=cohort.pk)
    return render(request, "groups/cohort_finish.html", {"cohort": cohort, "error": error})
