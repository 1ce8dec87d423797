"""The channel layer of the scale-out mode: channels_redis's pub/sub layer, with a
publishing lock per channel instead of one per process.

channels_redis sends every publish of a process through one lock, held for the whole Redis
round trip and until the event loop gets back to the waiting task; under load every room's
broadcast queued behind the other rooms' on that lock, one per turn of a busy event loop.
redis-py's connection pool is safe for concurrent commands, so the rooms now publish side
by side, each on a pooled connection, while the publishes to one channel (one room's
group) still go out one after the other in the order they were made, as before.
Subscribing keeps the shard's lock (it changes the one pub/sub connection), but the
subscriptions asked for while one is under way go out together, in one SUBSCRIBE (or
UNSUBSCRIBE) of many channels, in the order they were asked for: in a reconnect storm
each of hundreds of sockets subscribes its own channel (and so the room's group, which
is subscribed once per process), and one command per socket, each waiting for the lock,
was about a quarter of a restarted process's time (bench/README.md). The channel names,
serialiser and messages are channels_redis's own.
"""

import asyncio

from channels_redis.pubsub import (
    RedisPubSubChannelLayer,
    RedisPubSubLoopLayer,
    RedisSingleShardConnection,
)
from channels_redis.utils import _wrap_close, decode_hosts


class _Shard(RedisSingleShardConnection):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # channel -> [its lock, how many publishes hold or wait for it]
        self._publishing: dict[str, list] = {}
        # (subscribe or unsubscribe, channel, the asker's future), oldest first
        self._changes: list[tuple[str, str, asyncio.Future]] = []
        self._changing: asyncio.Future | None = None

    async def subscribe(self, channel):
        await self._change("subscribe", channel)

    async def unsubscribe(self, channel):
        await self._change("unsubscribe", channel)

    async def _change(self, kind: str, channel: str) -> None:
        done = asyncio.get_running_loop().create_future()
        self._changes.append((kind, channel, done))
        if self._changing is None or self._changing.done():
            self._changing = asyncio.ensure_future(self._make_changes())
        await done

    async def _make_changes(self) -> None:
        """The changes asked for, a run of the same kind at a time, in one command each."""
        async with self._lock:
            while self._changes:
                kind = self._changes[0][0]
                run = []
                while self._changes and self._changes[0][0] == kind:
                    run.append(self._changes.pop(0))
                subscribing = kind == "subscribe"
                channels = list(
                    dict.fromkeys(
                        channel
                        for _kind, channel, _done in run
                        if (channel in self._subscribed_to) is not subscribing
                    )
                )
                try:
                    if channels:
                        self._ensure_redis()
                        self._ensure_receiver()
                        await getattr(self._pubsub, kind)(*channels)
                        if subscribing:
                            self._subscribed_to.update(channels)
                        else:
                            self._subscribed_to.difference_update(channels)
                except Exception as error:
                    for _kind, _channel, done in run:
                        if not done.done():
                            done.set_exception(error)
                else:
                    for _kind, _channel, done in run:
                        if not done.done():
                            done.set_result(None)

    async def publish(self, channel, message):
        entry = self._publishing.setdefault(channel, [asyncio.Lock(), 0])
        entry[1] += 1
        try:
            async with entry[0]:
                self._ensure_redis()
                await self._redis.publish(channel, message)
        finally:
            entry[1] -= 1
            if not entry[1]:
                del self._publishing[channel]


class _LoopLayer(RedisPubSubLoopLayer):
    def __init__(self, hosts=None, *args, **kwargs):
        super().__init__(hosts, *args, **kwargs)
        self._shards = [_Shard(host, self) for host in decode_hosts(hosts)]


class ChatPubSubChannelLayer(RedisPubSubChannelLayer):
    def _get_layer(self):  # RedisPubSubChannelLayer's, with the loop layer above
        loop = asyncio.get_running_loop()
        try:
            return self._layers[loop]
        except KeyError:
            layer = _LoopLayer(*self._args, **self._kwargs, channel_layer=self)
            self._layers[loop] = layer
            _wrap_close(self, loop)
            return layer
