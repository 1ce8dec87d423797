"""Who counts as staff for the second-factor rule and the shorter idle time-out.

Staff are everyone who may reach other people's personal or health data or reports:
coaches, practice nurses, programme managers, funder contacts and administrators.
"""

import time

from allauth.mfa.models import Authenticator
from allauth.mfa.utils import is_mfa_enabled
from django.conf import settings

from groups.roles import is_staff_person

SESSION_KEY = "privacy_staff"
IDLE_KEY = "privacy_last_seen"
TOUCH_EVERY_SECONDS = 60  # the idle clock moves in minutes: no session write per request
RECHECK_SECONDS = 10 * 60  # a role granted during a session counts within ten minutes
SECOND_FACTORS = [Authenticator.Type.TOTP, Authenticator.Type.WEBAUTHN]


def has_second_factor(user) -> bool:
    return is_mfa_enabled(user, SECOND_FACTORS)


def staff_state(request, *, refresh: bool = False) -> dict:
    """{"staff": bool, "mfa": bool} for the logged-in user, kept in the session a while."""
    user = request.user
    state = request.session.get(SESSION_KEY)
    now = time.time()
    if (
        refresh
        or not isinstance(state, dict)
        or state.get("user") != str(user.pk)
        or now - state.get("at", 0) > RECHECK_SECONDS
        or (state.get("staff") and not state.get("mfa") and mfa_required())
    ):
        staff = is_staff_person(user)
        state = {
            "user": str(user.pk),
            "staff": staff,
            "mfa": staff and has_second_factor(user),
            "at": now,
        }
        if request.session.get(SESSION_KEY) != state:
            request.session[SESSION_KEY] = state
    return state


def mfa_required() -> bool:
    return getattr(settings, "MFA_REQUIRED_FOR_STAFF", True)
