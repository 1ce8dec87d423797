from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from access.attention import receives_weekly_digest
from access.policy import Action, may

from . import selectors, services
from .forms import NotificationSettingsForm
from .selectors import Kind
from .unsubscribe import read_token


@login_required
@require_http_methods(["GET", "POST"])
def notification_settings(request):
    """The person's own choice of e-mails."""
    if not may(request.user, Action.EDIT_NOTIFICATION_SETTINGS, request.user):
        raise PermissionDenied
    current = selectors.settings_for(person=request.user)
    form = NotificationSettingsForm(
        request.POST or None,
        instance=current,
        attention_digest=receives_weekly_digest(request.user),
    )
    if request.method == "POST" and form.is_valid():
        services.update_settings(person=request.user, **form.cleaned_data)
        messages.success(request, _("Your choices are saved."))
        return redirect("notifications:settings")
    return render(request, "notifications/settings.html", {"form": form})


KIND_LABELS = {
    Kind.CHAT: gettext_lazy("e-mails about new messages in your group's chat"),
    Kind.VOTING: gettext_lazy("e-mails when a vote on themes opens"),
    Kind.NOTICES: gettext_lazy("e-mails about a new notice for your group"),
    Kind.SESSION_REMINDERS: gettext_lazy("reminders before each session"),
    Kind.SESSION_CHANGES: gettext_lazy("e-mails when a session moves or is cancelled"),
    Kind.ATTENTION_DIGEST: gettext_lazy("the weekly e-mail about who needs attention"),
}


@never_cache
@csrf_exempt  # RFC 8058: the mail app POSTs without a form; the signed token is the key
@require_http_methods(["GET", "POST"])
def unsubscribe(request, token):
    """Turns one kind of e-mail off with one POST, behind the signed link in that e-mail."""
    found = read_token(token)
    if found is None:
        return render(request, "notifications/unsubscribe_invalid.html", status=400)
    person, kind = found
    context = {"kind_label": KIND_LABELS[kind], "token": token}
    if request.method == "POST":
        services.unsubscribe(person=person, kind=kind)
        return render(request, "notifications/unsubscribe_done.html", context)
    context["already_off"] = selectors.is_off(selectors.settings_for(person=person), kind)
    return render(request, "notifications/unsubscribe.html", context)
