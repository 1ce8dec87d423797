"""Two real ASGI server processes (Uvicorn, as in production: README) sharing PostgreSQL
and Redis, with real WebSocket clients.

A member on process A receives what a member on process B sends; a client that drops its
connection catches up on reconnect; a member who leaves is disconnected from any process.
Needs PostgreSQL and Redis: an in-memory SQLite test database cannot be shared with
another process.
"""

import asyncio
import json
import os
import socket
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import quote

import pytest
from asgiref.sync import sync_to_async
from django.conf import settings
from django.db import connection

from groups import services as group_services

from .conftest import session_cookie

BASE_DIR = Path(settings.BASE_DIR)

pytestmark = [
    pytest.mark.asyncio,
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("worker_connections_closed"),
    # The embedded mode has neither a shared database nor a shared channel layer; the
    # PostgreSQL run of CI runs this (and fails below if Redis was forgotten).
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="needs PostgreSQL: the server processes share the test database "
        "(run with DATABASE_URL=postgres://... REDIS_URL=redis://...)",
    ),
]


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def database_url() -> str:
    db = connection.settings_dict
    credentials = quote(db["USER"] or "postgres")
    if db.get("PASSWORD"):
        credentials += ":" + quote(db["PASSWORD"])
    return (
        f"postgres://{credentials}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"
    )


def wait_for_port(port: int, process: subprocess.Popen, seconds: float = 30) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"The server on port {port} stopped: {process.stderr.read()}")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                return
        except OSError:
            time.sleep(0.1)
    raise RuntimeError(f"The server did not listen on port {port} within {seconds} seconds")


@pytest.fixture
def servers(world):
    """Two ASGI server processes on loopback, always stopped afterwards."""
    assert settings.REDIS_URL, "the scale-out run needs REDIS_URL: processes share Redis"
    env = dict(
        os.environ,
        DATABASE_URL=database_url(),
        REDIS_URL=settings.REDIS_URL,
        DJANGO_SETTINGS_MODULE="config.settings",
        LOG_LEVEL="WARNING",
    )
    uvicorn = str(Path(sys.executable).parent / "uvicorn")
    command = [uvicorn, "--loop", "uvloop", "--http", "httptools", "--ws", "websockets-sansio"]
    processes, ports = [], []
    try:
        for _ in range(2):
            port = free_port()
            processes.append(
                subprocess.Popen(
                    [*command, "--port", str(port), "config.asgi:application"],
                    cwd=BASE_DIR,
                    env=env,
                    stdout=subprocess.DEVNULL,
                    stderr=subprocess.PIPE,
                    text=True,
                )
            )
            ports.append(port)
        for port, process in zip(ports, processes, strict=True):
            wait_for_port(port, process)
        yield ports
    finally:
        for process in processes:
            process.terminate()
        for process in processes:
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()


async def open_socket(port: int, cohort_id: int, cookie: str):
    from websockets.asyncio.client import connect

    return await connect(
        f"ws://127.0.0.1:{port}/ws/groepen/{cohort_id}/chat/",
        origin=f"http://127.0.0.1:{port}",
        additional_headers={"Cookie": f"sessionid={cookie}"},
        open_timeout=10,
    )


async def receive(ws, kind: str, body: str | None = None, timeout: float = 5) -> dict:
    """The next message of this kind (and text), skipping others on the way."""
    while True:
        message = json.loads(await asyncio.wait_for(ws.recv(), timeout))
        if message["type"] == kind and body in (None, message.get("body")):
            return message


async def send(ws, body: str, client_id: str) -> int:
    """Sends and waits for the acknowledgement (the broadcast may come before or after it)."""
    await ws.send(json.dumps({"type": "send", "body": body, "client_id": client_id}))
    return (await receive(ws, "sent"))["seq"]


async def test_a_session_thread_message_crosses_processes_and_is_caught_up(world, servers):
    """The thread of a session rides on the room's socket: live from process B to A with
    its session, and caught up after a reconnect."""
    import datetime

    from django.utils import timezone

    from sessions import services as session_services

    def plan():
        starts = timezone.now().replace(microsecond=0) + datetime.timedelta(days=3)
        return session_services.plan_session(
            cohort=world.cohort,
            by=world.sanne,
            title="Eten met plezier",
            starts_at=starts,
            ends_at=starts + datetime.timedelta(hours=2),
            place="Buurthuis De Ster",
        )

    session = await sync_to_async(plan)()
    port_a, port_b = servers
    anna_cookie = await sync_to_async(session_cookie)(world.anna)
    kees_cookie = await sync_to_async(session_cookie)(world.kees)
    pk = world.cohort.pk
    anna = await open_socket(port_a, pk, anna_cookie)
    kees = await open_socket(port_b, pk, kees_cookie)
    try:
        frame = {"type": "send", "body": "Vraag vooraf", "client_id": "k1", "session": session.pk}
        await kees.send(json.dumps(frame))
        seq = (await receive(kees, "sent"))["seq"]
        live = await receive(anna, "message", "Vraag vooraf")
        assert (live["seq"], live["session"]) == (seq, session.pk)

        await anna.close()
        frame = {**frame, "body": "Gemist in de draad", "client_id": "k2"}
        await kees.send(json.dumps(frame))
        await receive(kees, "sent")
        anna = await open_socket(port_b, pk, anna_cookie)
        await anna.send(json.dumps({"type": "sync", "after": seq}))
        caught_up = (await receive(anna, "sync"))["events"]
        assert [(e["body"], e["session"]) for e in caught_up] == [
            ("Gemist in de draad", session.pk)
        ]
    finally:
        await anna.close()
        await kees.close()


async def test_messages_cross_processes_and_a_reconnect_catches_up(world, servers):
    port_a, port_b = servers
    anna_cookie = await sync_to_async(session_cookie)(world.anna)
    kees_cookie = await sync_to_async(session_cookie)(world.kees)
    pk = world.cohort.pk

    anna = await open_socket(port_a, pk, anna_cookie)
    kees = await open_socket(port_b, pk, kees_cookie)
    try:
        await kees.send(json.dumps({"type": "sync", "after": 0}))
        assert (await receive(kees, "sync"))["events"] == []

        seq = await send(kees, "Hallo vanaf proces B", "k1")
        message = await receive(anna, "message", "Hallo vanaf proces B")
        assert (message["seq"], message["body"], message["author"]) == (
            seq,
            "Hallo vanaf proces B",
            "Kees",
        )
        last_seen = await send(anna, "En terug vanaf proces A", "a1")
        assert (await receive(kees, "message", "En terug vanaf proces A"))["author"] == "Anna"

        # Anna's connection drops; she misses two messages and reconnects to process B.
        await anna.close()
        await send(kees, "Gemist 1", "k2")
        await send(kees, "Gemist 2", "k3")
        anna = await open_socket(port_b, pk, anna_cookie)
        await anna.send(json.dumps({"type": "sync", "after": last_seen}))
        caught_up = (await receive(anna, "sync"))["events"]
        assert [event["body"] for event in caught_up] == ["Gemist 1", "Gemist 2"]

        # Back on process A, she is removed from the group by this (third) process.
        await anna.close()
        anna = await open_socket(port_a, pk, anna_cookie)

        def leave():
            membership = world.cohort.memberships.get(person=world.anna)
            group_services.leave_cohort(
                membership=membership, by=world.anna, reason="Verhuisd", category="moved"
            )  # groups.services tells the channel layer once this commits

        await sync_to_async(leave)()
        assert (await receive(anna, "removed"))["type"] == "removed"
        await asyncio.wait_for(anna.wait_closed(), 5)
        assert anna.close_code == 4403
        await kees.send(json.dumps({"type": "send", "body": "Na het vertrek", "client_id": "k"}))
        assert (await receive(kees, "message", "Na het vertrek"))["author"] == "Kees"
    finally:
        await anna.close()
        await kees.close()
