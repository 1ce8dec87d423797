from django import template
from django.urls import reverse

from access.lists import funders_allowing, organisations_allowing
from access.policy import Action, may

register = template.Library()


@register.inclusion_tag("reports/includes/dashboard_section.html", takes_context=True)
def reports_dashboard_section(context):
    """Links to the reports this person may read: their funders', organisations', cohorts'."""
    user = context["request"].user
    funders = funders_allowing(user, Action.VIEW_FUNDER_REPORT)
    organisations = organisations_allowing(user, Action.MANAGE_ORGANISATION)
    links = [
        (funder.name, reverse("reports:report", args=["financier", funder.pk]))
        for funder in funders.order_by("name")
    ] + [
        (organisation.name, reverse("reports:report", args=["programma", organisation.pk]))
        for organisation in organisations.order_by("name")
    ]
    return {"links": links}


@register.inclusion_tag("reports/includes/cohort_link.html", takes_context=True)
def reports_cohort_link(context, cohort):
    user = context["request"].user
    return {"cohort": cohort, "show": may(user, Action.VIEW_REPORT, cohort)}
