import re

import pytest
from django.urls import reverse

INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)(?![^>]*application/json)[^>]*>", re.I)
STYLE_ATTRIBUTE = re.compile(r"<[^>]+\sstyle=", re.I)


def assert_strict_csp(response, url):
    policy = response.headers.get("Content-Security-Policy")
    assert policy, f"{url} has no Content-Security-Policy"
    assert "unsafe-inline" not in policy, url
    assert "default-src 'self'" in policy, url
    assert "frame-ancestors 'none'" in policy, url


PUBLIC_PAGES = [
    "/",
    "/account/login/",
    "/account/login/code/",
    "/account/password/reset/",
    "/page-that-does-not-exist/",
]


@pytest.mark.parametrize("url", PUBLIC_PAGES)
def test_public_html_carries_strict_csp(client, db, url):
    response = client.get(url)
    assert response["Content-Type"].startswith("text/html")
    assert_strict_csp(response, url)


@pytest.mark.parametrize("url", PUBLIC_PAGES)
def test_our_pages_have_no_inline_script_or_style(client, db, url):
    """Inline code would be blocked by the CSP, so it must not be there at all."""
    text = client.get(url).text
    assert not INLINE_SCRIPT.search(text), url
    assert not STYLE_ATTRIBUTE.search(text), url


@pytest.mark.parametrize(
    "url",
    [
        reverse("dashboard"),
        "/account/email/",
        "/account/2fa/",
        "/cms/",
        "/cms/pages/",
        "/django-admin/",
    ],
)
def test_logged_in_html_carries_strict_csp(client, admin_user, url):
    client.force_login(admin_user)
    response = client.get(url, follow=True)
    assert response.status_code == 200, url
    assert_strict_csp(response, url)


def test_page_may_not_be_framed(client, db):
    assert client.get("/").headers["X-Frame-Options"] == "DENY"
