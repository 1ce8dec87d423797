from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from access.grants import access_cohort, get_cohort_for_user
from access.policy import Action
from groups.forms import add_service_error

from .. import selectors, services
from ..forms import CloseRoundForm, OpenRoundForm, ProposalForm, VoteForm


def _theme_page(request, grant, *, proposal_form=None, vote_form=None, status=200):
    cohort, can = grant.obj, grant.can
    overview = selectors.theme_overview(cohort=cohort, user=request.user)
    if vote_form is None and overview.open_round and can.get("vote_themes"):
        vote_form = VoteForm(
            proposals=overview.proposals, votes_per_person=overview.open_round.votes_per_person
        )
    context = {
        "cohort": cohort,
        "overview": overview,
        "can": can,
        "proposal_form": proposal_form or (ProposalForm() if can.get("propose_theme") else None),
        "vote_form": vote_form,
        "open_form": OpenRoundForm() if can.get("manage_voting") else None,
        "close_form": (
            CloseRoundForm(open_proposals=len(overview.proposals))
            if can.get("manage_voting")
            else None
        ),
    }
    return render(request, "sessions/themes.html", context, status=status)


@require_safe
@login_required
def theme_list(request, pk):
    return _theme_page(request, access_cohort(request.user, pk, Action.VIEW_COHORT))


@require_POST
@login_required
def theme_propose(request, pk):
    grant = access_cohort(request.user, pk, Action.PROPOSE_THEME)
    cohort = grant.obj
    form = ProposalForm(request.POST)
    if form.is_valid():
        try:
            services.propose_theme(cohort=cohort, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("Thank you! Your theme has been added to the list."))
            return redirect("sessions:theme_list", pk=cohort.pk)
    return _theme_page(request, grant, proposal_form=form)


@require_POST
@login_required
def theme_vote(request, pk):
    grant = access_cohort(request.user, pk, Action.VOTE_THEMES)
    cohort = grant.obj
    overview = selectors.theme_overview(cohort=cohort, user=request.user)
    if overview.open_round is None:
        messages.error(request, _("There is no open voting round; votes can no longer change."))
        return redirect("sessions:theme_list", pk=cohort.pk)
    form = VoteForm(
        request.POST,
        proposals=overview.proposals,
        votes_per_person=overview.open_round.votes_per_person,
    )
    if form.is_valid():
        try:
            services.cast_votes(
                voting_round=overview.open_round, voter=request.user, allocation=form.allocation()
            )
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("Your votes have been saved."))
            return redirect("sessions:theme_list", pk=cohort.pk)
    return _theme_page(request, grant, vote_form=form)


@require_POST
@login_required
def round_open(request, pk):
    cohort = get_cohort_for_user(request.user, pk, Action.MANAGE_VOTING)
    form = OpenRoundForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose between 1 and 10 votes per participant."))
        return redirect("sessions:theme_list", pk=cohort.pk)
    try:
        services.open_voting_round(cohort=cohort, by=request.user, **form.cleaned_data)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The voting round is open. Everyone can vote now."))
    return redirect("sessions:theme_list", pk=cohort.pk)


@require_POST
@login_required
def round_close(request, pk, round_pk):
    cohort = get_cohort_for_user(request.user, pk, Action.MANAGE_VOTING)
    voting_round = get_object_or_404(cohort.voting_rounds, pk=round_pk)
    form = CloseRoundForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose between 1 and 10 themes."))
        return redirect("sessions:theme_list", pk=cohort.pk)
    try:
        services.close_voting_round(
            voting_round=voting_round, by=request.user, **form.cleaned_data
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The voting round is closed and the group's choice is saved."))
    return redirect("sessions:theme_list", pk=cohort.pk)
