"""Notices over the chat socket (the real ASGI router): live, and caught up on sync."""

import pytest
from asgiref.sync import sync_to_async

from notices import services
from tests.chat.conftest import (
    session_cookie,
    socket_for,
    worker_connections_closed,  # noqa: F401 (a fixture)
)
from tests.chat.test_consumers import receive

pytestmark = [
    pytest.mark.asyncio,
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("worker_connections_closed"),
]


async def nothing_of(communicator, kind, timeout=0.3) -> bool:
    """True if no frame of this kind arrives within the timeout (a timeout of
    receive_json_from would cancel the consumer; receive_nothing does not)."""
    while not await communicator.receive_nothing(timeout=timeout):
        if (await communicator.receive_json_from())["type"] == kind:
            return False
    return True


async def connect(world, name, cohort=None):
    user = getattr(world, name)
    cookie = await sync_to_async(session_cookie)(user)
    communicator = socket_for((cohort or world.cohort).pk, cookie)
    connected, _code = await communicator.connect()
    assert connected
    return communicator


async def post(world, author, body="De bijeenkomst is in de grote zaal."):
    return await sync_to_async(services.post_notice)(cohort=world.cohort, by=author, body=body)


async def test_a_new_notice_reaches_the_group_live_and_no_other_room(world):
    anna, kees, otto = (
        await connect(world, "anna"),
        await connect(world, "kees"),
        await connect(world, "otto", cohort=world.other_cohort),
    )
    notice = await post(world, world.sanne)
    for communicator in (anna, kees):
        frame = await receive(communicator, "notice")
        assert frame["id"] == notice.pk and frame["author"] == "Sanne"
        assert frame["body"] == "De bijeenkomst is in de grote zaal." and not frame["withdrawn"]
        assert frame["read_url"] == f"/groepen/{world.cohort.pk}/mededelingen/{notice.pk}/gelezen/"
    assert await nothing_of(otto, "notice")
    for communicator in (anna, kees, otto):
        await communicator.disconnect()


async def test_notice_read_goes_to_the_readers_own_connections_only(world):
    anna_phone, anna_laptop = await connect(world, "anna"), await connect(world, "anna")
    kees, sanne = await connect(world, "kees"), await connect(world, "sanne")
    notice = await post(world, world.sanne)
    await sync_to_async(services.mark_notice_read)(notice=notice, person=world.anna)
    for communicator in (anna_phone, anna_laptop):
        assert await receive(communicator, "notice_read") == {
            "type": "notice_read",
            "id": notice.pk,
        }
    assert await nothing_of(kees, "notice_read")
    assert await nothing_of(sanne, "notice_read")  # the coach sees reads on the page only
    for communicator in (anna_phone, anna_laptop, kees, sanne):
        await communicator.disconnect()


async def test_a_withdrawn_notice_is_taken_down_live_without_its_text(world):
    anna = await connect(world, "anna")
    notice = await post(world, world.kees)
    await receive(anna, "notice")
    await sync_to_async(services.withdraw_notice)(notice=notice, by=world.sanne)
    frame = await receive(anna, "notice")
    assert (frame["id"], frame["withdrawn"], frame["body"]) == (notice.pk, True, "")
    await anna.disconnect()


async def test_sync_after_a_reconnect_carries_the_members_open_notices(world):
    anna = await connect(world, "anna")
    await anna.send_json_to({"type": "sync", "after": 0})
    assert (await receive(anna, "sync"))["notices"] == []
    await anna.disconnect()

    first = await post(world, world.sanne, "Eerste")  # while anna is away
    second = await post(world, world.kees, "Tweede")
    anna = await connect(world, "anna")
    await anna.send_json_to({"type": "sync", "after": 0})
    sync = await receive(anna, "sync")
    assert [(n["id"], n["body"]) for n in sync["notices"]] == [
        (first.pk, "Eerste"),
        (second.pk, "Tweede"),
    ]
    await sync_to_async(services.mark_notice_read)(notice=first, person=world.anna)
    await anna.disconnect()

    anna = await connect(world, "anna")
    await anna.send_json_to({"type": "sync", "after": 0})
    assert [n["id"] for n in (await receive(anna, "sync"))["notices"]] == [second.pk]
    await anna.disconnect()
    # The author has nothing pinned: his own notice is not open for him.
    kees = await connect(world, "kees")
    await kees.send_json_to({"type": "sync", "after": 0})
    assert [n["id"] for n in (await receive(kees, "sync"))["notices"]] == [first.pk]
    await kees.disconnect()
