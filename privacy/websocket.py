"""The second-factor rule for WebSockets: a staff member without one gets no socket."""

from channels.db import database_sync_to_async
from channels.security.websocket import WebsocketDenier

from .staff import has_second_factor, is_staff_person, mfa_required


@database_sync_to_async
def _refused(user) -> bool:
    if not mfa_required() or not user.is_authenticated:
        return False
    return is_staff_person(user) and not has_second_factor(user)


class StaffSecondFactorGuard:
    """ASGI middleware inside AuthMiddlewareStack: refuses the socket (as the HTTP
    middleware redirects the page) until a staff member has set up a second factor."""

    def __init__(self, inner):
        self.inner = inner

    async def __call__(self, scope, receive, send):
        user = scope.get("user")
        if scope["type"] == "websocket" and user is not None and await _refused(user):
            return await WebsocketDenier.as_asgi()(scope, receive, send)
        return await self.inner(scope, receive, send)
