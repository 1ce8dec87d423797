"""The chat e-mail at frozen times: once per period, only what is new, never to former members,
no message text unless the person asked for it."""

import datetime
import zoneinfo

import pytest
import time_machine
from django.conf import settings
from django.utils import timezone

from chat import markers as chat_markers
from chat import services as chat_services
from groups import services as group_services
from notifications import services
from notifications.digests import run_digests
from notifications.models import DigestMarker
from notifications.tasks import send_chat_digests

ZONE = zoneinfo.ZoneInfo(settings.TIME_ZONE)
SECRET = "Mijn suiker was vanochtend 14"


def moment(days: int, hour: int, minute: int = 0) -> datetime.datetime:
    """A wall-clock time in the site's zone, `days` after today."""
    day = timezone.localdate() + datetime.timedelta(days=days)
    return datetime.datetime.combine(day, datetime.time(hour, minute), tzinfo=ZONE)


def choose(person, **changes):
    choices = {
        "chat": "daily",
        "quiet_minutes": 60,
        "chat_text": False,
        "voting": True,
        "notices": True,
        "session_reminders": True,
    }
    services.update_settings(person=person, **{**choices, **changes})


def post(world, author, body=SECRET):
    chat_services.post_message(cohort=world.cohort, author=author, body=body)


def to(mailoutbox, address):
    return [m for m in mailoutbox if m.to == [address]]


@pytest.fixture
def morning_messages(world):
    with time_machine.travel(moment(3, 9), tick=False):
        post(world, world.kees)
        post(world, world.sanne, "Tot donderdag!")
        post(world, world.kees, "Ik neem koffie mee.")


def test_the_daily_e_mail_waits_for_the_afternoon_then_goes_once(
    world, morning_messages, mailoutbox
):
    with time_machine.travel(moment(3, 12), tick=False):
        assert run_digests() == 0
    with time_machine.travel(moment(3, 17, 5), tick=False):
        assert send_chat_digests.call() >= 1
        assert run_digests() == 0  # the same period: nothing again
    mails = to(mailoutbox, "anna@example.org")
    assert len(mails) == 1
    assert "3 nieuwe berichten" in mails[0].subject
    assert "Kees, Sanne" in mails[0].body
    assert f"/groepen/{world.cohort.pk}/chat/" in mails[0].body
    with time_machine.travel(moment(4, 17, 5), tick=False):
        assert run_digests() == 0  # a new day, but nothing new was written
    assert len(to(mailoutbox, "anna@example.org")) == 1


def test_no_message_text_by_default_and_the_text_when_opted_in(
    world, morning_messages, mailoutbox
):
    choose(world.kees, chat_text=True)
    with time_machine.travel(moment(3, 18), tick=False):
        run_digests()
    (anna,) = to(mailoutbox, "anna@example.org")
    assert SECRET not in anna.body and "Tot donderdag" not in anna.body
    (kees,) = to(mailoutbox, "kees@example.org")
    assert "Sanne: Tot donderdag!" in kees.body
    assert SECRET not in kees.body  # his own messages are not news to him


def test_the_next_day_carries_only_what_is_new(world, morning_messages, mailoutbox):
    with time_machine.travel(moment(3, 18), tick=False):
        run_digests()
    with time_machine.travel(moment(4, 10), tick=False):
        post(world, world.sanne, "Nog een vraag")
    with time_machine.travel(moment(4, 18), tick=False):
        run_digests()
    _first, second = to(mailoutbox, "anna@example.org")
    assert "Een nieuw bericht" in second.subject
    assert "Sanne" in second.body and "Kees" not in second.body.split("Geschreven door:")[1]


def test_what_the_person_read_on_the_site_is_not_e_mailed(world, morning_messages, mailoutbox):
    room = chat_services.room_for(world.cohort)
    chat_markers.mark_read(cohort=world.cohort, person=world.anna, seq=room.last_seq)
    with time_machine.travel(moment(3, 18), tick=False):
        run_digests()
    assert to(mailoutbox, "anna@example.org") == []


def test_quiet_sends_once_the_group_has_been_quiet(world, morning_messages, mailoutbox):
    choose(world.anna, chat="quiet", quiet_minutes=30)
    with time_machine.travel(moment(3, 9, 20), tick=False):
        run_digests()
        assert to(mailoutbox, "anna@example.org") == []  # still talking
    with time_machine.travel(moment(3, 9, 31), tick=False):
        run_digests()
        run_digests()
    assert len(to(mailoutbox, "anna@example.org")) == 1


def test_never_means_never(world, morning_messages, mailoutbox):
    choose(world.anna, chat="never")
    with time_machine.travel(moment(3, 18), tick=False):
        run_digests()
    assert to(mailoutbox, "anna@example.org") == []
    assert to(mailoutbox, "kees@example.org") != []


def test_someone_who_left_the_group_gets_none(world, morning_messages, mailoutbox):
    group_services.leave_cohort(
        membership=world.cohort.memberships.get(person=world.anna),
        by=world.anna,
        reason="Verhuisd",
    )
    mailoutbox.clear()
    with time_machine.travel(moment(3, 18), tick=False):
        run_digests()
    assert to(mailoutbox, "anna@example.org") == []
    assert not DigestMarker.objects.filter(person=world.anna).exists()


def test_a_failed_e_mail_moves_no_marker_and_is_tried_again(
    world, morning_messages, mailoutbox, monkeypatch
):
    from notifications import digests

    def broken(**kwargs):
        raise ConnectionError("mail server down")

    monkeypatch.setattr(digests, "send_notification", broken)
    with time_machine.travel(moment(3, 18), tick=False), pytest.raises(ConnectionError):
        run_digests()
    assert DigestMarker.objects.filter(sent_at__isnull=False).count() == 0
    monkeypatch.undo()
    with time_machine.travel(moment(3, 18, 15), tick=False):
        run_digests()
    assert len(to(mailoutbox, "anna@example.org")) == 1


def test_the_command_sends_what_is_due(world, morning_messages, mailoutbox):
    from io import StringIO

    from django.core.management import call_command

    out = StringIO()
    with time_machine.travel(moment(3, 18), tick=False):
        call_command("send_chat_digests", stdout=out)
    assert "3 chat e-mail(s) sent." in out.getvalue()  # anna, kees and sanne


def test_thread_messages_count_after_their_own_read_marker(world, mailoutbox):
    """A message in a session's thread is news until that thread was read, even when the
    main chat was read after it; the e-mail says how many are in threads, and names the
    session only next to the text, for someone who asked for the text."""
    from sessions import services as session_services

    with time_machine.travel(moment(3, 9), tick=False):
        session = session_services.plan_session(
            cohort=world.cohort,
            by=world.sanne,
            title="Eten met plezier",
            starts_at=moment(5, 19),
            ends_at=moment(5, 21),
            place="Buurthuis De Ster",
        )
        chat_services.post_message(
            cohort=world.cohort, author=world.sanne, body="Neem uw vragen mee", session=session
        )
        post(world, world.sanne, "Tot donderdag!")
        last = chat_services.room_for(world.cohort).last_seq
        for person in (world.anna, world.kees):
            chat_markers.mark_read(cohort=world.cohort, person=person, seq=last)
    choose(world.kees, chat_text=True)
    with time_machine.travel(moment(3, 18), tick=False):
        run_digests()
    (anna,) = to(mailoutbox, "anna@example.org")
    assert "Er is een nieuw bericht" in anna.body
    assert "1 bericht staat in het gesprek over een bijeenkomst." in anna.body
    assert "Eten met plezier" not in anna.body and "Neem uw vragen" not in anna.body
    (kees,) = to(mailoutbox, "kees@example.org")
    assert "(in het gesprek over Eten met plezier) Sanne: Neem uw vragen mee" in kees.body
    assert "Tot donderdag" not in kees.body  # read on the site

    mailoutbox.clear()
    with time_machine.travel(moment(4, 9), tick=False):
        chat_services.post_message(
            cohort=world.cohort, author=world.sanne, body="Wie komt er?", session=session
        )
        chat_markers.mark_thread_read(
            session=session, person=world.anna, seq=chat_services.room_for(world.cohort).last_seq
        )
    with time_machine.travel(moment(4, 18), tick=False):
        run_digests()
    assert to(mailoutbox, "anna@example.org") == []  # she read the thread on the site
    assert len(to(mailoutbox, "kees@example.org")) == 1
