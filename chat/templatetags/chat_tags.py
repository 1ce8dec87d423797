"""Sections that other apps' pages include: the dashboard's chat links, the cohort link,
the link from a session's page to its thread, the overview's reminders; and one message of
the chat page and of a thread (``chat_message``)."""

from django import template
from django.template.defaultfilters import date, linebreaksbr, urlize
from django.urls import reverse
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.timezone import localtime
from django.utils.translation import gettext

from access.policy import Action, may

from .. import selectors, unread
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
        "unread": unread.unread_count(cohort=cohort, person=user) if allowed else 0,
    }


@register.inclusion_tag("chat/includes/session_thread_link.html", takes_context=True)
def chat_session_thread_link(context, session):
    """On a session's page: the way to its thread, with the person's unread count."""
    user = context["user"]
    allowed = may(user, Action.READ_SESSION_THREAD, session.cohort)
    return {
        "session": session,
        "allowed": allowed,
        "unread": unread.thread_unread_count(session=session, person=user) if allowed else 0,
    }


@register.inclusion_tag("chat/includes/new_count.html")
def chat_new_count(count):
    """ "12 new messages", or "More than 99 new messages" from the count that stands for
    more (chat.unread counts up to UNREAD_SHOWN + 1)."""
    return {
        "count": count,
        "shown": unread.UNREAD_SHOWN,
        "more": count > unread.UNREAD_SHOWN,
    }


@register.inclusion_tag("chat/includes/unread_note.html")
def chat_unread_note(count):
    """On the chat page and a thread: how many messages are new since the last visit."""
    return {
        "count": count,
        "shown": unread.UNREAD_SHOWN,
        "more": count > unread.UNREAD_SHOWN,
    }


@register.filter
def unread_more(count):
    """Whether an unread count stands for "more than UNREAD_SHOWN"."""
    return count > unread.UNREAD_SHOWN


@register.filter
def unread_title(count):
    """The count at the start of a page's title: "(12) ", "(99+) ", or nothing."""
    if not count:
        return ""
    return f"({unread.UNREAD_SHOWN}+) " if count > unread.UNREAD_SHOWN else f"({count}) "


@register.inclusion_tag("chat/includes/reminders_section.html", takes_context=True)
def chat_reminders_section(context):
    """On the overview: the person's chat reminders whose time has come."""
    user = context["user"]
    due = selectors.due_reminders(person=user) if user.is_authenticated else []
    return {
        "reminders": [(reminder, message_url(reminder.message)) for reminder in due],
        "csrf_token": context.get("csrf_token"),
    }


# The links of one message (chat/urls.py), each reversed once per page with number 0 in
# the message's place and completed per message.
MESSAGE_LINKS = (
    "message_edit",
    "message_delete",
    "message_unread",
    "message_remind",
    "message_hide",
)


def _page_parts(context, cohort_pk: int) -> dict:
    """What every message of one page shares: its links' parts, the labels, the CSRF field
    (kept in the render context: one page's rendering, never longer)."""
    key = ("chat_message", cohort_pk)
    parts = context.render_context.get(key)
    if parts is None:
        links = {}
        for name in MESSAGE_LINKS:
            before, _, after = reverse(f"chat:{name}", args=[cohort_pk, 0]).rpartition("/0/")
            links[name] = (f"{before}/", f"/{after}")
        token = context.get("csrf_token")
        parts = {
            "links": links,
            "csrf": format_html(
                '<input type="hidden" name="csrfmiddlewaretoken" value="{}">', token
            )
            if token and token != "NOTPROVIDED"
            else "",
            **{
                label: conditional_escape(gettext(text))
                for label, text in (
                    ("edited", "(edited)"),
                    ("deleted", "This message has been deleted."),
                    ("edit", "Edit"),
                    ("delete", "Delete"),
                    ("unread", "Mark as unread"),
                    ("remind", "Remind me"),
                    ("hide", "Hide"),
                )
            },
        }
        context.render_context[key] = parts
    return parts


@register.simple_tag(takes_context=True)
def chat_message(context, message) -> SafeString:
    """One message as the chat page and a thread list it (chat.js builds the same markup
    for the messages that arrive later). Written out here rather than as an include: a
    page lists 50, and the include's template nodes were a quarter of the page's time."""
    parts = _page_parts(context, context["cohort"].pk)
    links = parts["links"]
    seq = message.seq
    user = context.get("user")
    own = user is not None and message.author_id == user.pk

    def link(name: str) -> str:
        before, after = links[name]
        return f"{before}{seq}{after}"

    created = localtime(message.created_at)
    html = [
        format_html(
            '<li class="chat-message{}" id="bericht-{}" data-seq="{}" data-changed-seq="{}">\n'
            '  <p class="chat-meta"><span class="chat-author">{}</span> '
            '<time datetime="{}">{}</time>{}</p>\n  ',
            " chat-own" if own else "",
            seq,
            seq,
            message.changed_seq,
            message.author.public_name,
            date(created, "c"),
            date(created, "j F Y, H:i"),
            format_html(' <span class="chat-flag">{}</span>', parts["edited"])
            if message.edited_at and message.is_visible
            else "",
        )
    ]
    if message.deleted_at:
        html.append(format_html('\n    <p class="chat-gone">{}</p>\n  ', parts["deleted"]))
    elif message.hidden_at:
        reason = gettext("Hidden by a moderator. Reason: %(reason)s") % {
            "reason": conditional_escape(message.hidden_reason)
        }
        html.append(format_html('\n    <p class="chat-gone">{}</p>\n  ', mark_safe(reason)))
    else:
        body = linebreaksbr(urlize(message.body, autoescape=True), autoescape=True)
        if own:
            mine = format_html(
                '\n        <a href="{}">{}</a>\n        <a href="{}">{}</a>\n      ',
                link("message_edit"),
                parts["edit"],
                link("message_delete"),
                parts["delete"],
            )
        else:
            mine = format_html(
                '\n        <form method="post" action="{}" class="chat-unread-form">{}'
                '<button type="submit" class="link-button">{}</button></form>\n      ',
                link("message_unread"),
                parts["csrf"],
                parts["unread"],
            )
        hide = (
            format_html('<a href="{}">{}</a>', link("message_hide"), parts["hide"])
            if context.get("can_moderate")
            else ""
        )
        html.append(
            format_html(
                '\n    <div class="chat-body">{}</div>\n    <p class="chat-actions">\n      {}'
                '\n      <a href="{}">{}</a>\n      {}\n    </p>\n  ',
                body,
                mine,
                link("message_remind"),
                parts["remind"],
                hide,
            )
        )
    html.append(mark_safe("\n</li>\n"))
    return mark_safe("".join(html))
