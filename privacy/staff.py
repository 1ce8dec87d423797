"""Who counts as staff for the second-factor rule and the shorter idle time-out.

Staff are everyone who may reach other people's personal or health data or reports:
coaches, practice nurses, programme managers, funder contacts and administrators.
"""

import time

from allauth.mfa.models import Authenticator
from allauth.mfa.utils import is_mfa_enabled
from django.conf import settings
from django.core.cache import cache

from chat.caching import shared as shared_cache
from groups.roles import is_staff_person

SESSION_KEY = "privacy_staff"
IDLE_KEY = "privacy_last_seen"
TOUCH_EVERY_SECONDS = 60  # the idle clock moves in minutes: no session write per request
RECHECK_SECONDS = 10 * 60  # a role taken away is noticed within ten minutes
# A role granted is noticed at the next request: the grant leaves this mark in the shared
# cache (Redis in production), kept longer than a cached state can be old.
ROLES_CHANGED_KEY = "privacy:roles-changed:{user_id}"
SECOND_FACTORS = [Authenticator.Type.TOTP, Authenticator.Type.WEBAUTHN]


def has_second_factor(user) -> bool:
    return is_mfa_enabled(user, SECOND_FACTORS)


def note_roles_changed(user_id) -> None:
    """Called when a person's roles change: their next request looks at them afresh."""
    cache.set(ROLES_CHANGED_KEY.format(user_id=user_id), time.time(), 2 * RECHECK_SECONDS)


def _roles_changed_since(user_id, moment: float) -> bool:
    # The process's one cache object: also asked by every chat socket at connect.
    changed = shared_cache().get(ROLES_CHANGED_KEY.format(user_id=user_id))
    return changed is not None and changed >= moment


def staff_state(request, *, refresh: bool = False) -> dict:
    """{"staff": bool, "mfa": bool} for the logged-in user, kept in the session a while:
    a new role counts at once (note_roles_changed), a lost one within RECHECK_SECONDS."""
    return session_staff_state(request.user, request.session, refresh=refresh)


def session_staff_state(user, session, *, refresh: bool = False) -> dict:
    """``staff_state`` from a user and their session (a socket has no request). The socket
    reads the state the chat page's request left in the session, and saves nothing."""
    state = session.get(SESSION_KEY)
    now = time.time()
    if (
        refresh
        or not isinstance(state, dict)
        or state.get("user") != str(user.pk)
        or now - state.get("at", 0) > RECHECK_SECONDS
        or (state.get("staff") and not state.get("mfa") and mfa_required())
        or (not state.get("staff") and _roles_changed_since(user.pk, state.get("at", 0)))
    ):
        staff = is_staff_person(user)
        state = {
            "user": str(user.pk),
            "staff": staff,
            "mfa": staff and has_second_factor(user),
            "at": now,
        }
        if session.get(SESSION_KEY) != state:
            session[SESSION_KEY] = state
    return state


def mfa_required() -> bool:
    return getattr(settings, "MFA_REQUIRED_FOR_STAFF", True)
