"""My plan: goals in the participant's own words, their versions, check-ins and cheers."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from access.grants import access_cohort, access_goal, access_membership, get_membership_for_user
from access.policy import Action, may_on_shared_goals
from groups.forms import add_service_error
from privacy import access_log  # NEN 7513 access log

from .. import selectors, services
from ..charts import line_chart
from ..forms import CheckInForm, GoalForm, NewGoalForm, SharingForm
from ..models import Goal


def _own_membership(request):
    membership = selectors.active_participation(user=request.user)
    if membership is None:
        raise Http404
    return membership


@require_safe
@login_required
def my_plan(request):
    """The participant's own plan (a person without an active participation gets 404)."""
    membership = _own_membership(request)
    return redirect("health:plan", pk=membership.pk)


@require_safe
@login_required
def plan(request, pk):
    grant = access_membership(request.user, pk, Action.VIEW_PLAN)
    membership = grant.obj
    access_log.record(
        actor=request.user, grant=grant, action="view", data_kind="plan", request=request
    )
    context = {
        "membership": membership,
        "goals": selectors.plan_goals(membership=membership),
        "is_owner": membership.person_id == request.user.pk,
        "can_see_measurements": grant.allows(Action.VIEW_MEASUREMENTS),
        "instruments": selectors.available_instruments(),
        "quiet_after_days": selectors.QUIET_AFTER.days,
    }
    return render(request, "health/plan.html", context)


@require_http_methods(["GET", "POST"])
@login_required
def goal_create(request, pk):
    membership = get_membership_for_user(request.user, pk, Action.EDIT_PLAN)
    form = NewGoalForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        texts = dict(form.cleaned_data)
        sharing = texts.pop("sharing")
        try:
            goal = services.create_goal(
                membership=membership, by=request.user, sharing=sharing, **texts
            )
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("Your goal has been saved."))
            return redirect("health:goal_detail", pk=goal.pk)
    return render(request, "health/goal_form.html", {"form": form, "membership": membership})


@require_safe
@login_required
def goal_detail(request, pk):
    grant = access_goal(request.user, pk, Action.VIEW_GOAL)
    goal, membership = grant.obj, grant.obj.membership
    access_log.record(
        actor=request.user,
        grant=grant,
        action="view",
        data_kind="goals",
        request=request,
    )
    can_see_plan = grant.allows(Action.VIEW_PLAN)
    context = {
        "goal": goal,
        "membership": membership,
        "is_owner": membership.person_id == request.user.pk,
        "can_see_plan": can_see_plan,
        "can_cheer": grant.allows(Action.CHEER_GOAL),
        "cheer_count": goal.cheers.count(),
        "cheered": goal.cheers.filter(person=request.user).exists(),
    }
    if can_see_plan:
        history = selectors.goal_history(goal=goal)
        context.update(history)
        context["chart"] = line_chart(
            [(timezone.localdate(c.created_at), c.confidence) for c in history["check_ins"]],
            y_min=0,
            y_max=10,
        )
    return render(request, "health/goal_detail.html", context)


@require_http_methods(["GET", "POST"])
@login_required
def goal_revise(request, pk):
    goal = access_goal(request.user, pk, Action.VIEW_GOAL).require(Action.EDIT_PLAN).obj
    current = goal.current_version
    initial = {name: getattr(current, name) for name in GoalForm.Meta.fields}
    form = GoalForm(request.POST if request.method == "POST" else None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.revise_goal(goal=goal, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(
                request, _("Your goal has been revised; the earlier version is kept.")
            )
            return redirect("health:goal_detail", pk=goal.pk)
    return render(request, "health/goal_form.html", {"form": form, "goal": goal})


@require_POST
@login_required
def goal_sharing(request, pk):
    goal = access_goal(request.user, pk, Action.VIEW_GOAL).require(Action.EDIT_PLAN).obj
    form = SharingForm(request.POST)
    if form.is_valid():
        services.set_goal_sharing(goal=goal, by=request.user, sharing=form.cleaned_data["sharing"])
        if goal.is_shared:
            messages.success(request, _("Your goal is now shared with your group."))
        else:
            messages.success(
                request, _("Your goal is now private: only you and your coach see it.")
            )
    return redirect("health:goal_detail", pk=goal.pk)


@require_POST
@login_required
def goal_status(request, pk):
    goal = access_goal(request.user, pk, Action.VIEW_GOAL).require(Action.EDIT_PLAN).obj
    status = request.POST.get("status", "")
    if status in Goal.Status.values:
        services.set_goal_status(goal=goal, by=request.user, status=status)
        messages.success(request, _("The status of your goal has been saved."))
    return redirect("health:goal_detail", pk=goal.pk)


@require_http_methods(["GET", "POST"])
@login_required
def check_in(request, pk):
    goal = access_goal(request.user, pk, Action.VIEW_GOAL).require(Action.EDIT_PLAN).obj
    form = CheckInForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            services.record_check_in(goal=goal, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("Your check-in has been saved. Well done!"))
            return redirect("health:goal_detail", pk=goal.pk)
    return render(request, "health/check_in.html", {"form": form, "goal": goal})


@require_POST
@login_required
def cheer(request, pk):
    goal = access_goal(request.user, pk, Action.CHEER_GOAL).obj
    services.cheer_goal(goal=goal, by=request.user)
    messages.success(request, _("You cheered this goal on."))
    return redirect("health:group_goals", pk=goal.membership.cohort_id)


@require_safe
@login_required
def group_goals(request, pk):
    """Goals the members chose to share with the group, to cheer each other on."""
    grant = access_cohort(request.user, pk, Action.VIEW_GROUP_GOALS)
    cohort = grant.obj
    goals = selectors.shared_goals_of_cohort(cohort=cohort, viewer=request.user)
    return render(
        request,
        "health/group_goals.html",
        {
            "cohort": cohort,
            "goals": goals,
            "user_id": request.user.pk,
            "can_cheer": may_on_shared_goals(request.user, Action.CHEER_GOAL, grant.roles),
        },
    )
