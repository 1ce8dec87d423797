"""Sections that other apps' pages include: the dashboard's chat links, the cohort link."""

from django import template

from access.policy import Action, may

from .. import selectors

register = template.Library()


@register.inclusion_tag("chat/includes/dashboard_section.html", takes_context=True)
def chat_dashboard_section(context):
    return {"chats": selectors.chats_for(user=context["user"])}


@register.inclusion_tag("chat/includes/cohort_link.html", takes_context=True)
def chat_cohort_link(context, cohort):
    user = context["user"]
    allowed = may(user, Action.USE_CHAT, cohort)
    return {
        "cohort": cohort,
        "allowed": allowed,
        "unread": selectors.unread_count(cohort=cohort, person=user) if allowed else 0,
    }
