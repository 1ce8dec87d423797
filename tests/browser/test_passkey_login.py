"""A participant makes a passkey and logs in with it, in Chromium with a virtual
authenticator (Chrome DevTools Protocol ``WebAuthn.addVirtualAuthenticator``)."""

import re

from allauth.mfa.models import Authenticator
from django.core import mail


def _code_from_mail() -> str:
    return re.search(r"\b(\d{6})\b", mail.outbox[-1].body).group(1)


def test_a_participant_logs_in_with_a_passkey(page, live_server, world):
    cdp = page.context.new_cdp_session(page)
    cdp.send("WebAuthn.enable")
    authenticator = cdp.send(
        "WebAuthn.addVirtualAuthenticator",
        {
            "options": {
                "protocol": "ctap2",
                "transport": "internal",
                "hasResidentKey": True,
                "hasUserVerification": True,
                "isUserVerified": True,
                "automaticPresenceSimulation": True,
            }
        },
    )["authenticatorId"]
    # First log-in by the e-mailed code, as every participant does.
    page.goto("/account/login/")
    page.fill("#code-email", world.anna.email)
    page.click("text=Stuur mij een code")
    page.fill("input[name=code]", _code_from_mail())
    page.keyboard.press("Enter")
    page.wait_for_url("**/mijn/**")
    # Make a passkey from the privacy page.
    page.goto("/privacy/")
    page.click("#add-passkey")
    page.check("input[name=passwordless]")
    page.click("#mfa_webauthn_add")
    page.wait_for_url(lambda url: "/webauthn/add/" not in url)
    credentials = cdp.send("WebAuthn.getCredentials", {"authenticatorId": authenticator})
    assert credentials["credentials"]
    # Log out, then in with the passkey alone.
    page.goto("/account/logout/")
    page.click("button[type=submit]")
    page.goto("/account/login/")
    codes_sent = len(mail.outbox)
    page.click("#passkey_login")
    page.wait_for_url("**/mijn/**")
    assert "Anna" in page.content()
    assert len(mail.outbox) == codes_sent  # no code was needed
    passkey = Authenticator.objects.get(user=world.anna, type=Authenticator.Type.WEBAUTHN)
    assert passkey.wrap().is_passwordless is True  # a passkey, not only a second factor
    assert passkey.last_used_at is not None
