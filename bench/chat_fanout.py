# Over 400 lines: one self-contained benchmark script (processes, clients, baseline, report).
"""Benchmark: chat fan-out on two ASGI processes sharing Redis, against a bare baseline.

50 rooms (cohorts) of 20 connected participants (staff such as the coach would need a
second factor set up before their socket is allowed; see privacy.websocket), half of every
room on Daphne process A and half on process B, both on one PostgreSQL and one Redis.
In every room a member sends messages (the senders take turns); the latency of a message
is the time from the client sending it until all 20 members of the room received it.

Two loads, each measured for --seconds after a short warm-up:
  paced       every room sends --rate messages per second (steady group chat traffic)
  saturated   every room sends its next message as soon as the previous one reached all
              20 members (the most the set-up delivers; latency under full load)

In the same run the same clients and loads are pointed at the baseline: a minimal
broadcast server written directly on the ``websockets`` library (one process, rooms in
memory, no authentication, storage or channel layer).

Needs PostgreSQL and Redis. The database is dropped, created and migrated afresh (give it
one of its own); the Redis database carries the channel layer and the cache, whose keys
are cleared first.

    .venv/bin/python bench/chat_fanout.py [--rooms 50] [--members 20] [--seconds 20]
        [--rate 1] [--database-url postgres://postgres@127.0.0.1:5432/hc_chat]
        [--redis-url redis://127.0.0.1:6379/4]
"""

import argparse
import asyncio
import itertools
import json
import os
import random
import signal
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlparse

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.cluster import free_port, make_rooms  # noqa: E402

BIN = Path(sys.executable).parent
BENCH_DOMAIN = "bench.test"
BENCH_ORGANISATION = "Chat benchmark"
CONN_MAX_AGE = "60"  # persistent database connections, as in production
APP = ["config.asgi:application"]
WS = os.environ.get("BENCH_UVICORN_WS", "websockets-sansio")  # uvicorn's WebSocket implementation
SERVERS = {  # the command line of one chat process on a port
    "daphne": lambda port: [
        str(BIN / "daphne"),
        "-v",
        "0",
        "-b",
        "127.0.0.1",
        "-p",
        str(port),
        *APP,
    ],
    "uvicorn": lambda port: [
        str(BIN / "uvicorn"),
        "--host",
        "127.0.0.1",
        "--port",
        str(port),
        "--no-access-log",
        "--log-level",
        "warning",
        "--loop",
        "uvloop",
        "--http",
        "httptools",
        "--ws",
        WS,
        *APP,
    ],
}
CONNECTING_AT_ONCE = 10  # members opening their socket at the same moment
SERVER_LOG = Path(tempfile.gettempdir()) / "hc_bench_chat_servers.log"


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--rooms", type=int, default=50)
    parser.add_argument("--members", type=int, default=20)
    parser.add_argument("--seconds", type=float, default=20, help="measured time per load")
    parser.add_argument("--warmup", type=float, default=3)
    parser.add_argument("--rate", type=float, default=1, help="paced: messages per room per s")
    parser.add_argument(
        "--database-url",
        default=os.environ.get("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/hc_chat"),
    )
    parser.add_argument(
        "--redis-url", default=os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/4")
    )
    parser.add_argument(
        "--server",
        choices=sorted(SERVERS),
        default="uvicorn",
        help="the ASGI server of the two chat processes",
    )
    parser.add_argument("--skip-baseline", action="store_true")
    parser.add_argument(
        "--profile",
        metavar="PREFIX",
        help="py-spy records both chat processes during the saturated load "
        "(PREFIX-a.txt, PREFIX-b.txt: collapsed stacks; pip install py-spy into .venv)",
    )
    parser.add_argument("--baseline-server", type=int, help=argparse.SUPPRESS)
    return parser.parse_args()


# --- the baseline: a minimal broadcast server on the websockets library ---------------------


async def baseline_server(port: int) -> None:
    from websockets.asyncio.server import broadcast, serve

    rooms: dict[str, set] = {}
    counters = itertools.count(1)

    async def handler(ws):
        room = rooms.setdefault(ws.request.path, set())
        room.add(ws)
        try:
            async for raw in ws:
                content = json.loads(raw)
                if content.get("type") != "send":
                    continue
                seq = next(counters)
                event = {"type": "message", "seq": seq, "body": content["body"]}
                broadcast(room, json.dumps(event))
                await ws.send(
                    json.dumps({"type": "sent", "client_id": content["client_id"], "seq": seq})
                )
        finally:
            room.discard(ws)

    async with serve(handler, "127.0.0.1", port, compression=None, max_queue=None):
        await asyncio.Future()


# --- set-up ---------------------------------------------------------------------------------


def configure(args) -> None:
    os.environ["DATABASE_URL"] = args.database_url
    os.environ["REDIS_URL"] = args.redis_url
    os.environ["DATABASE_CONN_MAX_AGE"] = CONN_MAX_AGE
    os.environ["DEBUG"] = "0"  # as in production: no query log, no debug cursor
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    fresh_database(args.database_url)
    import django

    django.setup()


def fresh_database(url: str) -> None:
    import psycopg

    parsed = urlparse(url)
    name = parsed.path.lstrip("/")
    admin = parsed._replace(path="/postgres").geturl()
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}"')


def build(rooms: int, members: int) -> list[tuple[int, list[str]]]:
    """Fresh bench cohorts of participants; returns their session keys per room."""
    from asgiref.sync import async_to_sync
    from channels.layers import get_channel_layer
    from django.core.cache import cache
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    cache.clear()
    async_to_sync(get_channel_layer().flush)()
    return make_rooms(
        rooms,
        members,
        organisation=BENCH_ORGANISATION,
        cohort_name="Benchmark",
        domain=BENCH_DOMAIN,
    )


def wait_for_port(port: int, process: subprocess.Popen, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"server on port {port} stopped with {process.returncode}")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                return
        except OSError:
            time.sleep(0.1)
    raise RuntimeError(f"server on port {port} did not listen within {seconds} seconds")


def start_servers(server: str, count: int = 2) -> tuple[list[subprocess.Popen], list[int]]:
    env = dict(os.environ, DJANGO_SETTINGS_MODULE="config.settings")
    processes, ports = [], []
    for _ in range(count):
        port = free_port()
        processes.append(
            subprocess.Popen(
                SERVERS[server](port),
                cwd=ROOT,
                env=env,
                stdout=subprocess.DEVNULL,
                stderr=SERVER_LOG.open("a"),
            )
        )
        ports.append(port)
    for port, process in zip(ports, processes, strict=True):
        wait_for_port(port, process)
    return processes, ports


def start_baseline() -> tuple[list[subprocess.Popen], list[int]]:
    port = free_port()
    process = subprocess.Popen(
        [sys.executable, __file__, "--baseline-server", str(port)], stdout=subprocess.DEVNULL
    )
    wait_for_port(port, process)
    return [process], [port]


def stop(processes: list[subprocess.Popen]) -> None:
    for process in processes:
        process.terminate()
    for process in processes:
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


# --- the clients ----------------------------------------------------------------------------


class Run:
    """The members of every room, connected; measures delivery to all of a room."""

    def __init__(self, rooms, ports, url_for, cookie_name):
        self.rooms = rooms  # [(room id, [cookie or None per member])]
        self.ports = ports
        self.url_for = url_for
        self.cookie_name = cookie_name
        self.members = len(rooms[0][1])
        self.sockets: dict[int, list] = {}
        self.sent_at: dict[str, float] = {}
        self.received: dict[str, int] = {}
        self.done: dict[str, asyncio.Future] = {}
        self.latencies: list[float] | None = None
        self.errors: list[str] = []
        self.readers: list[asyncio.Task] = []

    async def connect(self):
        from websockets.asyncio.client import connect

        limit = asyncio.Semaphore(CONNECTING_AT_ONCE)

        async def open_one(room_id, index, cookie):
            port = self.ports[index % len(self.ports)]  # alternate: half on each process
            headers = {"Cookie": f"{self.cookie_name}={cookie}"} if cookie else {}
            async with limit:
                ws = await connect(
                    self.url_for(port, room_id),
                    origin=f"http://127.0.0.1:{port}",
                    additional_headers=headers,
                    compression=None,
                    max_queue=None,
                    open_timeout=60,
                    ping_interval=None,
                )
            self.sockets[room_id][index] = ws
            self.readers.append(asyncio.create_task(self.read(room_id, ws)))

        for room_id, cookies in self.rooms:
            self.sockets[room_id] = [None] * len(cookies)
        await asyncio.gather(
            *(
                open_one(room_id, index, cookie)
                for room_id, cookies in self.rooms
                for index, cookie in enumerate(cookies)
            )
        )

    async def read(self, room_id, ws):
        from websockets.exceptions import ConnectionClosed

        try:
            async for raw in ws:
                now = time.perf_counter()
                event = json.loads(raw)
                kind = event["type"]
                if kind == "message":
                    key = event["body"]
                    count = self.received.get(key, 0) + 1
                    self.received[key] = count
                    if count == self.members:
                        if self.latencies is not None:
                            self.latencies.append(now - self.sent_at[key])
                        future = self.done.pop(key, None)
                        if future and not future.done():
                            future.set_result(True)
                elif kind == "error":  # e.g. the rate limit: the message was not stored
                    self.errors.append(event["message"])
                    future = self.done.pop(event["client_id"], None)
                    if future and not future.done():
                        future.set_result(False)
        except ConnectionClosed:
            pass

    async def send(self, room_id, number) -> asyncio.Future:
        key = f"r{room_id} n{number}"
        future = asyncio.get_running_loop().create_future()
        self.done[key] = future
        sender = self.sockets[room_id][number % self.members]
        self.sent_at[key] = time.perf_counter()
        await sender.send(json.dumps({"type": "send", "body": key, "client_id": key}))
        return future

    async def load(self, *, seconds, rate=None, measure=True) -> tuple[list[float], int]:
        """Paced (rate messages per room per second) or saturated (rate None) load."""
        self.latencies = [] if measure else None
        delivered = 0
        stop_at = time.perf_counter() + seconds
        numbers = itertools.count(int(time.time() * 1000))

        async def paced(room_id):
            nonlocal delivered
            await asyncio.sleep(random.uniform(0, 1 / rate))
            next_at = time.perf_counter()
            waiting = []
            while time.perf_counter() < stop_at:
                waiting.append(await self.send(room_id, next(numbers)))
                next_at += 1 / rate
                await asyncio.sleep(max(0, next_at - time.perf_counter()))
            results = await asyncio.wait_for(asyncio.gather(*waiting), 30)
            delivered += sum(results)

        async def saturated(room_id):
            nonlocal delivered
            while time.perf_counter() < stop_at:
                if await asyncio.wait_for(await self.send(room_id, next(numbers)), 30):
                    delivered += 1
                else:
                    await asyncio.sleep(1)

        started = time.perf_counter()
        worker = saturated if rate is None else paced
        await asyncio.gather(*(worker(room_id) for room_id, _cookies in self.rooms))
        elapsed = time.perf_counter() - started
        latencies, self.latencies = self.latencies or [], None
        return latencies, delivered / elapsed

    async def close(self):
        for sockets in self.sockets.values():
            for ws in sockets:
                if ws is not None:
                    await ws.close()
        await asyncio.gather(*self.readers, return_exceptions=True)


def cpu_seconds(pids: list[int]) -> float:
    """User + system CPU time the processes used so far (Linux /proc)."""
    ticks = os.sysconf("SC_CLK_TCK")
    total = 0
    for pid in pids:
        fields = Path(f"/proc/{pid}/stat").read_text().rpartition(")")[2].split()
        total += int(fields[11]) + int(fields[12])  # utime, stime
    return total / ticks


def start_profilers(prefix: str | None, pids: list[int]) -> list[subprocess.Popen]:
    """py-spy on each process (on-CPU samples only), writing collapsed stacks."""
    if not prefix:
        return []
    return [
        subprocess.Popen(
            [
                *(str(BIN / "py-spy"), "record", "--pid", str(pid), "--nonblocking"),
                *("--format", "raw", "--rate", "200", "-o", f"{prefix}-{name}.txt"),
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        for name, pid in zip("ab", pids, strict=False)
    ]


def stop_profilers(profilers: list[subprocess.Popen]) -> None:
    for profiler in profilers:
        profiler.send_signal(signal.SIGINT)  # py-spy writes its file and stops
    for profiler in profilers:
        profiler.wait()


async def measure(rooms, ports, url_for, cookie_name, args, pids, profile=None) -> dict:
    run = Run(rooms, ports, url_for, cookie_name)
    started = time.perf_counter()
    await run.connect()
    connected = time.perf_counter() - started
    await asyncio.sleep(2)  # let the presence announcements settle
    figures = {"connect": connected}
    try:
        await run.load(seconds=args.warmup, rate=args.rate, measure=False)
        for load, rate in (("paced", args.rate), ("saturated", None)):
            profilers = start_profilers(profile, pids) if rate is None else []
            if profilers:
                await asyncio.sleep(2)  # py-spy attaches
            cpu, began = cpu_seconds(pids), time.perf_counter()
            figures[load] = await run.load(seconds=args.seconds, rate=rate)
            elapsed = time.perf_counter() - began
            used = cpu_seconds(pids) - cpu
            figures[f"{load} cpu"] = used / elapsed
            figures[f"{load} cpu per message"] = used / max(1, len(figures[load][0]))
            stop_profilers(profilers)
            await asyncio.sleep(1)
    finally:
        figures["errors"] = run.errors
        await run.close()
    return figures


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(fraction * (len(ordered) - 1)))]


def report(name: str, figures: dict, members: int) -> dict:
    print(
        f"\n{name}  ({len(figures['errors'])} errors; all connected in {figures['connect']:.1f} s)"
    )
    print(
        f"  {'load':<10} {'messages':>8} {'msg/s':>8} {'deliveries/s':>13} "
        f"{'p50 ms':>8} {'p95 ms':>8} {'p99 ms':>8} {'max ms':>8} {'server CPU':>11} "
        f"{'CPU ms/msg':>11}"
    )
    rows = {}
    for load in ("paced", "saturated"):
        latencies, per_second = figures[load]
        if not latencies:
            print(f"  {load:<10} no messages delivered")
            continue
        row = {
            "p50": percentile(latencies, 0.50) * 1000,
            "p95": percentile(latencies, 0.95) * 1000,
            "p99": percentile(latencies, 0.99) * 1000,
            "max": max(latencies) * 1000,
            "per_second": per_second,
        }
        rows[load] = row
        print(
            f"  {load:<10} {len(latencies):>8} {per_second:>8.1f} {per_second * members:>13.0f} "
            f"{row['p50']:>8.1f} {row['p95']:>8.1f} {row['p99']:>8.1f} {row['max']:>8.1f} "
            f"{figures[load + ' cpu']:>10.0%} {figures[load + ' cpu per message'] * 1000:>11.2f}"
        )
    for error in sorted(set(figures["errors"]))[:3]:
        print(f"  error: {error}")
    return rows


def main() -> None:
    args = parse_args()
    if args.baseline_server:
        asyncio.run(baseline_server(args.baseline_server))
        return
    configure(args)
    from django.conf import settings

    print(
        f"chat fan-out: {args.rooms} rooms x {args.members} members, paced {args.rate} msg/s "
        f"per room, {args.seconds:.0f} s per load, {os.cpu_count()} CPUs, "
        f"DATABASE_CONN_MAX_AGE={CONN_MAX_AGE}, DEBUG=0, load average before the run "
        f"{os.getloadavg()[0]:.1f}"
    )
    rooms = build(args.rooms, args.members)
    print(f"built {len(rooms)} rooms with {sum(len(c) for _r, c in rooms)} members")

    SERVER_LOG.write_text("")
    processes, ports = start_servers(args.server, 2)
    try:
        chat = asyncio.run(
            measure(
                rooms,
                ports,
                lambda port, room: f"ws://127.0.0.1:{port}/ws/groepen/{room}/chat/",
                settings.SESSION_COOKIE_NAME,
                args,
                [process.pid for process in processes],
                args.profile,
            )
        )
    finally:
        stop(processes)
    print(f"(the servers' own output is in {SERVER_LOG})")
    chat_rows = report(
        f"Herstelcirkel chat: 2 {args.server} processes, Redis, PostgreSQL", chat, args.members
    )

    print(f"load average after the chat run: {os.getloadavg()[0]:.1f}")
    if args.skip_baseline:
        return
    processes, ports = start_baseline()
    try:
        bare_rooms = [(room, [None] * len(cookies)) for room, cookies in rooms]
        baseline = asyncio.run(
            measure(
                bare_rooms,
                ports,
                lambda port, room: f"ws://127.0.0.1:{port}/room/{room}",
                "",
                args,
                [process.pid for process in processes],
            )
        )
    finally:
        stop(processes)
    base_rows = report(
        "baseline: 1 process, websockets library, rooms in memory", baseline, args.members
    )

    print()
    for load in ("paced", "saturated"):
        if load in chat_rows and load in base_rows:
            ratio = chat_rows[load]["p99"] / base_rows[load]["p99"]
            print(f"{load}: chat p99 / baseline p99 = {ratio:.1f}x")
    if "paced" in chat_rows:
        p99 = chat_rows["paced"]["p99"]
        ratio = p99 / base_rows["paced"]["p99"] if "paced" in base_rows else float("nan")
        verdict = "met" if p99 < 50 and ratio <= 3 else "NOT met"
        print(f"target (paced p99 < 50 ms and within 3x of the baseline): {verdict}")
    if "saturated" in chat_rows and "saturated" in base_rows:
        share = chat_rows["saturated"]["per_second"] / base_rows["saturated"]["per_second"]
        verdict = "met" if share >= 0.5 else "NOT met"
        print(f"saturated: chat msg/s = {share:.0%} of the baseline's (target 50 %): {verdict}")


if __name__ == "__main__":
    main()
