"""The chat socket refuses staff without a second factor, like the pages do."""

import pytest
from asgiref.sync import sync_to_async

from tests import factories
from tests.chat.conftest import (
    session_cookie,
    socket_for,
    worker_connections_closed,  # noqa: F401 (a fixture)
)

pytestmark = [
    pytest.mark.asyncio,
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("worker_connections_closed"),
]


async def _connect(world, user):
    cookie = await sync_to_async(session_cookie)(user)
    communicator = socket_for(world.cohort.pk, cookie)
    connected, _code = await communicator.connect()
    await communicator.disconnect()
    return connected


async def test_a_coach_without_a_second_factor_gets_no_socket(world):
    await sync_to_async(lambda: world.sanne.authenticator_set.all().delete())()
    assert not await _connect(world, world.sanne)


async def test_a_coach_with_a_second_factor_connects(world):
    assert await _connect(world, world.sanne)


async def test_participants_connect_without_one(world):
    assert await _connect(world, world.anna)


async def test_the_rule_can_be_off_in_the_embedded_mode(world, settings):
    settings.MFA_REQUIRED_FOR_STAFF = False
    coach = await sync_to_async(factories.make_person)("coach9@example.org")
    from groups import services

    await sync_to_async(services.assign_coach)(cohort=world.cohort, coach=coach, by=world.marloes)
    assert await _connect(world, coach)


def _idle_session(user, seconds_ago: float) -> str:
    """A real session whose last activity (the HTTP idle clock) was this long ago."""
    import time

    from django.test import Client

    from privacy.staff import IDLE_KEY

    client = Client()
    client.force_login(user)
    session = client.session
    session[IDLE_KEY] = time.time() - seconds_ago
    session.save()
    return session.session_key


def _session_exists(key: str) -> bool:
    from django.contrib.sessions.models import Session

    return Session.objects.filter(session_key=key).exists()


async def test_a_coach_idle_for_two_hours_gets_no_socket_and_is_logged_out(world):
    key = await sync_to_async(_idle_session)(world.sanne, 2 * 60 * 60)
    communicator = socket_for(world.cohort.pk, key)
    connected, _code = await communicator.connect()
    await communicator.disconnect()
    assert not connected
    assert not await sync_to_async(_session_exists)(key)


async def test_a_coach_active_a_minute_ago_connects(world):
    key = await sync_to_async(_idle_session)(world.sanne, 60)
    communicator = socket_for(world.cohort.pk, key)
    connected, _code = await communicator.connect()
    await communicator.disconnect()
    assert connected


async def test_a_participant_has_no_staff_idle_time_out_on_the_socket(world):
    key = await sync_to_async(_idle_session)(world.anna, 2 * 60 * 60)
    communicator = socket_for(world.cohort.pk, key)
    connected, _code = await communicator.connect()
    await communicator.disconnect()
    assert connected


async def test_a_frame_after_the_idle_limit_closes_the_socket_before_catch_up(world, settings):
    import time

    from privacy.staff import IDLE_KEY

    key = await sync_to_async(_idle_session)(world.sanne, 60)
    communicator = socket_for(world.cohort.pk, key)
    connected, _code = await communicator.connect()
    assert connected

    def age_session():  # the coach walked away: no request for longer than the limit
        from django.contrib.sessions.backends.db import SessionStore

        session = SessionStore(session_key=key)
        session[IDLE_KEY] = time.time() - settings.STAFF_SESSION_IDLE_SECONDS - 1
        session.save()

    await sync_to_async(age_session)()
    await communicator.send_json_to({"type": "sync", "after": 0})
    while True:
        output = await communicator.receive_output(timeout=3)
        assert '"sync"' not in output.get("text", ""), "catch-up was sent to an idle coach"
        if output["type"] == "websocket.close":
            break
    assert output["code"] == 4401
    assert not await sync_to_async(_session_exists)(key)
    await communicator.disconnect()


async def test_sending_counts_as_activity_for_the_idle_clock(world):
    import time

    from django.contrib.sessions.backends.db import SessionStore

    from privacy.staff import IDLE_KEY

    key = await sync_to_async(_idle_session)(world.sanne, 10 * 60)
    communicator = socket_for(world.cohort.pk, key)
    connected, _code = await communicator.connect()
    assert connected
    await communicator.send_json_to({"type": "send", "body": "Tot dinsdag", "client_id": "a"})
    while (await communicator.receive_json_from(timeout=3))["type"] != "sent":
        pass
    await communicator.disconnect()
    last_seen = await sync_to_async(lambda: SessionStore(session_key=key)[IDLE_KEY])()
    assert last_seen > time.time() - 60
