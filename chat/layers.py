"""The channel layer of the scale-out mode: channels_redis's pub/sub layer, with a
publishing lock per channel instead of one per process.

channels_redis sends every publish of a process through one lock, held for the whole Redis
round trip and until the event loop gets back to the waiting task; under load every room's
broadcast queued behind the other rooms' on that lock, one per turn of a busy event loop.
redis-py's connection pool is safe for concurrent commands, so the rooms now publish side
by side, each on a pooled connection, while the publishes to one channel (one room's
group) still go out one after the other in the order they were made, as before.
Subscribing keeps the shard's lock (it changes the one pub/sub connection). The channel
names, serialiser and messages are channels_redis's own.
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
