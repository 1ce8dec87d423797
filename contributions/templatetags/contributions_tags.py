"""Links into the contributions pages from the dashboard and the cohort page."""

from django import template

from access.lists import cohorts_allowing
from access.policy import Action
from groups.models import Cohort

register = template.Library()


@register.inclusion_tag("contributions/includes/dashboard_section.html", takes_context=True)
def contributions_dashboard_section(context):
    """The participant's own page, the coach's overviews and the manager's totals."""
    overview = context.get("overview")
    user = context["request"].user
    participation = getattr(overview, "participation", None)
    participant_cohort = participation.cohort if participation else None
    staff_links = [
        (cohort, "contributions:overview") for cohort in getattr(overview, "coached_cohorts", [])
    ]
    organisations = getattr(overview, "managed_organisations", None)
    if organisations:
        managed = (
            cohorts_allowing(user, Action.MANAGE_CONTRIBUTIONS)
            .exclude(status=Cohort.Status.FORMING)
            .distinct()
            .order_by("-start_date")
        )
        staff_links += [(cohort, "contributions:totals") for cohort in managed]
    return {"participant_cohort": participant_cohort, "staff_links": staff_links}


@register.inclusion_tag("contributions/includes/cohort_links.html", takes_context=True)
def contributions_cohort_links(context):
    """Uses the cohort page's own `can` (the user's actions on this cohort): no extra query."""
    return {"cohort": context["cohort"], "can": context.get("can", {})}
