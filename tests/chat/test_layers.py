"""The scale-out channel layer (chat.layers) on a real Redis: subscriptions asked for at
the same time go out together, in the order asked, and every socket still gets its
messages.

Redis on 127.0.0.1 is always there in CI, in both runs (HC_CLUSTER_REDIS_URL points
elsewhere); each test uses a prefix of its own.
"""

import asyncio
import os
import uuid

import pytest
import pytest_asyncio

from chat.layers import ChatPubSubChannelLayer

pytestmark = pytest.mark.asyncio

REDIS = os.environ.get("HC_CLUSTER_REDIS_URL", "redis://127.0.0.1:6379/0")


@pytest_asyncio.fixture
async def layer():
    layer = ChatPubSubChannelLayer(hosts=[REDIS], prefix=f"test-{uuid.uuid4().hex[:8]}")
    yield layer
    await layer.flush()


def _commands(layer, kind: str) -> list[tuple[str, ...]]:
    """Counts the SUBSCRIBE or UNSUBSCRIBE commands the shard sends (a spy on the real
    pub/sub object, which still sends them)."""
    shard = layer._get_layer()._shards[0]
    shard._ensure_redis()
    sent: list[tuple[str, ...]] = []
    real = getattr(shard._pubsub, kind)

    async def spy(*channels):
        sent.append(channels)
        return await real(*channels)

    setattr(shard._pubsub, kind, spy)
    return sent


async def _receive(layer, channel: str) -> dict:
    return await asyncio.wait_for(layer.receive(channel), timeout=5)


async def test_many_sockets_subscribing_at_once_take_few_commands_and_all_hear(layer):
    subscribes = _commands(layer, "subscribe")
    channels = await asyncio.gather(*(layer.new_channel() for _ in range(60)))
    await asyncio.gather(*(layer.group_add("room-1", channel) for channel in channels))
    subscribed = [channel for command in subscribes for channel in command]
    assert sorted(subscribed) == sorted(
        [*channels, layer._get_layer()._get_group_channel_name("room-1")]
    )
    assert len(subscribes) < 10  # one per socket and one for the group: 61 before

    await layer.group_send("room-1", {"type": "chat.event", "n": 1})
    for channel in channels:
        assert (await _receive(layer, channel))["n"] == 1
    await layer.send(channels[7], {"type": "chat.removed"})
    assert (await _receive(layer, channels[7]))["type"] == "chat.removed"


async def test_leaving_and_joining_a_room_at_once_keeps_their_order(layer):
    first, second = await layer.new_channel(), await layer.new_channel()
    await layer.group_add("room-2", first)
    group = layer._get_layer()._get_group_channel_name("room-2")
    shard = layer._get_layer()._shards[0]
    # the room's last socket leaves (unsubscribe) while a new one joins (subscribe)
    await asyncio.gather(layer.group_discard("room-2", first), layer.group_add("room-2", second))
    assert group in shard._subscribed_to
    await layer.group_send("room-2", {"type": "chat.event", "n": 2})
    assert (await _receive(layer, second))["n"] == 2
    # and the other way round: the room is left empty
    await asyncio.gather(layer.group_add("room-2", first), layer.group_discard("room-2", second))
    await layer.group_discard("room-2", first)
    assert group not in shard._subscribed_to


async def test_a_failed_subscription_reaches_who_asked_and_the_next_one_works(layer):
    shard = layer._get_layer()._shards[0]
    shard._ensure_redis()
    real = shard._pubsub.subscribe
    calls = 0

    async def failing_once(*channels):
        nonlocal calls
        calls += 1
        if calls == 1:
            raise ConnectionError("Redis went away")
        return await real(*channels)

    shard._pubsub.subscribe = failing_once
    with pytest.raises(ConnectionError):
        await layer.new_channel()
    channel = await layer.new_channel()
    await layer.send(channel, {"type": "chat.event", "n": 3})
    assert (await _receive(layer, channel))["n"] == 3
