"""Sections that other apps' pages include: the dashboard's chat links, the cohort link,
the link from a session's page to its thread, the overview's reminders."""

from django import template

from access.policy import Action, may

from .. import selectors
from ..views import message_url

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


@register.inclusion_tag("chat/includes/session_thread_link.html", takes_context=True)
def chat_session_thread_link(context, session):
    """On a session's page: the way to its thread, with the person's unread count."""
    user = context["user"]
    allowed = may(user, Action.READ_SESSION_THREAD, session.cohort)
    return {
        "session": session,
        "allowed": allowed,
        "unread": selectors.thread_unread_count(session=session, person=user) if allowed else 0,
    }


@register.inclusion_tag("chat/includes/reminders_section.html", takes_context=True)
def chat_reminders_section(context):
    """On the overview: the person's chat reminders whose time has come."""
    user = context["user"]
    due = selectors.due_reminders(person=user) if user.is_authenticated else []
    return {
        "reminders": [(reminder, message_url(reminder.message)) for reminder in due],
        "csrf_token": context.get("csrf_token"),
    }
