"""Participants log in by code (or passkey): "password forgotten" gives them no password."""

from django.core import mail
from django.urls import reverse

from tests.conftest import STAFF_PASSWORD


def test_password_forgotten_gives_a_participant_no_password(client, world):
    assert not world.anna.has_usable_password()
    response = client.post(reverse("account_reset_password"), {"email": world.anna.email})
    assert response.status_code == 302
    (message,) = mail.outbox
    assert message.subject.endswith("Zo logt u in")
    assert "met een code" in message.body
    assert "/account/password/reset/key/" not in message.body
    assert reverse("account_login") in message.body


def test_password_forgotten_still_resets_a_staff_password(client, world):
    client.post(reverse("account_reset_password"), {"email": world.sanne.email})
    (message,) = mail.outbox
    assert "/account/password/reset/key/" in message.body


def test_a_participant_cannot_set_a_password_while_logged_in(client, world):
    client.force_login(world.anna)
    url = "/account/password/set/"
    assert client.get(url)["Location"] == reverse("privacy:overview")
    client.post(url, {"password1": STAFF_PASSWORD, "password2": STAFF_PASSWORD})
    world.anna.refresh_from_db()
    assert not world.anna.has_usable_password()


def test_staff_are_sent_to_change_their_password(client, world):
    client.force_login(world.sanne)
    assert client.get("/account/password/set/")["Location"] == reverse("account_change_password")
