"""Benchmark: the 10 most-used pages under load, against a floor view, on 2 Uvicorn processes.

Builds (or with --reuse, takes) a production-size PostgreSQL database (bench/pages_data.py)
and a small one (<database>_small: 3 cohorts of 6 participants, 5 sessions, 300 messages a
room), counts the queries of every page on both (a page whose count grows with the data is
a bug), starts 2 Uvicorn processes as production runs them (DEBUG off,
persistent database connections, Redis) with /bench/floor/ added (bench/floor_urls.py),
and runs Locust headless for each number of users: logged-in participants and coaches
walking the page mix of bench/pages_mix.py, and the floor. Prints p50/p95/p99 and
requests/s per page and overall, the servers' CPU time per request and the load average.

    .venv/bin/python bench/pages_load.py [--reuse] [--users 50,200] [--seconds 60]
        [--database hc_bench_pages] [--redis-url redis://127.0.0.1:6379/0]
        [--cohorts 1000] [--messages-per-room 70000] [--busy-rooms 0] [--wait 1.0]

Target (issue 25): p95 under 100 ms at 50 users and within 3x of the floor.
"""

import argparse
import csv
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
sys.path.insert(0, str(BENCH))

import cluster  # noqa: E402
import pages_mix  # noqa: E402
from pages_data import database_url  # noqa: E402

IDENTITY_COHORTS = 12  # the members of the first cohorts log in (the busy rooms)


# --- children: Django set up on one database -----------------------------------------------


def _setup(database: str) -> None:
    os.environ["DATABASE_URL"] = database_url(database)
    os.environ.pop("REDIS_URL", None)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()


def identities(database: str, cohorts: int) -> list[dict]:
    """Fresh log-in sessions (as the MFA log-in would leave them) of the participants and
    coaches of the first cohorts, each with its cohort and its latest session."""
    _setup(database)
    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.sessions.backends.db import SessionStore

    from groups.models import Membership
    from privacy.staff import IDLE_KEY, session_staff_state
    from sessions.models import Session

    backend = settings.AUTHENTICATION_BACKENDS[0]
    result = []
    cohort_ids = list(
        Membership.objects.order_by("cohort_id")
        .values_list("cohort_id", flat=True)
        .distinct()[:cohorts]
    )
    memberships = Membership.objects.filter(
        cohort_id__in=cohort_ids, status=Membership.Status.ACTIVE
    ).select_related("person")
    latest = {}
    for session in Session.objects.filter(cohort_id__in=cohort_ids).order_by("starts_at"):
        latest[session.cohort_id] = session.pk
    for membership in memberships:
        user = membership.person
        session = SessionStore()
        session[SESSION_KEY] = str(user.pk)
        session[BACKEND_SESSION_KEY] = backend
        session[HASH_SESSION_KEY] = user.get_session_auth_hash()
        session_staff_state(user, session)
        session[IDLE_KEY] = time.time()
        session.create()
        result.append(
            {
                "cookie": session.session_key,
                "role": "coach" if membership.role == Membership.Role.COACH else "participant",
                "cohort": membership.cohort_id,
                "membership": membership.pk,
                "session": latest[membership.cohort_id],
            }
        )
    return result


def query_counts(database: str) -> dict[str, dict[str, float]]:
    """Queries per page (the second visit of one participant and one coach of the first
    cohort), with Django's test client on the given database, and the median CPU time of
    this process for the page and for the floor."""
    os.environ["DJANGO_SETTINGS_MODULE"] = "bench.floor_settings"
    people = identities(database, 1)
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    result: dict[str, dict[str, int]] = {}
    for role in ("participant", "coach"):
        identity = next(i for i in people if i["role"] == role)
        client = Client()
        client.cookies["sessionid"] = identity["cookie"]
        for name, _ in pages_mix.pages_for(role):
            url = pages_mix.path(name, identity)
            client.get(url)  # the first visit may create what the page keeps (a plan)
            with CaptureQueriesContext(connection) as queries:
                response = client.get(url)
            if response.status_code != 200:
                raise RuntimeError(f"{role} {url}: {response.status_code}")
            result.setdefault(name, {})[role] = len(queries)
            cpu = []
            for _ in range(5):
                began = time.process_time()
                client.get(url)
                cpu.append(time.process_time() - began)
            result[name][f"{role} cpu ms"] = round(sorted(cpu)[2] * 1000, 1)
        cpu = []
        for _ in range(5):
            began = time.process_time()
            client.get(pages_mix.FLOOR)
            cpu.append(time.process_time() - began)
        result.setdefault("floor", {})[f"{role} cpu ms"] = round(sorted(cpu)[2] * 1000, 1)
    return result


def child(*args: str) -> object:
    done = subprocess.run(
        [sys.executable, __file__, *args], cwd=ROOT, capture_output=True, text=True, check=False
    )
    if done.returncode:
        raise RuntimeError(f"{' '.join(args)} failed:\n{done.stderr}")
    return json.loads(done.stdout.splitlines()[-1])


# --- the run ---------------------------------------------------------------------------------


def cpu_seconds(pids: list[int]) -> float:
    tick = os.sysconf("SC_CLK_TCK")
    total = 0.0
    for pid in pids:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        total += (int(fields[11]) + int(fields[12])) / tick
    return total


def load() -> str:
    return " ".join(f"{x:.1f}" for x in os.getloadavg())


def locust(users: int, seconds: int, hosts: list[str], env: dict, prefix: str) -> list[dict]:
    command = [
        str(cluster.BIN / "locust"),
        *("-f", str(BENCH / "pages_locustfile.py"), "--headless", "--only-summary"),
        *("-u", str(users), "-r", str(max(10, users // 5)), "-t", f"{seconds}s"),
        *("--host", hosts[0], "--csv", prefix, "--loglevel", "WARNING"),
    ]
    with open(f"{prefix}.log", "w") as log:
        subprocess.run(command, cwd=BENCH, env=env, check=False, stdout=log, stderr=log)
    with open(f"{prefix}_stats.csv") as rows:
        return list(csv.DictReader(rows))


def warm_up(hosts: list[str], people: list[dict]) -> None:
    """Every page once on each server (the first request of a process loads much)."""
    import urllib.request

    for host in hosts:
        for role in ("participant", "coach"):
            identity = next(i for i in people if i["role"] == role)
            names = [name for name, _ in pages_mix.pages_for(role)]
            for url in [pages_mix.path(name, identity) for name in names] + [pages_mix.FLOOR]:
                request = urllib.request.Request(
                    host + url, headers={"Cookie": f"sessionid={identity['cookie']}"}
                )
                with urllib.request.urlopen(request, timeout=60) as response:
                    response.read()


def print_table(rows: list[dict], users: int, cpu: float, seconds: int) -> None:
    print(
        f"\n{users} users, {seconds} s, load average at the end {load()}; "
        f"both servers used {cpu:.1f} CPU s"
    )
    print(f"{'page':<16}{'requests':>9}{'fails':>7}{'p50':>7}{'p95':>7}{'p99':>7}{'req/s':>8}")
    ordered = sorted(rows, key=lambda row: (row["Name"] in ("floor", "Aggregated"), row["Name"]))
    for row in ordered:
        name = "all" if row["Name"] == "Aggregated" else row["Name"]
        print(
            f"{name:<16}{row['Request Count']:>9}{row['Failure Count']:>7}"
            f"{row['50%']:>7}{row['95%']:>7}{row['99%']:>7}{float(row['Requests/s']):>8.1f}"
        )
    total = next(row for row in rows if row["Name"] == "Aggregated")
    count = int(total["Request Count"]) or 1
    print(f"(ms; server CPU per request {cpu / count * 1000:.1f} ms)")


def print_failures(prefix: str, log: Path) -> None:
    """What went wrong, by kind (Locust's failures file), and the servers' last error."""
    by_kind: dict[str, int] = {}
    with open(f"{prefix}_failures.csv") as rows:
        for row in csv.DictReader(rows):
            kind = row["Error"].split(" for ")[0].removeprefix("CatchResponseError('")
            by_kind[kind] = by_kind.get(kind, 0) + int(row["Occurrences"])
    if by_kind:
        print("failures:", ", ".join(f"{n} x {kind}" for kind, n in by_kind.items()))
        errors = [line for line in log.read_text().splitlines() if "Error:" in line]
        print(f"last server error ({log}): {errors[-1] if errors else 'none logged'}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database", default="hc_bench_pages")
    parser.add_argument("--reuse", action="store_true", help="take the databases built before")
    parser.add_argument("--cohorts", type=int, default=1000)
    parser.add_argument("--messages-per-room", type=int, default=70_000)
    parser.add_argument("--busy-rooms", type=int, default=0)
    parser.add_argument("--users", default="50,200")
    parser.add_argument("--seconds", type=int, default=60)
    parser.add_argument("--wait", type=float, default=1.0, help="mean pause between pages (s)")
    parser.add_argument("--redis-url", default="redis://127.0.0.1:6379/0")
    parser.add_argument("--no-queries", action="store_true", help="skip the query counts")
    parser.add_argument(
        "--pool-size",
        default="20",
        help="the servers' DATABASE_POOL_SIZE (connections per process, as README advises); "
        "0 for none",
    )
    parser.add_argument(
        "--conn-max-age",
        default="0",
        help="the servers' DATABASE_CONN_MAX_AGE (only without a pool; 0 under ASGI)",
    )
    args = parser.parse_args()
    small = f"{args.database}_small"

    if not args.reuse:
        for command in (
            [
                *("--database", small, "--cohorts", "3", "--messages-per-room", "300"),
                *("--participants", "6", "--sessions", "5"),
            ],
            [
                *("--database", args.database, "--cohorts", str(args.cohorts)),
                *("--messages-per-room", str(args.messages_per_room)),
                *("--busy-rooms", str(args.busy_rooms)),
            ],
        ):
            subprocess.run([sys.executable, BENCH / "pages_data.py", *command], check=True)

    if not args.no_queries:
        counts = {name: child("queries", name) for name in (small, args.database)}
        print(f"\nqueries per page ({small} / {args.database}):")
        grown = []
        floor = counts[args.database].pop("floor")  # type: ignore[union-attr]
        counts[small].pop("floor")  # type: ignore[union-attr]
        print(f"  (the floor's CPU: {floor})")
        for name, roles in counts[small].items():
            for role, few in roles.items():
                if role.endswith("cpu ms"):
                    continue
                large = counts[args.database][name]  # type: ignore[index]
                many = large[role]
                mark = "" if few == many else "   <- grows with the data"
                grown += [name] if mark else []
                print(
                    f"  {name:<16}{role:<12}{few:>4} / {many:<4} "
                    f"(Django's CPU on the large one, median of 5: {large[role + ' cpu ms']} ms)"
                    f"{mark}"
                )
        print("every count flat" if not grown else f"grows: {', '.join(grown)}")

    work = Path(tempfile.mkdtemp(prefix="hc_pages_"))
    people = child("identities", args.database, str(IDENTITY_COHORTS))
    (work / "identities.json").write_text(json.dumps(people))
    servers = cluster.Cluster(database_url(args.database), args.redis_url, "hc_pages")
    servers.env["DJANGO_SETTINGS_MODULE"] = "bench.floor_settings"
    servers.env["DATABASE_CONN_MAX_AGE"] = args.conn_max_age
    servers.env["DATABASE_POOL_SIZE"] = args.pool_size
    hosts = [f"http://127.0.0.1:{port}" for port in servers.ports]
    env = dict(
        os.environ,
        HC_PAGES_IDENTITIES=str(work / "identities.json"),
        HC_PAGES_HOSTS=",".join(hosts),
        HC_PAGES_WAIT=str(args.wait),
    )
    print(
        f"\n{len(people)} identities ({sum(p['role'] == 'coach' for p in people)} coaches) of "
        f"the first {IDENTITY_COHORTS} cohorts; 2 Uvicorn processes, DATABASE_POOL_SIZE="
        f"{args.pool_size}, DATABASE_CONN_MAX_AGE={args.conn_max_age}; mean pause {args.wait} s; "
        f"load average before {load()}"
    )
    try:
        for index in range(2):
            servers.start(index)
        warm_up(hosts, people)
        for users in (int(u) for u in args.users.split(",")):
            before = cpu_seconds(servers.pids())
            rows = locust(users, args.seconds, hosts, env, str(work / f"u{users}"))
            print_table(rows, users, cpu_seconds(servers.pids()) - before, args.seconds)
            print_failures(str(work / f"u{users}"), servers.log)
    finally:
        servers.stop()


if __name__ == "__main__":
    if sys.argv[1:2] == ["identities"]:
        print(json.dumps(identities(sys.argv[2], int(sys.argv[3]))))
    elif sys.argv[1:2] == ["queries"]:
        print(json.dumps(query_counts(sys.argv[2])))
    else:
        main()
