"""A person's own choice of e-mails: the page, the defaults, the reminders that follow it."""

import re

import pytest
from django.urls import reverse

from access.policy import Action, may
from notifications import selectors, services
from notifications.models import ChatMail, NotificationSettings
from sessions import services as session_services

URL = reverse("notifications:settings")
CHOICES = {
    "chat": "quiet",
    "quiet_minutes": "120",
    "chat_text": "",
    "voting": "on",
    "notices": "",
    "session_reminders": "on",
}


def test_a_person_without_a_row_has_the_defaults(world):
    current = selectors.settings_for(person=world.anna)
    assert current.pk is None
    assert current.chat == ChatMail.DAILY and current.quiet_minutes == 60
    assert not current.chat_text
    assert current.voting and current.notices and current.session_reminders


def test_the_page_shows_the_choices_in_dutch(client, world):
    client.force_login(world.anna)
    response = client.get(URL)
    assert response.status_code == 200
    assert '<html lang="nl">' in response.text
    assert "Welke e-mails wilt u krijgen?" in response.text
    assert "Eén keer per dag een kort overzicht" in response.text
    assert ">Nooit</label>" in response.text  # not another app's "Nog nooit"
    checked = re.findall(
        r'<input type="radio" name="chat" value="(\w+)"[^>]* checked', response.text
    )
    assert checked == ["daily"]


def test_saving_stores_the_choices_for_that_person_only(client, world):
    client.force_login(world.anna)
    response = client.post(URL, CHOICES)
    assert response.status_code == 302 and response.url == URL
    row = NotificationSettings.objects.get(person=world.anna)
    assert (row.chat, row.quiet_minutes, row.chat_text) == ("quiet", 120, False)
    assert (row.voting, row.notices, row.session_reminders) == (True, False, True)
    assert not NotificationSettings.objects.exclude(person=world.anna).exists()
    assert "Uw keuzes zijn opgeslagen." in client.get(URL).text


def test_a_second_save_changes_the_same_row(client, world):
    client.force_login(world.anna)
    client.post(URL, CHOICES)
    client.post(URL, {**CHOICES, "chat": "never"})
    assert NotificationSettings.objects.get(person=world.anna).chat == "never"
    assert NotificationSettings.objects.count() == 1


@pytest.mark.parametrize(
    "bad", [{"chat": "hourly"}, {"quiet_minutes": "7"}, {"chat": ""}], ids=str
)
def test_a_bad_choice_gets_a_dutch_error_and_changes_nothing(client, world, bad):
    client.force_login(world.anna)
    response = client.post(URL, {**CHOICES, **bad})
    assert response.status_code == 200
    assert "Er klopt nog iets niet" in response.text
    assert not NotificationSettings.objects.exists()


def test_anonymous_is_sent_to_log_in(client, world):
    response = client.get(URL)
    assert response.status_code == 302 and response.url.startswith(reverse("account_login"))


def test_a_wrong_method_gets_405(client, world):
    client.force_login(world.anna)
    assert client.put(URL).status_code == 405


def test_the_policy_gives_settings_to_their_own_person_only(world):
    assert may(world.anna, Action.EDIT_NOTIFICATION_SETTINGS, world.anna)
    assert not may(world.sanne, Action.EDIT_NOTIFICATION_SETTINGS, world.anna)
    assert not may(world.kees, Action.EDIT_NOTIFICATION_SETTINGS, world.anna)


def test_the_overview_links_to_the_page(client, world):
    client.force_login(world.anna)
    assert URL in client.get(reverse("dashboard")).text


def _turn_off_reminders(person):
    services.update_settings(
        person=person,
        chat="daily",
        quiet_minutes=60,
        chat_text=False,
        voting=True,
        notices=True,
        session_reminders=False,
    )


def test_reminders_skip_who_turned_them_off_and_reach_the_rest(world, plan, mailoutbox):
    plan(days=1)
    _turn_off_reminders(world.anna)
    assert session_services.enqueue_due_reminders() == 2
    assert sorted(m.to[0] for m in mailoutbox) == ["kees@example.org", "sanne@example.org"]


def test_a_reminder_queued_before_turning_them_off_is_not_sent(world, plan, mailoutbox):
    from sessions.tasks import send_session_reminder

    session = plan(days=1)
    _turn_off_reminders(world.anna)
    send_session_reminder.call(
        session_id=session.pk, person_id=world.anna.pk, starts_at=session.starts_at.isoformat()
    )
    assert mailoutbox == []


def test_a_moved_session_still_tells_who_turned_reminders_off(
    world,
    plan,
    mailoutbox,
    django_capture_on_commit_callbacks,
):
    session = plan(days=5)
    _turn_off_reminders(world.anna)
    with django_capture_on_commit_callbacks(execute=True):
        session_services.update_session(
            session=session,
            by=world.sanne,
            starts_at=session.starts_at.replace(hour=10),
            ends_at=session.starts_at.replace(hour=12),
        )
    assert "anna@example.org" in [m.to[0] for m in mailoutbox]
