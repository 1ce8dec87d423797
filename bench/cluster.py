"""A chat cluster on loopback, for the killed-worker test and the reconnect-storm benchmark.

A fresh PostgreSQL database of its own with rooms of participants (and their sessions),
ASGI server processes on fixed ports sharing it and one Redis (under a prefix of its own,
so nothing else on that Redis server hears it), and clients that behave as the chat page
should: on every (re)connect they ask for everything after the last number they have
(``sync``), they fill a hole in the numbers with a ``sync`` too, and a send whose reply did
not come is sent again with the same client_id.

The database is built by a child process (``python bench/cluster.py build ...``) so that the
caller's own Django set-up (a test run on SQLite, say) does not matter. Tables are made
straight from the models (as ``migrate --run-syncdb`` without migrations): the chat needs
no data migration, and this takes seconds instead of a minute.
"""

import asyncio
import contextlib
import datetime
import json
import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import urlparse

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
COOKIE_NAME = "sessionid"


def uvicorn(port: int) -> list[str]:
    """One chat process, as bench/chat_fanout.py runs it (and as in production)."""
    return [
        *(str(BIN / "uvicorn"), "--host", "127.0.0.1", "--port", str(port)),
        *("--no-access-log", "--log-level", "warning", "--loop", "uvloop"),
        *("--http", "httptools", "--ws", os.environ.get("BENCH_UVICORN_WS", "websockets-sansio")),
        "config.asgi:application",
    ]


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def listening(port: int) -> bool:
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=0.5):
            return True
    except OSError:
        return False


class Cluster:
    """``count`` server processes on their own ports (kept when one is started again)."""

    def __init__(self, database_url: str, redis_url: str, prefix: str, count: int = 2):
        self.database_url = database_url
        self.env = dict(
            os.environ,
            DJANGO_SETTINGS_MODULE="config.settings",
            DATABASE_URL=database_url,
            REDIS_URL=redis_url,
            REDIS_PREFIX=prefix,
            DATABASE_CONN_MAX_AGE="60",  # persistent connections, as in production
            DEBUG="0",
        )
        self.ports = [free_port() for _ in range(count)]
        self.processes: list[subprocess.Popen | None] = [None] * count
        self.log = Path(os.environ.get("TMPDIR", "/tmp")) / f"hc_cluster_{prefix}.log"

    def build(self, rooms: int, members: int) -> list[tuple[int, list[str]]]:
        """A fresh database with the rooms; [(room id, [session key per member])]."""
        import psycopg

        parsed = urlparse(self.database_url)
        name = parsed.path.lstrip("/")
        admin = parsed._replace(path="/postgres").geturl()
        with psycopg.connect(admin, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
            conn.execute(f'CREATE DATABASE "{name}"')
        done = subprocess.run(
            [sys.executable, __file__, "build", str(rooms), str(members)],
            cwd=ROOT,
            env=self.env,
            capture_output=True,
            text=True,
            check=False,
        )
        if done.returncode:
            raise RuntimeError(f"building the cluster's database failed:\n{done.stderr}")
        return [(room, cookies) for room, cookies in json.loads(done.stdout)]

    def drop(self) -> None:
        import psycopg

        parsed = urlparse(self.database_url)
        admin = parsed._replace(path="/postgres").geturl()
        with psycopg.connect(admin, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{parsed.path.lstrip("/")}" WITH (FORCE)')

    def start(self, index: int, wait: bool = True) -> None:
        self.processes[index] = subprocess.Popen(
            uvicorn(self.ports[index]),
            cwd=ROOT,
            env=self.env,
            stdout=subprocess.DEVNULL,
            stderr=self.log.open("a"),
        )
        if wait:
            self.wait_until_up(index)

    def wait_until_up(self, index: int, seconds: float = 60) -> None:
        process = self.processes[index]
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            if process is None or process.poll() is not None:
                raise RuntimeError(f"server {index} stopped; see {self.log}")
            if listening(self.ports[index]):
                return
            time.sleep(0.02)
        raise RuntimeError(f"server {index} did not listen within {seconds} s; see {self.log}")

    def kill(self, index: int) -> None:
        """SIGKILL: no clean-up, no closing frames, as when a worker is killed."""
        process = self.processes[index]
        if process is not None:
            process.send_signal(signal.SIGKILL)
            process.wait()
        self.processes[index] = None

    def stop(self) -> None:
        running = [process for process in self.processes if process is not None]
        for process in running:
            process.terminate()
        for process in running:
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
        self.processes = [None] * len(self.processes)

    def pids(self) -> list[int]:
        return [process.pid for process in self.processes if process is not None]


class Member:
    """One member's socket, kept open: reconnects to ``ports`` (in that order, again and
    again, ``retry`` seconds apart) until ``stop`` is set."""

    def __init__(self, room_id: int, index: int, cookie: str, ports: list[int], retry=0.1):
        self.room_id, self.index, self.cookie = room_id, index, cookie
        self.ports, self.retry = ports, retry
        self.ws = None
        self.port: int | None = None
        self.bodies: dict[int, str] = {}  # seq -> body, as this member has it
        self.last_seq = 0  # every number up to here is in bodies
        self.received = 0  # message events, counting the ones seen twice (live and sync)
        self.acks: dict[str, int] = {}  # client_id -> seq
        self.pending: dict[str, str] = {}  # client_id -> body: sent, no reply yet
        self.errors: list[str] = []
        self.connects = 0
        self.connected = asyncio.Event()
        self.syncing = False
        self.changed = asyncio.Event()
        self.tasks: set[asyncio.Future] = set()

    def url(self, port: int) -> str:
        return f"ws://127.0.0.1:{port}/ws/groepen/{self.room_id}/chat/"

    async def run(self, stop: asyncio.Event) -> None:
        from websockets.asyncio.client import connect
        from websockets.exceptions import ConnectionClosed, InvalidHandshake

        while not stop.is_set():
            for port in self.ports:
                try:
                    self.ws = await connect(
                        self.url(port),
                        origin=f"http://127.0.0.1:{port}",  # type: ignore[arg-type]
                        additional_headers={"Cookie": f"{COOKIE_NAME}={self.cookie}"},
                        compression=None,
                        max_queue=None,
                        open_timeout=30,
                        ping_interval=None,
                    )
                except (OSError, InvalidHandshake, TimeoutError):
                    continue
                self.port = port
                break
            else:
                await asyncio.sleep(self.retry)
                continue
            self.connects += 1
            try:
                await self._sync()
                for client_id, body in list(self.pending.items()):
                    await self._send(client_id, body)
                self.connected.set()
                async for raw in self.ws:
                    self._handle(json.loads(raw))
            except ConnectionClosed:
                pass
            finally:
                self.connected.clear()
                self.syncing = False
        if self.ws is not None:
            await self.ws.close()

    async def _sync(self) -> None:
        self.syncing = True
        await self.ws.send(json.dumps({"type": "sync", "after": self.last_seq}))

    async def _send(self, client_id: str, body: str) -> None:
        frame = {"type": "send", "body": body, "client_id": client_id}
        await self.ws.send(json.dumps(frame))

    def _handle(self, event: dict) -> None:
        kind = event["type"]
        if kind == "message":
            self._record(event)
            if self.last_seq < max(self.bodies) and not self.syncing:
                self._later(self._sync())  # a hole: ask for what is missing
        elif kind == "sync":
            self.syncing = False
            for item in event["events"]:
                self._record(item)
            if event["more"] or (self.bodies and self.last_seq < max(self.bodies)):
                self._later(self._sync())
        elif kind == "sent":
            self.acks[event["client_id"]] = event["seq"]
            self.pending.pop(event["client_id"], None)
        elif kind == "error":
            self.errors.append(f"{event['client_id']}: {event['message']}")
            self.pending.pop(event["client_id"], None)
        self.changed.set()

    def _later(self, coroutine) -> None:
        task = asyncio.ensure_future(coroutine)
        self.tasks.add(task)
        task.add_done_callback(self.tasks.discard)

    def _record(self, event: dict) -> None:
        self.received += 1
        self.bodies[event["seq"]] = event["body"]
        while self.last_seq + 1 in self.bodies:
            self.last_seq += 1

    async def send(self, client_id: str, body: str, timeout: float = 30) -> int:
        """Sends until the reply comes (again after a reconnect, with the same id)."""
        self.pending[client_id] = body
        deadline = time.monotonic() + timeout
        await asyncio.wait_for(self.connected.wait(), timeout)
        with contextlib.suppress(Exception):  # closed meanwhile: run() sends it on reconnect
            await self._send(client_id, body)
        while client_id in self.pending:
            self.changed.clear()
            await asyncio.wait_for(self.changed.wait(), max(0.01, deadline - time.monotonic()))
        if client_id not in self.acks:
            raise RuntimeError(f"{client_id} refused: {self.errors[-1:]}")
        return self.acks[client_id]


def stored_messages(database_url: str) -> dict[int, list[tuple[int, str, str]]]:
    """Per room (cohort id): (seq, client_id, body) of every stored message, in order."""
    import psycopg

    with psycopg.connect(database_url) as conn:
        rows = conn.execute(
            "SELECT r.cohort_id, m.seq, m.client_id, m.body FROM chat_chatmessage m "
            "JOIN chat_chatroom r ON r.id = m.room_id ORDER BY r.cohort_id, m.seq"
        ).fetchall()
    result: dict[int, list[tuple[int, str, str]]] = {}
    for cohort_id, seq, client_id, body in rows:
        result.setdefault(cohort_id, []).append((seq, client_id, body))
    return result


# --- the child process that builds the database -----------------------------------------------


def _build(rooms: int, members: int) -> list[tuple[int, list[str]]]:
    import django

    sys.path.insert(0, str(ROOT))
    django.setup()
    from django.conf import settings
    from django.core.management import call_command

    class NoMigrations(dict):  # every app's tables straight from its models
        def __contains__(self, item):
            return True

        def __getitem__(self, item):
            return None

    settings.MIGRATION_MODULES = NoMigrations()
    call_command("migrate", run_syncdb=True, verbosity=0)
    return make_rooms(
        rooms, members, organisation="Chat cluster", cohort_name="Cluster", domain="cluster.test"
    )


def make_rooms(
    rooms: int, members: int, *, organisation: str, cohort_name: str, domain: str
) -> list[tuple[int, list[str]]]:
    """Running cohorts of participants in a set-up Django; their session keys per room.

    Each session holds what the chat page's request leaves in it (the staff state), as a
    member's browser would bring it to the socket. Also used by bench/chat_fanout.py.
    """
    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.sessions.backends.db import SessionStore
    from django.db import transaction
    from django.utils import timezone

    from accounts.models import User
    from groups.models import Cohort, Membership, Organisation
    from privacy.staff import session_staff_state

    backend = settings.AUTHENTICATION_BACKENDS[0]
    today = timezone.localdate()
    result = []
    with transaction.atomic():
        owner = Organisation.objects.create(name=organisation)
        for r in range(rooms):
            cohort = Cohort.objects.create(
                organisation=owner,
                name=f"{cohort_name} {r + 1}",
                meeting_place="Buurthuis",
                start_date=today,
                planned_end_date=today + datetime.timedelta(days=400),
                status=Cohort.Status.RUNNING,
                monthly_contribution_cents=1000,
            )
            cookies = []
            for m in range(members):
                user = User.objects.create_user(
                    email=f"r{r}m{m}@{domain}", first_name=f"Lid {m + 1}"
                )
                Membership.objects.create(
                    person=user,
                    cohort=cohort,
                    role=Membership.Role.PARTICIPANT,
                    status=Membership.Status.ACTIVE,
                    place=m + 1,
                )
                session = SessionStore()
                session[SESSION_KEY] = str(user.pk)
                session[BACKEND_SESSION_KEY] = backend
                session[HASH_SESSION_KEY] = user.get_session_auth_hash()
                session_staff_state(user, session)  # as the chat page's request leaves it
                session.create()
                cookies.append(session.session_key)
            result.append((cohort.pk, cookies))
    return result


if __name__ == "__main__" and sys.argv[1:2] == ["build"]:
    print(json.dumps(_build(int(sys.argv[2]), int(sys.argv[3]))))
