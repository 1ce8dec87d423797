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
