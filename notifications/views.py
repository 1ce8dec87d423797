from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from access.policy import Action, may

from . import selectors, services
from .forms import NotificationSettingsForm


@login_required
@require_http_methods(["GET", "POST"])
def notification_settings(request):
    """The person's own choice of e-mails."""
    if not may(request.user, Action.EDIT_NOTIFICATION_SETTINGS, request.user):
        raise PermissionDenied
    current = selectors.settings_for(person=request.user)
    form = NotificationSettingsForm(request.POST or None, instance=current)
    if request.method == "POST" and form.is_valid():
        services.update_settings(person=request.user, **form.cleaned_data)
        messages.success(request, _("Your choices are saved."))
        return redirect("notifications:settings")
    return render(request, "notifications/settings.html", {"form": form})
