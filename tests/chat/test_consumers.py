"""The chat socket on the real ASGI router (origin check, session auth, URL routing)."""

import pytest
from asgiref.sync import sync_to_async

from chat import services
from chat.models import ChatMessage
from groups import services as group_services

from .conftest import session_cookie, socket_for

pytestmark = [
    pytest.mark.asyncio,
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("worker_connections_closed"),
]


async def receive(communicator, kind, timeout=3):
    """The next message of this kind, skipping others (presence comes and goes)."""
    while True:
        message = await communicator.receive_json_from(timeout=timeout)
        if message["type"] == kind:
            return message


async def connect(world, name, cohort=None):
    user = getattr(world, name)
    cookie = await sync_to_async(session_cookie)(user)
    communicator = socket_for((cohort or world.cohort).pk, cookie)
    connected, code = await communicator.connect()
    return communicator, connected, code


@pytest.mark.parametrize("name", ["anna", "kees", "sanne"])
async def test_members_may_connect(world, name):
    communicator, connected, _code = await connect(world, name)
    assert connected
    await communicator.disconnect()


# nurse, funder, invitee, another cohort's participant, outsider, manager
@pytest.mark.parametrize("name", ["petra", "frank", "ivo", "otto", "olga", "marloes"])
async def test_others_are_refused_at_connect(world, name):
    communicator, connected, code = await connect(world, name)
    assert not connected
    assert code == 4403
    await communicator.disconnect()


async def test_coach_of_another_cohort_is_refused(world):
    carla = await sync_to_async(lambda: world.other_cohort.memberships.get(role="coach").person)()
    cookie = await sync_to_async(session_cookie)(carla)
    communicator = socket_for(world.cohort.pk, cookie)
    connected, code = await communicator.connect()
    assert (connected, code) == (False, 4403)
    await communicator.disconnect()


async def test_anonymous_visitor_and_unknown_room_are_refused(world):
    communicator = socket_for(world.cohort.pk)
    connected, _code = await communicator.connect()
    assert not connected
    await communicator.disconnect()
    communicator, connected, _code = await connect(world, "anna", cohort=world.other_cohort)
    assert not connected
    await communicator.disconnect()


async def test_foreign_origin_is_refused_even_for_a_member(world):
    cookie = await sync_to_async(session_cookie)(world.anna)
    communicator = socket_for(
        world.cohort.pk, cookie, origin=(b"origin", b"https://evil.example.com")
    )
    connected, _code = await communicator.connect()
    assert not connected
    await communicator.disconnect()


async def test_message_reaches_every_member_and_is_stored_first(world):
    anna, *_ = await connect(world, "anna")
    kees, *_ = await connect(world, "kees")
    await anna.send_json_to({"type": "send", "body": "Hallo <b>Kees</b>", "client_id": "c1"})
    ack = await receive(anna, "sent")
    assert ack == {"type": "sent", "client_id": "c1", "seq": 1}
    for communicator in (anna, kees):
        message = await receive(communicator, "message")
        assert message["seq"] == 1 and message["author"] == "Anna"
        assert message["body"] == "Hallo <b>Kees</b>"  # the page escapes it, see chat.js
    assert await sync_to_async(ChatMessage.objects.filter(seq=1).exists)()
    await anna.disconnect()
    await kees.disconnect()


async def test_reconnecting_client_catches_up_on_what_it_missed(world):
    anna, *_ = await connect(world, "anna")
    await anna.send_json_to({"type": "send", "body": "Een", "client_id": "a"})
    await receive(anna, "sent")
    await anna.disconnect()

    kees, *_ = await connect(world, "kees")
    for body in ("Twee", "Drie"):
        await kees.send_json_to({"type": "send", "body": body, "client_id": body})
        await receive(kees, "sent")
    first = await sync_to_async(ChatMessage.objects.get)(seq=1)
    await sync_to_async(services.edit_message)(message=first, by=world.anna, body="Eén")
    await kees.disconnect()

    anna, *_ = await connect(world, "anna")
    await anna.send_json_to({"type": "sync", "after": 1})
    sync = await receive(anna, "sync")
    assert [(e["seq"], e["changed_seq"], e["body"]) for e in sync["events"]] == [
        (2, 2, "Twee"),
        (3, 3, "Drie"),
        (1, 4, "Eén"),
    ]
    assert sync["events"][2]["edited"] is True
    await anna.send_json_to({"type": "history", "before": 3})
    history = await receive(anna, "history")
    assert [e["seq"] for e in history["events"]] == [1, 2]
    await anna.disconnect()


async def test_member_who_leaves_is_disconnected_and_receives_nothing_more(world):
    anna, *_ = await connect(world, "anna")
    kees, *_ = await connect(world, "kees")

    def leave():  # groups.services disconnects her once this commits
        membership = world.cohort.memberships.get(person=world.anna)
        group_services.leave_cohort(
            membership=membership, by=world.anna, reason="Verhuisd", category="moved"
        )

    await sync_to_async(leave)()
    assert (await receive(anna, "removed")) == {"type": "removed"}
    closed = await anna.receive_output(timeout=3)
    assert closed == {"type": "websocket.close", "code": 4403}

    await kees.send_json_to({"type": "send", "body": "Jammer dat Anna weg is", "client_id": "k"})
    await receive(kees, "message")
    assert await anna.receive_nothing(timeout=0.3)
    # And she cannot come back in.
    again, connected, _code = await connect(world, "anna")
    assert not connected
    await again.disconnect()
    await kees.disconnect()


async def test_coach_who_is_taken_off_the_cohort_is_disconnected(world):
    sanne, *_ = await connect(world, "sanne")
    anna, *_ = await connect(world, "anna")

    def remove():
        membership = world.cohort.memberships.get(person=world.sanne)
        group_services.remove_coach(membership=membership, by=world.marloes, reason="Ander werk")

    await sync_to_async(remove)()
    assert (await receive(sanne, "removed")) == {"type": "removed"}
    assert (await sanne.receive_output(timeout=3)) == {"type": "websocket.close", "code": 4403}
    await anna.send_json_to({"type": "send", "body": "Dag Sanne", "client_id": "a"})
    await receive(anna, "message")
    assert await sanne.receive_nothing(timeout=0.3)
    await anna.disconnect()


async def test_removed_member_cannot_send_even_if_the_disconnect_is_lost(world, monkeypatch):
    # As if the channel layer had lost the "removed" event: the socket checks anyway.
    monkeypatch.setattr(services, "disconnect_member", lambda **kwargs: None)
    anna, *_ = await connect(world, "anna")

    def end():
        membership = world.cohort.memberships.get(person=world.anna)
        group_services.end_membership(
            membership=membership, by=world.sanne, reason="Afgesproken", category="other"
        )

    await sync_to_async(end)()
    await anna.send_json_to({"type": "send", "body": "Nog even dit", "client_id": "x"})
    assert (await receive(anna, "removed")) == {"type": "removed"}
    assert not await sync_to_async(ChatMessage.objects.exists)()
    await anna.disconnect()


async def test_rate_limit_and_length_limit_answer_with_a_clear_message(world, monkeypatch):
    monkeypatch.setattr(services, "_now", lambda: 3_000_000.0)
    anna, *_ = await connect(world, "anna")
    await anna.send_json_to({"type": "send", "body": "x" * 2001, "client_id": "long"})
    error = await receive(anna, "error")
    assert error["client_id"] == "long" and "hoogstens 2000 tekens" in error["message"]
    for number in range(10):
        await anna.send_json_to({"type": "send", "body": f"B{number}", "client_id": str(number)})
        await receive(anna, "sent")
    await anna.send_json_to({"type": "send", "body": "Te veel", "client_id": "eleven"})
    error = await receive(anna, "error")
    assert error["client_id"] == "eleven"
    assert "U stuurt veel berichten kort na elkaar" in error["message"]
    assert await sync_to_async(ChatMessage.objects.count)() == 10
    await anna.disconnect()


async def test_presence_shows_who_is_online(world):
    kees, *_ = await connect(world, "kees")
    assert (await receive(kees, "presence"))["online"] == [world.kees.pk]
    anna, *_ = await connect(world, "anna")
    online = (await receive(kees, "presence"))["online"]
    assert sorted(online) == sorted([world.anna.pk, world.kees.pk])
    await anna.disconnect()
    assert (await receive(kees, "presence"))["online"] == [world.kees.pk]
    await kees.disconnect()


async def test_a_join_while_the_rooms_announcement_is_claimed_rides_on_that_one(world):
    """Joins and leaves share one announcement per room, also across processes: the claim
    lives in the shared cache, so a join while another process holds it adds no frame of
    its own, and the holder's frame, read after the join, includes it."""
    from channels.layers import get_channel_layer

    from chat import presence, selectors
    from chat.models import room_group_name

    kees, *_ = await connect(world, "kees")
    assert (await receive(kees, "presence"))["online"] == [world.kees.pk]
    cohort_id = world.cohort.pk
    assert await sync_to_async(presence.claim_announcement)(cohort_id=cohort_id)  # "elsewhere"
    anna, *_ = await connect(world, "anna")
    members = await sync_to_async(selectors.chat_member_ids)(cohort_id=cohort_id)
    await presence.announce(
        cohort_id=cohort_id,
        member_ids=members,
        channel_layer=get_channel_layer(),
        group=room_group_name(cohort_id),
    )
    online = (await receive(kees, "presence"))["online"]
    assert sorted(online) == sorted([world.anna.pk, world.kees.pk])
    assert await kees.receive_nothing(timeout=presence.ANNOUNCE_SECONDS * 3)
    await anna.disconnect()  # the claim was let go: the leave is told by its own frame
    assert (await receive(kees, "presence"))["online"] == [world.kees.pk]
    await kees.disconnect()


async def test_read_marker_moves_with_the_socket(world):
    def post_two():
        for body in ("Een", "Twee"):
            services.post_message(cohort=world.cohort, author=world.kees, body=body)

    await sync_to_async(post_two)()
    anna, *_ = await connect(world, "anna")
    await anna.send_json_to({"type": "read", "seq": 1})
    await anna.send_json_to({"type": "sync", "after": 2})
    await receive(anna, "sync")  # the read above has been handled by now

    from chat.unread import unread_count

    assert await sync_to_async(unread_count)(cohort=world.cohort, person=world.anna) == 1
    await anna.disconnect()
