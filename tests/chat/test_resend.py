"""A send repeated with the same client_id (its reply was lost) is stored once."""

import pytest
from asgiref.sync import sync_to_async
from django.core.exceptions import ValidationError

from chat import services
from chat.models import ChatMessage

from .conftest import session_cookie, socket_for

pytestmark = [pytest.mark.django_db(transaction=True)]


async def receive(communicator, kind, timeout=3):
    while True:
        message = await communicator.receive_json_from(timeout=timeout)
        if message["type"] == kind:
            return message


@pytest.mark.asyncio
@pytest.mark.usefixtures("worker_connections_closed")
async def test_a_repeated_send_gets_the_stored_number_and_the_room_gets_it_again(world):
    cookie = await sync_to_async(session_cookie)(world.anna)
    anna = socket_for(world.cohort.pk, cookie)
    assert (await anna.connect())[0]
    frame = {"type": "send", "body": "Eén keer", "client_id": "k1"}
    await anna.send_json_to(frame)
    first = await receive(anna, "sent")
    assert (await receive(anna, "message"))["seq"] == first["seq"]
    await anna.send_json_to(frame)  # as after a reconnect, the reply not having arrived
    again = await receive(anna, "sent")
    assert again == first
    # Broadcast once more: the process that stored it may have died before doing so.
    assert (await receive(anna, "message"))["seq"] == first["seq"]
    await anna.send_json_to({"type": "send", "body": "Eén keer", "client_id": "k2"})
    assert (await receive(anna, "sent"))["seq"] == first["seq"] + 1
    bodies = await sync_to_async(list)(ChatMessage.objects.values_list("client_id", "seq"))
    assert sorted(bodies) == [("k1", 1), ("k2", 2)]
    await anna.disconnect()


def test_the_same_client_id_of_another_member_or_room_is_another_message(world):
    mine = services.post_message(cohort=world.cohort, author=world.anna, body="A", client_id="c1")
    theirs = services.post_message(
        cohort=world.cohort, author=world.kees, body="B", client_id="c1"
    )
    elsewhere = services.post_message(
        cohort=world.other_cohort, author=world.otto, body="C", client_id="c1"
    )
    assert len({mine.pk, theirs.pk, elsewhere.pk}) == 3
    assert (
        services.post_message(cohort=world.cohort, author=world.anna, body="A", client_id="c1").pk
        == mine.pk
    )
    # Messages without a client_id (the page's form) are never taken for a repeat.
    plain = [services.post_message(cohort=world.cohort, author=world.anna, body="D") for _ in "ab"]
    assert plain[0].pk != plain[1].pk
    assert ChatMessage.objects.count() == 5


def test_a_repeat_within_the_rate_limit_is_answered_not_refused(world, monkeypatch):
    monkeypatch.setattr(services, "_now", lambda: 3_000_000.0)
    sent = [
        services.post_message(
            cohort=world.cohort, author=world.anna, body=f"B{n}", client_id=f"{n}"
        )
        for n in range(services.RATE_LIMIT)
    ]
    repeat = services.post_message(
        cohort=world.cohort, author=world.anna, body="B9", client_id="9"
    )
    assert repeat.pk == sent[-1].pk
    with pytest.raises(ValidationError):
        services.post_message(cohort=world.cohort, author=world.anna, body="Nieuw", client_id="x")
