"""Benchmark: a reconnect storm. N members on 2 Uvicorn processes (PostgreSQL + Redis); one
process is killed (SIGKILL) and started again.

Every member stays with its own process (as behind a load balancer with a process that
restarts) and tries again every --retry seconds while it is down. While it is down, one
member on the other process sends --gap messages in every room. Measured, per run, from
the moment the restarted process listens: the time until every member is connected again
and has caught up (has every message of its room, gap included, through ``sync``), and
how many of the gap's messages any member lacks (lost). Also the time to connect all N at
the start (everyone at once).

    .venv/bin/python bench/reconnect_storm.py [--members 1000] [--room-size 20] [--runs 5]
        [--database-url postgres://postgres@127.0.0.1:5432/hc_storm]
        [--redis-url redis://127.0.0.1:6379/4]

The database is dropped and built afresh (give it one of its own). Target (issue 25):
everyone back and caught up within 3 s of the process being up, with 0 lost.
"""

import argparse
import asyncio
import os
import resource
import signal
import statistics
import subprocess
import sys
import time
import uuid
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.cluster import BIN, Cluster, Member


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--members", type=int, default=1000)
    parser.add_argument("--room-size", type=int, default=20)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--gap", type=int, default=2, help="messages per room while down")
    parser.add_argument("--retry", type=float, default=0.25, help="seconds between tries")
    parser.add_argument(
        "--profile",
        metavar="PREFIX",
        help="py-spy records both processes while everyone connects at the start "
        "(PREFIX-a.txt, PREFIX-b.txt: collapsed stacks)",
    )
    parser.add_argument(
        "--database-url",
        default=os.environ.get("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/hc_storm"),
    )
    parser.add_argument(
        "--redis-url", default=os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/4")
    )
    return parser.parse_args()


def cpu_seconds(pids: list[int]) -> float:
    """User + system CPU time the processes used so far (Linux /proc)."""
    ticks = os.sysconf("SC_CLK_TCK")
    total = 0
    for pid in pids:
        fields = Path(f"/proc/{pid}/stat").read_text().rpartition(")")[2].split()
        total += int(fields[11]) + int(fields[12])  # utime, stime
    return total / ticks


def client_cpu_seconds() -> float:
    """User + system CPU time of this process (the bench's clients) so far."""
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def spread(values: list[float]) -> str:
    if not values:
        return "-"
    text = (
        f"median {statistics.median(values):.2f} s, min {min(values):.2f}, max {max(values):.2f}"
    )
    return text + f" (runs: {', '.join(f'{v:.2f}' for v in values)})"


async def until(condition, timeout: float) -> float:
    started = time.perf_counter()
    while not condition():
        if time.perf_counter() - started > timeout:
            raise TimeoutError
        await asyncio.sleep(0.01)
    return time.perf_counter() - started


async def storm(args, servers: Cluster, rooms) -> dict:
    a, b = servers.ports
    members = [
        Member(room_id, index, cookie, [a if index % 2 == 0 else b], retry=args.retry)
        for room_id, cookies in rooms
        for index, cookie in enumerate(cookies)
    ]
    on_a = [m for m in members if m.ports == [a]]
    senders = {m.room_id: m for m in members if m.index == 1}  # on process B
    expected = dict.fromkeys(senders, 0)
    stop = asyncio.Event()

    def caught_up(group):
        return all(m.connected.is_set() and m.last_seq >= expected[m.room_id] for m in group)

    def profile(suffix: str) -> list[subprocess.Popen]:
        return [
            subprocess.Popen(
                [
                    *(str(BIN / "py-spy"), "record", "--pid", str(pid), "--nonblocking", "--gil"),
                    *("--format", "raw", "--rate", "250"),
                    *("-o", f"{args.profile}-{name}{suffix}.txt"),
                ],
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
            )
            for name, pid in zip("ab", servers.pids(), strict=True)
            if args.profile
        ]

    def stop_profiling(profilers: list[subprocess.Popen]) -> None:
        for profiler in profilers:
            profiler.send_signal(signal.SIGINT)  # py-spy writes its file and stops
            profiler.wait()

    profilers = profile("")
    if profilers:
        await asyncio.sleep(2)  # py-spy attaches
    started = time.perf_counter()
    tasks = [asyncio.create_task(member.run(stop)) for member in members]
    await until(lambda: caught_up(members), 300)
    figures: dict = {"connect": time.perf_counter() - started}
    stop_profiling(profilers)
    for key in ("back", "boot", "lost", "cpu", "client_cpu"):
        figures[key] = []
    try:
        for run in range(args.runs):
            await asyncio.sleep(1)
            servers.kill(0)
            await until(lambda: not any(m.connected.is_set() for m in on_a), 30)
            for number in range(args.gap):
                seqs = await asyncio.gather(
                    *(
                        sender.send(f"gap-{run}-{number}", f"run {run}, gap message {number}")
                        for sender in senders.values()
                    )
                )
                for sender, seq in zip(senders.values(), seqs, strict=True):
                    expected[sender.room_id] = max(expected[sender.room_id], seq)
            booting = time.perf_counter()
            servers.start(0, wait=False)
            await asyncio.to_thread(servers.wait_until_up, 0)
            figures["boot"].append(time.perf_counter() - booting)
            cpu, client_cpu = cpu_seconds(servers.pids()), client_cpu_seconds()
            # The first storm too (py-spy attaches in a fraction of a second, so it misses
            # the very start of it): PREFIX-a-storm.txt, PREFIX-b-storm.txt.
            profilers = profile("-storm") if run == 0 else []
            try:
                figures["back"].append(await until(lambda: caught_up(members), 120))
            except TimeoutError:
                figures["back"].append(float("inf"))
            stop_profiling(profilers)
            figures["cpu"].append(cpu_seconds(servers.pids()) - cpu)
            figures["client_cpu"].append(client_cpu_seconds() - client_cpu)
            figures["lost"].append(
                sum(
                    1
                    for m in members
                    for seq in range(1, expected[m.room_id] + 1)
                    if seq not in m.bodies
                )
            )
            print(
                f"  run {run + 1}: up in {figures['boot'][-1]:.2f} s, everyone back and caught "
                f"up {figures['back'][-1]:.2f} s later ({figures['cpu'][-1]:.2f} CPU s in the "
                f"2 processes, {figures['client_cpu'][-1]:.2f} in the clients), "
                f"{figures['lost'][-1]} lost, "
                f"load {os.getloadavg()[0]:.1f}",
                flush=True,
            )
    finally:
        stop.set()
        for member in members:
            if member.ws is not None:
                await member.ws.close()
        await asyncio.gather(*tasks, return_exceptions=True)
    figures["errors"] = [error for m in members for error in m.errors]
    return figures


def main() -> None:
    args = parse_args()
    rooms_count = max(1, args.members // args.room_size)
    servers = Cluster(args.database_url, args.redis_url, prefix=f"hc_storm_{uuid.uuid4().hex[:8]}")
    print(
        f"reconnect storm: {rooms_count} rooms x {args.room_size} members on 2 uvicorn "
        f"processes, {args.runs} runs, {args.gap} messages per room while down, retry every "
        f"{args.retry} s, {os.cpu_count()} CPUs, load average before {os.getloadavg()[0]:.1f}"
    )
    rooms = servers.build(rooms_count, args.room_size)
    print(f"built {rooms_count} rooms, {rooms_count * args.room_size} members")
    try:
        servers.start(0)
        servers.start(1)
        figures = asyncio.run(storm(args, servers, rooms))
    finally:
        servers.stop()
    everyone = rooms_count * args.room_size
    print(f"\nall {everyone} connected and synced at the start: {figures['connect']:.2f} s")
    print(f"restarted process up (listening): {spread(figures['boot'])}")
    print(f"everyone back and caught up after it was up: {spread(figures['back'])}")
    print(f"CPU seconds the 2 processes used meanwhile: {spread(figures['cpu'])}")
    print(f"CPU seconds the clients used meanwhile: {spread(figures['client_cpu'])}")
    print(f"messages lost: {sum(figures['lost'])}; errors: {len(figures['errors'])}")
    for error in sorted(set(figures["errors"]))[:3]:
        print(f"  error: {error}")
    verdict = max(figures["back"], default=99) <= 3 and not sum(figures["lost"])
    print(f"target (back and caught up within 3 s, 0 lost): {'met' if verdict else 'NOT met'}")
    print(f"load average after: {os.getloadavg()[0]:.1f}; server log: {servers.log}")


if __name__ == "__main__":
    main()
