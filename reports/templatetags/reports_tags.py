from django import template
from django.urls import reverse

from groups.models import StaffRole
from groups.permissions import Action, may

register = template.Library()


@register.inclusion_tag("reports/includes/dashboard_section.html", takes_context=True)
def reports_dashboard_section(context):
    """Links to the reports this person may read: their funders', organisations', cohorts'."""
    user = context["request"].user
    links = []
    if user.is_authenticated:
        for role in user.staff_roles.select_related("funder", "organisation"):
            if role.role == StaffRole.Role.FUNDER:
                links.append(
                    (
                        role.funder.name,
                        reverse("reports:report", args=["financier", role.funder_id]),
                    )
                )
            elif role.role == StaffRole.Role.MANAGER:
                links.append(
                    (
                        role.organisation.name,
                        reverse("reports:report", args=["programma", role.organisation_id]),
                    )
                )
    return {"links": links}


@register.inclusion_tag("reports/includes/cohort_link.html", takes_context=True)
def reports_cohort_link(context, cohort):
    user = context["request"].user
    return {"cohort": cohort, "show": may(user, Action.VIEW_REPORT, cohort)}
