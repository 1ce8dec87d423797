"""The chat WebSocket in the full permission matrix (tests/privacy/test_full_matrix.py):
every person of the world and an anonymous visitor, on the world's cohort and on the other
cohort; exactly the group's members and coach get a socket, and write in a session's
thread over it (read_session_thread, write_session_thread)."""

import datetime

import pytest
from asgiref.sync import sync_to_async
from django.utils import timezone

from sessions import services as session_services
from tests.chat.conftest import (
    session_cookie,
    socket_for,
    worker_connections_closed,  # noqa: F401 (a fixture)
)
from tests.privacy.test_full_matrix import ANONYMOUS, GROUP, PEOPLE, ROLES

SOCKET_ROOMS = {
    "cohort": GROUP,
    "other_cohort": frozenset({"carla", "otto"}),
}


@pytest.mark.asyncio
@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("worker_connections_closed")
async def test_the_chat_socket_admits_exactly_the_group(world):
    carla = await sync_to_async(lambda: world.other_cohort.memberships.get(role="coach").person)()
    people = {name: (carla if name == "carla" else getattr(world, name)) for name in PEOPLE}
    cookies = {name: await sync_to_async(session_cookie)(people[name]) for name in PEOPLE}
    cookies[ANONYMOUS] = None
    mismatches = []
    for room, allowed in SOCKET_ROOMS.items():
        cohort_id = getattr(world, room).pk
        for name in ROLES:
            communicator = socket_for(cohort_id, cookies[name])
            connected, _code = await communicator.connect()
            await communicator.disconnect()
            if connected != (name in allowed):
                mismatches.append(f"{name} on {room}: connected={connected}")
    assert mismatches == []


# The frames of notices (notices/): a new notice reaches every connection to the room; a
# notice_read only the reader's own (who has read is not for the group).
NOTICE_FRAMES = {
    "notice": GROUP,
    "notice_read": frozenset({"anna"}),
}


@pytest.mark.asyncio
@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("worker_connections_closed")
async def test_the_notice_frames_reach_exactly_whom_the_table_says(world):
    from notices import services as notice_services

    carla = await sync_to_async(lambda: world.other_cohort.memberships.get(role="coach").person)()
    people = {name: (carla if name == "carla" else getattr(world, name)) for name in PEOPLE}
    sockets = {}
    for room, allowed in SOCKET_ROOMS.items():
        for name in sorted(allowed):
            cookie = await sync_to_async(session_cookie)(people[name])
            communicator = socket_for(getattr(world, room).pk, cookie)
            assert (await communicator.connect())[0]
            sockets[(room, name)] = communicator

    async def receivers(kind):
        got = set()
        for (_room, name), communicator in sockets.items():
            while not await communicator.receive_nothing(timeout=0.2):
                if (await communicator.receive_json_from())["type"] == kind:
                    got.add(name)
        return got

    notice = await sync_to_async(notice_services.post_notice)(
        cohort=world.cohort, by=world.kees, body="Neem water mee."
    )
    assert await receivers("notice") == NOTICE_FRAMES["notice"]
    await sync_to_async(notice_services.mark_notice_read)(notice=notice, person=world.anna)
    assert await receivers("notice_read") == NOTICE_FRAMES["notice_read"]
    for communicator in sockets.values():
        await communicator.disconnect()


async def _next(communicator, kind):
    while True:
        message = await communicator.receive_json_from(timeout=3)
        if message["type"] == kind:
            return message


@pytest.mark.asyncio
@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("worker_connections_closed")
async def test_the_thread_frames_work_for_exactly_the_group(world):
    def plan():
        starts = timezone.now().replace(microsecond=0) + datetime.timedelta(days=3)
        return session_services.plan_session(
            cohort=world.cohort,
            by=world.sanne,
            title="Bijeenkomst",
            starts_at=starts,
            ends_at=starts + datetime.timedelta(hours=2),
            place="Buurthuis De Ster",
        )

    session = await sync_to_async(plan)()
    mismatches = []
    for name in PEOPLE:
        person = getattr(world, name) if name != "carla" else None
        if person is None:
            person = await sync_to_async(
                lambda: world.other_cohort.memberships.get(role="coach").person
            )()
        communicator = socket_for(world.cohort.pk, await sync_to_async(session_cookie)(person))
        connected, _code = await communicator.connect()
        if connected:
            frame = {"type": "send", "body": "In de draad", "client_id": name}
            await communicator.send_json_to({**frame, "session": session.pk})
            reply = await _next(communicator, "sent")
            event = await _next(communicator, "message")
            if event["session"] != session.pk or reply["client_id"] != name:
                mismatches.append(f"{name}: {reply} {event}")
        await communicator.disconnect()
        if connected != (name in GROUP):
            mismatches.append(f"{name}: connected={connected}")
    assert mismatches == []
