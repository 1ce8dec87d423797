"""Sections that other apps' pages include: the dashboard's "next session", cohort links."""

from django import template

from access.grants import cohort_grant

from .. import selectors

register = template.Library()


@register.inclusion_tag("sessions/includes/dashboard_section.html", takes_context=True)
def sessions_dashboard_section(context):
    user = context["user"]
    overview = context.get("overview")
    cohort = overview.participation.cohort if overview and overview.participation else None
    return {
        "cohort": cohort,
        "next_session": selectors.next_session_for(user=user) if cohort else None,
        "user": user,
    }


@register.inclusion_tag("sessions/includes/cohort_links.html", takes_context=True)
def sessions_cohort_links(context, cohort):
    can = context.get("can")  # the cohort page has worked out the permissions already
    if can is None:
        can = cohort_grant(context["user"], cohort).can
    return {"cohort": cohort, "can": can}


@register.inclusion_tag("sessions/includes/theme_page_section.html", takes_context=True)
def sessions_theme_page_section(context, page):
    """On a theme-library page: the member's group sessions on it, and "propose it"."""
    request = context.get("request")
    user = getattr(request, "user", None)
    groups = selectors.theme_page_groups(page=page, user=user) if user else []
    return {"groups": groups, "request": request, "csrf_token": context.get("csrf_token")}
