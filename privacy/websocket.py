"""The security rules for WebSockets: same origin, second factor, staff idle time-out."""

import time
from urllib.parse import urlsplit

from channels.auth import AuthMiddleware, get_user
from channels.security.websocket import WebsocketDenier
from channels.sessions import CookieMiddleware, SessionMiddleware
from django.conf import settings
from django.contrib.sessions.backends.base import SessionBase
from django.utils.module_loading import import_string

from chat.threads import in_pool

from .staff import (
    IDLE_KEY,
    TOUCH_EVERY_SECONDS,
    mfa_required,
    session_staff_state,
)

DEFAULT_PORTS = {"http": 80, "https": 443}
SCOPE_STAFF_KEY = "privacy_staff"


def _origin_tuple(url: str) -> tuple[str, str, int] | None:
    """(scheme, host, port) of an origin such as ``https://example.org:8443``."""
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError:
        return None
    if parts.scheme not in DEFAULT_PORTS or not parts.hostname:
        return None
    return parts.scheme, parts.hostname.lower(), port or DEFAULT_PORTS[parts.scheme]


def _header(scope, name: bytes) -> str | None:
    for key, value in scope.get("headers", []):
        if key.lower() == name:
            return value.decode("latin1")
    return None


def _request_scheme(scope) -> str:
    proxy_header = getattr(settings, "SECURE_PROXY_SSL_HEADER", None)
    if proxy_header:
        header, secure_value = proxy_header
        name = header.removeprefix("HTTP_").replace("_", "-").lower().encode()
        forwarded = _header(scope, name)
        if forwarded is not None:
            return "https" if forwarded.split(",")[0].strip() == secure_value else "http"
    return "https" if scope.get("scheme") in {"wss", "https"} else "http"


def allowed_origin(scope) -> bool:
    """The socket's Origin is the page's own origin (scheme, host and port of the Host
    header the socket was opened on) or one of CSRF_TRUSTED_ORIGINS, compared exactly."""
    origin = _header(scope, b"origin")
    host = _header(scope, b"host")
    if not origin or not host:
        return False
    seen = _origin_tuple(origin)
    if seen is None:
        return False
    if seen == _origin_tuple(f"{_request_scheme(scope)}://{host}"):
        return True
    return any(seen == _origin_tuple(trusted) for trusted in settings.CSRF_TRUSTED_ORIGINS)


class SameOriginValidator:
    """ASGI middleware: refuses a socket whose Origin differs from the site's own in
    scheme, host or port (Channels' AllowedHostsOriginValidator compares the host only)."""

    def __init__(self, inner):
        self.inner = inner

    async def __call__(self, scope, receive, send):
        if scope["type"] == "websocket" and not allowed_origin(scope):
            return await WebsocketDenier.as_asgi()(scope, receive, send)
        return await self.inner(scope, receive, send)


def idle_limit() -> int:
    return getattr(settings, "STAFF_SESSION_IDLE_SECONDS", 0)


def _fresh_session(session: SessionBase | None) -> SessionBase | None:
    """The session as stored now (the socket's copy was read when it opened)."""
    if session is None or not session.session_key:
        return None
    store = import_string(settings.SESSION_ENGINE + ".SessionStore")
    fresh = store(session_key=session.session_key)
    if not fresh.exists(session.session_key):
        return None
    return fresh


def may_expire(scope) -> bool:
    """Whether the socket's session can time out at all (a staff member's, with an idle
    limit): ``staff_session_expired`` is always False otherwise, so a member's frames need
    no trip to the thread pool for it."""
    return bool(idle_limit() and scope.get(SCOPE_STAFF_KEY))


def staff_session_expired(scope, *, touch: bool = False) -> bool:
    """The HTTP idle rule for a staff member's socket: True (and the session ends) when
    the last activity is longer ago than STAFF_SESSION_IDLE_SECONDS. ``touch`` counts this
    frame as activity, as a page request does."""
    if not may_expire(scope):
        return False
    limit = idle_limit()
    session = _fresh_session(scope.get("session"))
    if session is None:
        return True
    now = time.time()
    last_seen = session.get(IDLE_KEY)
    if last_seen is not None and now - last_seen > limit:
        session.flush()
        return True
    if touch and (last_seen is None or now - last_seen > TOUCH_EVERY_SECONDS):
        session[IDLE_KEY] = now
        session.save()
    return False


SCOPE_REFUSED_KEY = "privacy_refused"


def _refused(scope, user) -> bool:
    """True when the socket is refused; marks staff in the scope for the consumer."""
    if user is None or not user.is_authenticated:
        return False
    # What the chat page's request found (kept in the session a while, as for every
    # page), so a member's socket usually costs no role queries of its own.
    state = session_staff_state(user, scope["session"])
    staff = state["staff"]
    scope[SCOPE_STAFF_KEY] = staff
    if staff and mfa_required() and not state["mfa"]:
        return True
    return staff_session_expired(scope)


@in_pool
def _check(scope) -> bool:
    return _refused(scope, scope.get("user"))


class StaffSecondFactorGuard:
    """ASGI middleware inside AuthMiddlewareStack: refuses the socket (as the HTTP
    middleware redirects the page) until a staff member has set up a second factor, and
    once a staff session has been idle too long (the HTTP middleware logs it out).
    Inside SocketAuthMiddlewareStack the answer was found with the user (one trip to the
    thread pool for both)."""

    def __init__(self, inner):
        self.inner = inner

    async def __call__(self, scope, receive, send):
        if scope["type"] == "websocket":
            refused = scope.pop(SCOPE_REFUSED_KEY, None)
            if refused is None:
                refused = await _check(scope)
            if refused:
                return await WebsocketDenier.as_asgi()(scope, receive, send)
        return await self.inner(scope, receive, send)


def _user_and_guard(scope):
    """The session's user, and whether the staff guard refuses the socket."""
    user = get_user.func(scope)
    if scope["type"] == "websocket":
        scope[SCOPE_REFUSED_KEY] = _refused(scope, user)
    return user


class _AuthInPool(AuthMiddleware):
    """Channels' AuthMiddleware, looking up the session and user on the chat's pool, with
    the staff guard's look-ups in the same trip."""

    async def resolve_scope(self, scope):
        scope["user"]._wrapped = await in_pool(_user_and_guard)(scope)


def SocketAuthMiddlewareStack(inner):
    """Channels' AuthMiddlewareStack, with its database work (and the staff guard's) on the
    chat's thread pool (chat.threads) instead of the process's one shared sync thread: in
    a reconnect storm every socket's session, user and staff look-ups waited their turn
    on that thread."""
    return CookieMiddleware(SessionMiddleware(_AuthInPool(inner)))
