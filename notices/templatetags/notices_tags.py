"""The pinned notices that other apps' pages include: above the chat and on the overview."""

from django import template
from django.urls import reverse

from access.policy import Action, may

from .. import selectors

register = template.Library()


@register.inclusion_tag("notices/includes/pinned.html", takes_context=True)
def notices_pinned(context, cohort):
    """The member's open notices of one group (the chat page), live through notices.js."""
    user = context["user"]
    allowed = may(user, Action.READ_NOTICES, cohort)
    return {
        "allowed": allowed,
        "live": True,
        "cohort": cohort,
        "notices": selectors.open_notices(cohort=cohort, person=user) if allowed else [],
        "next": reverse("chat:room", args=[cohort.pk]),
        "csrf_token": context.get("csrf_token"),
    }


@register.inclusion_tag("notices/includes/pinned.html", takes_context=True)
def notices_dashboard_section(context):
    """The person's open notices of every group they are in (the overview)."""
    user = context["user"]
    return {
        "allowed": True,
        "live": False,
        "notices": selectors.open_notices_for(person=user),
        "next": reverse("dashboard"),
        "csrf_token": context.get("csrf_token"),
    }


@register.inclusion_tag("notices/includes/cohort_link.html", takes_context=True)
def notices_cohort_link(context, cohort):
    """The link to the group's notices page (and to write one), on the group's page."""
    user = context["user"]
    return {
        "cohort": cohort,
        "allowed": may(user, Action.READ_NOTICES, cohort),
        "can_post": may(user, Action.POST_NOTICE, cohort),
    }
