"""The chat page and the thread of each session (history and a plain HTTP form, so they
work without JavaScript) and the pages to edit, delete or hide one message. The socket is
in consumers.py."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from access.grants import access_chat_reminder, access_cohort, get_cohort_for_user
from access.policy import Action, may
from groups.forms import add_service_error
from sessions.models import Session

from . import markers, presence, reminders, selectors, services
from .forms import HideForm, MessageForm, ReminderForm
from .models import ChatMessage
from .unread import main_unread_count, thread_unread_count


def _room_url(cohort, seq: int | None = None) -> str:
    url = reverse("chat:room", args=[cohort.pk])
    return f"{url}#bericht-{seq}" if seq else url


def message_url(message: ChatMessage, *, keep_unread: bool = False) -> str:
    """Where a message is shown: its session's thread, or the main chat. With
    ``keep_unread`` the page leaves the person's read marker where it is."""
    if message.session_id:
        url = reverse("chat:thread", args=[message.session_id])
    else:
        url = reverse("chat:room", args=[message.room.cohort_id])
    query = f"?{KEEP_UNREAD}=1" if keep_unread else ""
    return f"{url}{query}#bericht-{message.seq}"


KEEP_UNREAD = "bewaren"  # the page after "mark as unread": it does not read the place again


def _reads(request, before) -> bool:
    """Whether opening this page reads the place: not when paging back, nor just after
    the person marked a message unread."""
    return before is None and KEEP_UNREAD not in request.GET


@require_http_methods(["GET", "POST"])
@login_required
def room(request, pk):
    cohort = get_cohort_for_user(request.user, pk, Action.USE_CHAT)
    form = MessageForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            message = services.post_message(
                cohort=cohort, author=request.user, body=form.cleaned_data["body"]
            )
        except ValidationError as error:
            add_service_error(form, error)
        else:
            return redirect(_room_url(cohort, message.seq))
    before = _before(request)
    chat_room = services.room_for(cohort)
    page = selectors.recent_messages(cohort=cohort, before=before)
    unread = main_unread_count(cohort=cohort, person=request.user)
    if _reads(request, before):
        markers.mark_read(cohort=cohort, person=request.user, seq=chat_room.last_seq)
    return render(
        request,
        "chat/room.html",
        {
            **_chat_context(request, cohort, chat_room, page, before),
            "unread": unread,
            "threads": selectors.session_threads(cohort=cohort, person=request.user),
            "form": form,
        },
    )


def _before(request) -> int | None:
    before = request.GET.get("voor")
    return int(before) if before and before.isdigit() else None


def _chat_context(request, cohort, chat_room, page, before) -> dict:
    members = selectors.chat_members(cohort=cohort)
    online = set(
        presence.online_ids(cohort_id=cohort.pk, member_ids=[m.person_id for m in members])
    )
    return {
        "cohort": cohort,
        "room": chat_room,
        "chat_messages": page,
        "older": page[0].seq if page and page[0].seq > 1 else None,
        "paging": before is not None,
        "members": [(m, m.person_id in online) for m in members],
        "can_moderate": may(request.user, Action.MODERATE_CHAT, cohort),
        "hold_read": not _reads(request, before),
    }


@require_http_methods(["GET", "POST"])
@login_required
def thread(request, pk):
    """The discussion of one session: questions before, what we learned after."""
    session = get_object_or_404(Session.objects.select_related("cohort"), pk=pk)
    grant = access_cohort(request.user, session.cohort_id, Action.READ_SESSION_THREAD)
    cohort = session.cohort = grant.obj
    form = MessageForm(request.POST if request.method == "POST" else None)
    if request.method == "POST":
        grant.require(Action.WRITE_SESSION_THREAD)
        if form.is_valid():
            try:
                message = services.post_message(
                    cohort=cohort,
                    author=request.user,
                    body=form.cleaned_data["body"],
                    session=session,
                )
            except ValidationError as error:
                add_service_error(form, error)
            else:
                url = reverse("chat:thread", args=[session.pk])
                return redirect(f"{url}#bericht-{message.seq}")
    before = _before(request)
    chat_room = services.room_for(cohort)
    page = selectors.recent_messages(cohort=cohort, before=before, session=session)
    unread = thread_unread_count(session=session, person=request.user)
    if _reads(request, before):
        markers.mark_thread_read(session=session, person=request.user, seq=chat_room.last_seq)
    return render(
        request,
        "chat/thread.html",
        {
            **_chat_context(request, cohort, chat_room, page, before),
            "session": session,
            "unread": unread,
            "can_write": grant.allows(Action.WRITE_SESSION_THREAD),
            "form": form,
        },
    )


def _message_for(request, pk: int, seq: int, action: Action):
    cohort = get_cohort_for_user(request.user, pk, action)
    message = get_object_or_404(
        ChatMessage.objects.select_related("author", "room"), room__cohort=cohort, seq=seq
    )
    return cohort, message


@require_http_methods(["GET", "POST"])
@login_required
def message_edit(request, pk, seq):
    cohort, message = _message_for(request, pk, seq, Action.USE_CHAT)
    if message.author_id != request.user.pk:
        raise PermissionDenied
    form = MessageForm(
        request.POST if request.method == "POST" else None, initial={"body": message.body}
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.edit_message(message=message, by=request.user, body=form.cleaned_data["body"])
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("Your message has been changed."))
            return redirect(message_url(message))
    return render(
        request, "chat/message_edit.html", {"cohort": cohort, "message": message, "form": form}
    )


@require_http_methods(["GET", "POST"])
@login_required
def message_delete(request, pk, seq):
    cohort, message = _message_for(request, pk, seq, Action.USE_CHAT)
    if message.author_id != request.user.pk:
        raise PermissionDenied
    error = None
    if request.method == "POST":
        try:
            services.delete_message(message=message, by=request.user)
        except ValidationError as exc:
            error = _error_text(exc)
        else:
            messages.success(request, _("Your message has been deleted."))
            return redirect(message_url(message))
    return render(
        request,
        "chat/message_delete.html",
        {"cohort": cohort, "message": message, "error": error},
    )


@require_http_methods(["GET", "POST"])
@login_required
def message_hide(request, pk, seq):
    cohort, message = _message_for(request, pk, seq, Action.MODERATE_CHAT)
    form = HideForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            services.hide_message(
                message=message, by=request.user, reason=form.cleaned_data["reason"]
            )
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("The message has been hidden."))
            return redirect(message_url(message))
    show_text = message.is_visible or (
        message.hidden_at is not None and may(request.user, Action.READ_HIDDEN_CHAT, cohort)
    )
    return render(
        request,
        "chat/message_hide.html",
        {"cohort": cohort, "message": message, "form": form, "show_text": show_text},
    )


def _error_text(error: ValidationError) -> str:
    return " ".join(error.messages)


@require_POST
@login_required
def message_unread(request, pk, seq):
    """Marks a message (and what follows it in its place) unread for the person."""
    _cohort, message = _message_for(request, pk, seq, Action.MARK_CHAT_UNREAD)
    markers.mark_unread(message=message, person=request.user)
    messages.success(
        request,
        _("This message is unread again. It stays so until you open this chat again."),
    )
    return redirect(message_url(message, keep_unread=True))


@require_http_methods(["GET", "POST"])
@login_required
def message_remind(request, pk, seq):
    """ "Remind me": the person picks a moment; the reminder shows on their overview then."""
    cohort, message = _message_for(request, pk, seq, Action.REMIND_CHAT_MESSAGE)
    form = ReminderForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            reminder = reminders.set_reminder(
                message=message, person=request.user, remind_at=form.cleaned_data["remind_at"]
            )
        except ValidationError as error:
            add_service_error(form, error)
        else:
            when = date_format(timezone.localtime(reminder.remind_at), "l j F, H:i")
            messages.success(
                request,
                _("We will remind you on %(when)s. You will see it on your overview.")
                % {"when": when},
            )
            return redirect(message_url(message))
    return render(
        request,
        "chat/message_remind.html",
        {
            "cohort": cohort,
            "message": message,
            "form": form,
            "planned": selectors.open_reminder(person=request.user, message=message),
            "back_url": message_url(message),
        },
    )


@require_POST
@login_required
def reminder_dismiss(request, pk):
    """The person is done with a reminder: it leaves their overview."""
    grant = access_chat_reminder(request.user, pk, Action.DISMISS_CHAT_REMINDER)
    reminders.dismiss_reminder(reminder=grant.obj, by=request.user)
    messages.success(request, _("The reminder has been removed."))
    return redirect("dashboard")
