"""Every e-mail that can be turned off carries a signed link and the RFC 8058 headers."""

import re

import pytest
from django.core import signing
from django.test import Client

from notifications.mail import send_notification
from notifications.models import NotificationSettings
from notifications.selectors import Kind
from notifications.unsubscribe import SALT, token_for
from sessions import services as session_services
from tests.sessions.conftest import at


def link_in(message) -> str:
    (url,) = re.findall(r"https?://\S+/e-mails/uitzetten/\S+/", message.body)
    return url


def path_of(url: str) -> str:
    return "/" + url.split("://", 1)[1].split("/", 1)[1]


def test_an_e_mail_carries_the_link_and_the_one_click_headers(world, mailoutbox):
    send_notification(person=world.anna, kind=Kind.VOTING, subject="Stemmen", body="Stem mee.")
    (message,) = mailoutbox
    assert message.extra_headers["List-Unsubscribe"] == f"<{link_in(message)}>"
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert "u hoeft niet in te loggen" in message.body


def test_the_link_works_without_logging_in_with_one_post(client, world, mailoutbox):
    send_notification(person=world.anna, kind=Kind.VOTING, subject="Stemmen", body="Stem mee.")
    path = path_of(link_in(mailoutbox[0]))
    page = client.get(path)
    assert page.status_code == 200
    assert "Wilt u geen e-mails als er een stemming over thema's begint meer krijgen?" in (
        page.text.replace("&#x27;", "'")
    )
    assert not NotificationSettings.objects.exists()  # looking changes nothing
    done = client.post(path)
    assert done.status_code == 200 and "Klaar." in done.text
    assert NotificationSettings.objects.get(person=world.anna).voting is False
    assert "U krijgt al geen" in client.get(path).text


def test_a_mail_app_one_click_post_turns_the_chat_e_mail_off(client, world):
    token = token_for(person=world.anna, kind=Kind.CHAT)
    strict = Client(enforce_csrf_checks=True)  # a mail app has no CSRF cookie
    response = strict.post(f"/e-mails/uitzetten/{token}/", {"List-Unsubscribe": "One-Click"})
    assert response.status_code == 200
    assert NotificationSettings.objects.get(person=world.anna).chat == "never"


@pytest.mark.parametrize(
    "token",
    [
        "rommel",
        "tampered",
        "other-salt",
        "unknown-kind",
    ],
)
def test_a_bad_or_tampered_token_gets_a_dutch_error_and_changes_nothing(client, world, token):
    good = token_for(person=world.anna, kind=Kind.VOTING)
    tokens = {
        "rommel": "rommel",
        "tampered": good[:-3] + ("aaa" if not good.endswith("aaa") else "bbb"),
        "other-salt": signing.dumps({"p": world.kees.pk, "k": "voting"}, salt="other"),
        "unknown-kind": signing.dumps({"p": world.anna.pk, "k": "login_codes"}, salt=SALT),
    }
    path = f"/e-mails/uitzetten/{tokens[token]}/"
    for response in (client.get(path), client.post(path)):
        assert response.status_code == 400
        assert "Deze link werkt niet" in response.text
        assert "Er is niets aangepast." in response.text
    assert not NotificationSettings.objects.exists()


def test_a_token_names_one_person_and_one_kind(world):
    assert token_for(person=world.anna, kind=Kind.VOTING) != token_for(
        person=world.kees, kind=Kind.VOTING
    )
    assert token_for(person=world.anna, kind=Kind.VOTING) != token_for(
        person=world.anna, kind=Kind.CHAT
    )


def test_session_reminders_and_changes_carry_their_own_kind(world, mailoutbox):
    session = session_services.plan_session(
        cohort=world.cohort,
        by=world.sanne,
        starts_at=at(1),
        ends_at=at(1, 21),
        title="Bijeenkomst",
        place="Buurthuis De Ster",
    )
    session_services.enqueue_due_reminders()
    reminder = next(m for m in mailoutbox if m.to == ["anna@example.org"])
    assert "List-Unsubscribe" in reminder.extra_headers
    Client().post(path_of(link_in(reminder)))
    row = NotificationSettings.objects.get(person=world.anna)
    assert row.session_reminders is False and row.session_changes is True
    assert session.pk is not None
