"""One ASGI application for HTTP and WebSockets (served by Daphne)."""

import os

from django.core.asgi import get_asgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
django_asgi_app = get_asgi_application()

# The chat's cache imports redis at its first use, which was during the first sockets of
# a reconnect storm; now before the process listens.
import redis  # noqa: E402, F401
from channels.routing import ProtocolTypeRouter, URLRouter  # noqa: E402
from channels.security.websocket import AllowedHostsOriginValidator  # noqa: E402

from config.routing import websocket_urlpatterns  # noqa: E402
from privacy.websocket import (  # noqa: E402
    SameOriginValidator,
    SocketAuthMiddlewareStack,
    StaffSecondFactorGuard,
)

application = ProtocolTypeRouter(
    {
        "http": django_asgi_app,
        # The host must be allowed, and the Origin must be the site's own in scheme,
        # host and port (or a CSRF_TRUSTED_ORIGINS entry).
        "websocket": AllowedHostsOriginValidator(
            SameOriginValidator(
                SocketAuthMiddlewareStack(StaffSecondFactorGuard(URLRouter(websocket_urlpatterns)))
            )
        ),
    }
)
