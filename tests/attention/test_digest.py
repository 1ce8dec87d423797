"""The weekly e-mail to the coach: counts and a link, no names; sent once a week."""

from django.core import mail
from django.urls import reverse
from django.utils import timezone

from attention.models import DigestSent
from attention.tasks import send_weekly_digest

from .conftest import ABSENT, DAY, at, register, weekly


def test_the_coach_gets_counts_and_a_link_once_a_week_and_no_names(world):
    sessions = weekly(world, 2)
    for session in sessions:
        register(world, session, anna=ABSENT)
    with at(sessions[-1].starts_at + DAY):
        today = timezone.localdate().isoformat()
        assert send_weekly_digest.call(week=today) == 1  # sanne; carla's group has not started
        assert send_weekly_digest.call(week=today) == 0  # safe to repeat
    message = next(m for m in mail.outbox if m.to == [world.sanne.email])
    assert reverse("attention:cohort_list", args=[world.cohort.pk]) in message.body
    assert "Herstelcirkel Noord: 2 deelnemers met een signaal" in message.body
    for name in ("Anna", "Kees", "gemist", "Bijdrage"):
        assert name not in message.body
    assert DigestSent.objects.count() == 1


def _send_this_week(world):
    sessions = weekly(world, 2)
    for session in sessions:
        register(world, session, anna=ABSENT)
    with at(sessions[-1].starts_at + DAY):
        return send_weekly_digest.call(week=timezone.localdate().isoformat())


def test_the_weekly_e_mail_has_the_unsubscribe_link_and_headers(world, client):
    from urllib.parse import urlsplit

    _send_this_week(world)
    (message,) = [m for m in mail.outbox if m.to == [world.sanne.email]]
    assert "List-Unsubscribe" in message.extra_headers
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    link = message.extra_headers["List-Unsubscribe"].strip("<>")
    assert link in message.body
    assert client.post(urlsplit(link).path).status_code == 200  # no log-in needed
    from notifications.selectors import settings_for

    assert settings_for(person=world.sanne).attention_digest is False


def test_a_coach_who_turned_it_off_gets_no_weekly_e_mail(world):
    from notifications.services import update_settings

    update_settings(
        person=world.sanne,
        chat="daily",
        quiet_minutes=60,
        chat_text=False,
        voting=True,
        notices=True,
        session_reminders=True,
        attention_digest=False,
    )
    assert _send_this_week(world) == 0
    assert not [m for m in mail.outbox if m.to == [world.sanne.email]]


def test_the_choice_is_on_the_coachs_e_mail_page_and_not_on_a_participants(client, world):
    from django.urls import reverse as url

    client.force_login(world.sanne)
    assert "aandacht nodig hebben" in client.get(url("notifications:settings")).text.lower()
    client.force_login(world.anna)
    page = client.get(url("notifications:settings")).text.lower()
    assert "aandacht nodig" not in page
