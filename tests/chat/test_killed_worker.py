"""A killed worker: two real Uvicorn processes on PostgreSQL and Redis, real WebSocket
clients in a few rooms sending messages; one process gets SIGKILL mid-load and stays down.
Its clients move to the other process and catch up with ``sync``; a send whose reply was
lost is sent again with the same client_id. Asserts delivery, not time: 0 lost, 0 stored
twice, every member has every message, and each sender's messages in the order sent.

It brings its own PostgreSQL database and Redis prefix (bench/cluster.py), so it runs the
same in the embedded run of the suite (SQLite, no REDIS_URL) as in the scale-out run:
PostgreSQL and Redis on 127.0.0.1 are always there in CI (HC_CLUSTER_DATABASE_URL and
HC_CLUSTER_REDIS_URL point elsewhere).
"""

import asyncio
import os
import uuid

import pytest

from bench.cluster import Cluster, Member, stored_messages

ROOMS = 3
MEMBERS = 6
MESSAGES = 8  # per member
PAUSE = 1.5  # seconds between one member's messages (the rate limit allows 10 in 10 s)
KILL_AFTER = 4.0  # seconds into the load

pytestmark = [pytest.mark.multiprocess]


def cluster() -> Cluster:
    run = uuid.uuid4().hex[:8]
    admin = os.environ.get("HC_CLUSTER_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/")
    return Cluster(
        database_url=f"{admin.rstrip('/')}/hc_killed_worker_{run}",
        redis_url=os.environ.get("HC_CLUSTER_REDIS_URL", "redis://127.0.0.1:6379/0"),
        prefix=f"hc_killed_{run}",
    )


async def load(servers: Cluster, rooms) -> list[Member]:
    a, b = servers.ports
    members = [
        Member(room_id, index, cookie, [a, b] if index % 2 == 0 else [b, a])
        for room_id, cookies in rooms
        for index, cookie in enumerate(cookies)
    ]
    stop = asyncio.Event()
    runs = [asyncio.create_task(member.run(stop)) for member in members]
    await asyncio.wait_for(asyncio.gather(*(m.connected.wait() for m in members)), 30)
    assert {member.port for member in members} == {a, b}

    async def series(member: Member):
        await asyncio.sleep(member.index * PAUSE / MEMBERS)  # spread over the pause
        for number in range(MESSAGES):
            await member.send(
                f"m{member.index}-{number}", f"r{member.room_id} m{member.index} #{number}"
            )
            await asyncio.sleep(PAUSE)

    async def kill_first():
        await asyncio.sleep(KILL_AFTER)
        servers.kill(0)

    await asyncio.gather(kill_first(), *(series(member) for member in members))
    # As if the reply to a send through the killed process had been lost: sent again with
    # its client_id (through the other process now), it gets the stored number back.
    for member in members:
        if member.ports[0] == a:
            first = f"m{member.index}-0"
            stored = member.acks.pop(first)
            assert await member.send(first, f"r{member.room_id} m{member.index} #0") == stored
    expected = {room_id: MEMBERS * MESSAGES for room_id, _cookies in rooms}

    async def everyone_has_everything():
        while any(member.last_seq < expected[member.room_id] for member in members):
            await asyncio.sleep(0.1)

    try:
        await asyncio.wait_for(everyone_has_everything(), 20)
    finally:
        stop.set()
        for member in members:
            if member.ws is not None:
                await member.ws.close()
        await asyncio.gather(*runs, return_exceptions=True)
    return members


def test_a_killed_worker_loses_no_message_and_stores_none_twice():
    servers = cluster()
    rooms = servers.build(ROOMS, MEMBERS)
    try:
        servers.start(0)
        servers.start(1)
        members = asyncio.run(load(servers, rooms))
    finally:
        servers.stop()
    try:
        stored = stored_messages(servers.database_url)
    finally:
        servers.drop()

    moved = [m for m in members if m.ports[0] == servers.ports[0]]
    assert moved and all(m.connects == 2 and m.port == servers.ports[1] for m in moved)
    assert [m.errors for m in members if m.errors] == []
    for room_id, _cookies in rooms:
        rows = stored[room_id]
        sent = {f"m{i}-{n}" for i in range(MEMBERS) for n in range(MESSAGES)}
        client_ids = [client_id for _seq, client_id, _body in rows]
        assert sorted(client_ids) == sorted(sent)  # 0 lost, 0 stored twice
        assert [seq for seq, _id, _body in rows] == list(range(1, len(rows) + 1))
        for index in range(MEMBERS):  # each sender's messages in the order sent
            own = [cid for cid in client_ids if cid.startswith(f"m{index}-")]
            assert own == [f"m{index}-{n}" for n in range(MESSAGES)]
        in_order = {seq: body for seq, _id, body in rows}
        for member in (m for m in members if m.room_id == room_id):
            assert member.bodies == in_order  # every message, once per number
            assert all(member.acks[f"m{member.index}-{n}"] for n in range(MESSAGES))
