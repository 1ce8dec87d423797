"""The Origin rule itself: CSRF_TRUSTED_ORIGINS and the scheme behind a TLS proxy."""

import pytest

from privacy.websocket import allowed_origin


@pytest.mark.parametrize(
    ("headers", "allowed"),
    [
        ({b"origin": b"https://site.example", b"host": b"localhost"}, True),
        ({b"origin": b"https://site.example:8443", b"host": b"localhost"}, False),
        ({b"origin": b"http://site.example", b"host": b"localhost"}, False),
        # Behind the TLS proxy: the socket is ws:// but the page was https://.
        (
            {
                b"origin": b"https://localhost",
                b"host": b"localhost",
                b"x-forwarded-proto": b"https",
            },
            True,
        ),
        (
            {
                b"origin": b"http://localhost",
                b"host": b"localhost",
                b"x-forwarded-proto": b"https",
            },
            False,
        ),
    ],
)
def test_trusted_origins_and_the_proxy_scheme_are_compared_exactly(settings, headers, allowed):
    settings.CSRF_TRUSTED_ORIGINS = ["https://site.example"]
    settings.SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    scope = {"type": "websocket", "headers": list(headers.items())}
    assert allowed_origin(scope) is allowed
