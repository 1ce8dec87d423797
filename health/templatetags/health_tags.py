"""The plan's sections on the personal overview and on the cohort page (one include each)."""

from django import template

from access.grants import cohort_grant
from access.policy import Action

from .. import selectors
from ..models import Goal

register = template.Library()


@register.inclusion_tag("health/includes/dashboard_section.html", takes_context=True)
def health_dashboard_section(context):
    """My plan for a participant; links to plans and measurements for coach and nurse."""
    user = context["request"].user
    participation = selectors.active_participation(user=user)
    goal_count = 0
    due = []
    if participation:
        goal_count = participation.goals.filter(status=Goal.Status.ACTIVE).count()
        due = _due_known_to_page(context, participation)
        if due is None:
            due = selectors.questionnaires_due(membership=participation)
    return {
        "participation": participation,
        "goal_count": goal_count,
        "questionnaires_due": due,
        "follow_cohorts": selectors.cohorts_to_follow(user=user),
    }


def _due_known_to_page(context, participation):
    """The questionnaires due that the overview's first blocks (groups.selectors.FirstThings)
    worked out for this same membership in this request, if they did."""
    overview, first = context.get("overview"), context.get("first")
    own = getattr(overview, "participation", None)
    if first is None or own is None or own.pk != participation.pk:
        return None
    return first.questionnaires_due


@register.inclusion_tag("health/includes/cohort_links.html", takes_context=True)
def health_cohort_links(context, cohort):
    """Links for members and the coach; counts only (never a person) for the manager."""
    user = context["request"].user
    # The cohort page worked out the permissions already; reuse them (no extra queries).
    can: frozenset[Action]
    if "can" in context:
        can = frozenset(Action(action) for action in context["can"])
    else:
        can = cohort_grant(user, cohort).actions
    counts = None
    if Action.VIEW_HEALTH_COUNTS in can:
        counts = {
            "goals": selectors.goal_counts(cohort_ids=[cohort.pk])[cohort.pk],
            "moments": selectors.measurement_counts(cohort=cohort),
        }
    return {
        "cohort": cohort,
        "can_group_goals": Action.VIEW_GROUP_GOALS in can,
        "can_follow": Action.VIEW_MISSING_MEASUREMENTS in can,
        "can_set_moments": Action.EDIT_COHORT in can,
        "counts": counts,
    }
