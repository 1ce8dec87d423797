import time
from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _

from .staff import IDLE_KEY, TOUCH_EVERY_SECONDS, mfa_required, staff_state


class StaffSecurityMiddleware:
    """Staff reach nothing but the second-factor set-up until they have one, and their
    session ends after a spell of inactivity (STAFF_SESSION_IDLE_SECONDS).

    Participants may set up a second factor too; for them it stays a choice.
    """

    OPEN_PREFIXES = ("/account/", "/taal/", "/static/", "/favicon")

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated:
            return self.get_response(request)
        state = staff_state(request)
        if state["staff"]:
            response = self._check_idle(request)
            if response is not None:
                return response
            if mfa_required() and not state["mfa"] and not self._is_open(request.path):
                messages.warning(
                    request,
                    _(
                        "Because you can see other people's (health) data, you need to set "
                        "up two-step verification first. Choose an authenticator app or a "
                        "security key."
                    ),
                )
                return redirect(reverse("mfa_index"))
        return self.get_response(request)

    def _is_open(self, path: str) -> bool:
        return path.startswith(self.OPEN_PREFIXES)

    def _check_idle(self, request):
        idle_limit = getattr(settings, "STAFF_SESSION_IDLE_SECONDS", 0)
        if not idle_limit:
            return None
        now = time.time()
        last_seen = request.session.get(IDLE_KEY)
        if last_seen is not None and now - last_seen > idle_limit:
            from django.contrib.auth import logout

            logout(request)
            messages.info(
                request,
                _("You were logged out after a while without activity. Please log in again."),
            )
            return redirect(f"{reverse('account_login')}?{urlencode({'next': request.path})}")
        if last_seen is None or now - last_seen > TOUCH_EVERY_SECONDS:
            request.session[IDLE_KEY] = now
        return None
