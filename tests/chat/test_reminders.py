"""'Mark as unread' and 'remind me' on a chat message: each person's own, without
JavaScript (plain POST forms), and the reminder on the overview from its moment on."""

import datetime
import zoneinfo

import pytest
import time_machine
from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from chat import reminders, selectors, unread
from chat.models import ChatReminder
from sessions import services as session_services
from tests.view_matrix import view_matrix

ZONE = zoneinfo.ZoneInfo(settings.TIME_ZONE)


TODAY = timezone.localdate()  # read once, before any test travels in time


def at(days: int, hour: int, minute: int = 0) -> datetime.datetime:
    """A wall-clock time in the site's zone, `days` after today."""
    day = TODAY + datetime.timedelta(days=days)
    return datetime.datetime.combine(day, datetime.time(hour, minute), tzinfo=ZONE)


def url(name, *args):
    return reverse(f"chat:{name}", args=args)


@pytest.fixture
def three(world, post):
    return [post(world.kees, body) for body in ("Een", "Twee", "Drie")]


# (url builder, allowed person, member without the right, outsider, method not allowed)
VIEWS = {
    "message_remind": (
        lambda w, m: url("message_remind", w.cohort.pk, m[1].seq),
        "anna",
        "petra",
        "otto",
        "put",
    ),
}
(
    test_view_works_for_the_allowed_person,
    test_view_sends_anonymous_visitor_to_log_in,
    test_view_gives_403_to_member_without_the_right,
    test_view_gives_404_to_outsider,
    test_view_refuses_wrong_method,
) = view_matrix(VIEWS, extra=["three"])


def test_mark_as_unread_brings_the_count_back_until_the_chat_is_opened(client, world, three):
    client.force_login(world.anna)
    room = url("room", world.cohort.pk)
    client.get(room)
    assert unread.unread_count(cohort=world.cohort, person=world.anna) == 0

    response = client.post(url("message_unread", world.cohort.pk, three[1].seq))
    assert response.status_code == 302
    assert response.url == f"{room}?bewaren=1#bericht-{three[1].seq}"
    assert unread.main_unread_count(cohort=world.cohort, person=world.anna) == 2
    page = client.get(response.url).text  # the page it lands on does not read again
    assert "Dit bericht is weer ongelezen." in page
    assert unread.main_unread_count(cohort=world.cohort, person=world.anna) == 2
    overview = client.get(reverse("dashboard")).text
    assert "2 nieuwe berichten" in overview
    client.get(room)
    assert unread.main_unread_count(cohort=world.cohort, person=world.anna) == 0


def test_mark_as_unread_in_a_thread_moves_only_that_threads_marker(client, world, post):
    starts = timezone.now().replace(microsecond=0) + datetime.timedelta(days=2)
    session = session_services.plan_session(
        cohort=world.cohort,
        by=world.sanne,
        title="Eten met plezier",
        starts_at=starts,
        ends_at=starts + datetime.timedelta(hours=2),
        place="Buurthuis De Ster",
    )
    from chat import services

    question = services.post_message(
        cohort=world.cohort, author=world.kees, body="Vraag", session=session
    )
    post(world.kees, "In de groep")
    client.force_login(world.anna)
    client.get(url("thread", session.pk))
    client.get(url("room", world.cohort.pk))
    response = client.post(url("message_unread", world.cohort.pk, question.seq))
    assert response.url.startswith(url("thread", session.pk) + "?bewaren=1")
    assert unread.thread_unread_count(session=session, person=world.anna) == 1
    assert unread.main_unread_count(cohort=world.cohort, person=world.anna) == 0


def test_mark_as_unread_is_post_only_and_for_members(client, world, three):
    target = url("message_unread", world.cohort.pk, three[0].seq)
    client.force_login(world.anna)
    assert client.get(target).status_code == 405
    client.force_login(world.otto)
    assert client.post(target).status_code == 404
    client.force_login(world.petra)
    assert client.post(target).status_code == 403


def test_a_reminder_appears_on_the_overview_at_its_time_until_dismissed(client, world, three):
    client.force_login(world.anna)
    with time_machine.travel(at(1, 15), tick=False):
        page = client.get(url("message_remind", world.cohort.pk, three[1].seq)).text
        assert "Vanavond (19.00 uur)" in page and "Morgenochtend (9.00 uur)" in page
        response = client.post(
            url("message_remind", world.cohort.pk, three[1].seq), {"when": "tomorrow"}
        )
        assert response.status_code == 302
        reminder = ChatReminder.objects.get()
        assert reminder.remind_at == at(2, 9)
        assert "Herinneringen" not in client.get(reverse("dashboard")).text
    with time_machine.travel(at(2, 8, 59), tick=False):
        assert "Herinneringen" not in client.get(reverse("dashboard")).text
    with time_machine.travel(at(2, 9, 1), tick=False):
        overview = client.get(reverse("dashboard")).text
        assert "Herinneringen" in overview and "Een bericht van Kees" in overview
        assert f"#bericht-{three[1].seq}" in overview and "Twee" in overview

        client.force_login(world.kees)  # someone else's reminder does not exist for him
        assert client.post(url("reminder_dismiss", reminder.pk)).status_code == 404
        client.force_login(world.anna)
        assert client.post(url("reminder_dismiss", reminder.pk)).status_code == 302
        assert "Herinneringen" not in client.get(reverse("dashboard")).text
    with time_machine.travel(at(9, 9), tick=False):
        assert "Herinneringen" not in client.get(reverse("dashboard")).text


def test_tonight_is_offered_only_before_six_and_a_chosen_day_works(client, world, three):
    client.force_login(world.anna)
    target = url("message_remind", world.cohort.pk, three[0].seq)
    with time_machine.travel(at(1, 18, 30), tick=False):
        assert "Vanavond" not in client.get(target).text
        response = client.post(target, {"when": "other", "day": "", "time": "10:00"})
        assert "Vul de dag in." in response.text
        past = TODAY.isoformat()
        response = client.post(target, {"when": "other", "day": past, "time": "10:00"})
        assert "Kies een moment dat nog moet komen." in response.text
        day = (TODAY + datetime.timedelta(days=4)).isoformat()
        client.post(target, {"when": "other", "day": day, "time": "20:15"})
        assert ChatReminder.objects.get().remind_at == at(4, 20, 15)
        client.post(target, {"when": "week"})  # a new choice moves the one reminder
        assert ChatReminder.objects.get().remind_at == at(8, 9)


def test_a_former_member_no_longer_sees_the_reminder(world, three):
    from groups import services as group_services

    with time_machine.travel(at(1, 10), tick=False):
        reminders.set_reminder(message=three[0], person=world.anna, remind_at=at(1, 19))
    with time_machine.travel(at(1, 20), tick=False):
        assert len(selectors.due_reminders(person=world.anna)) == 1
        group_services.leave_cohort(
            membership=world.cohort.memberships.get(person=world.anna),
            by=world.anna,
            reason="Verhuisd",
            category="moved",
        )
        assert selectors.due_reminders(person=world.anna) == []
