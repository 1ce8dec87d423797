"""Benchmark: the cross-cohort funder report on a large programme, against a SQL floor.

Builds 1,000 cohorts x 18 participants x 26 sessions with three measurement moments in
a fresh PostgreSQL database, then times
  1. the report as the site builds it (reports.builder.build_report, every section), and
  2. one hand-written SQL query computing the attendance and outcome aggregates directly,
and prints both with their ratio. Target: the report within 3x of the floor and under 2 s.

    .venv/bin/python bench/report.py [--cohorts 1000] [--repeat 3] [--reuse] [--cpu]
                                     [--dump FILE] [--database NAME]

With --cpu it also prints the CPU time of both (this process plus its PostgreSQL backends,
read from /proc, with parallel workers off so that the backend does all the server work):
on a machine shared with other work the wall clock says more about the others.

Needs PostgreSQL on 127.0.0.1:5432 (user postgres); it drops and recreates hc_bench_report
(hc_bench_report_<n> with --cohorts n other than 1000, or the one named by --database NAME;
--reuse times the one built before).
The national-scale run of issue 25: --cohorts 10000 (target under 10 s, within 3x).
"""

import argparse
import datetime
import os
import random
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def _database(argv: list[str]) -> str:
    """hc_bench_report for the default 1,000 cohorts, hc_bench_report_<n> for other sizes,
    so that programmes of several sizes can be kept and reused side by side; --database
    NAME uses a database of that name instead (several people on one server)."""
    cohorts = "1000"
    for index, arg in enumerate(argv):
        if arg in ("--cohorts", "--database") and index + 1 < len(argv):
            if arg == "--database":
                return argv[index + 1]
            cohorts = argv[index + 1]
        elif arg.startswith("--database="):
            return arg.split("=", 1)[1]
        elif arg.startswith("--cohorts="):
            cohorts = arg.split("=", 1)[1]
    return "hc_bench_report" if cohorts == "1000" else f"hc_bench_report_{int(cohorts)}"


DATABASE = _database(sys.argv[1:])
os.environ["DATABASE_URL"] = f"postgres://postgres@127.0.0.1:5432/{DATABASE}"
os.environ.pop("REDIS_URL", None)
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

PARTICIPANTS = 18
SESSIONS = 26
MEASURES = {
    "weight": (92.0, -2.5),
    "hba1c": (62.0, -4.0),
    "height": (172.0, 0.0),
    "bp_systolic": (142.0, -5.0),
}

FLOOR_SQL = """
WITH held AS (
    SELECT s.id, s.starts_at FROM meetings_session s
    WHERE s.cohort_id = ANY(%(cohorts)s) AND s.status = 'planned'
      AND s.starts_at >= %(start)s AND s.starts_at < %(end)s
),
per_person AS (
    SELECT a.person_id, AVG(CASE WHEN a.status = 'present' THEN 1.0 ELSE 0.0 END) AS rate
    FROM meetings_attendance a JOIN held ON held.id = a.session_id
    GROUP BY a.person_id
),
attendance AS (
    SELECT COUNT(*) AS participants, AVG(rate) AS mean_rate,
           COUNT(*) FILTER (WHERE rate < 0.5) AS below_50,
           COUNT(*) FILTER (WHERE rate >= 0.5 AND rate <= 0.8) AS mid,
           COUNT(*) FILTER (WHERE rate > 0.8) AS above_80
    FROM per_person
),
pairs AS (
    SELECT m0.measure, m0.value AS first, m1.value AS second
    FROM health_measurement m0
    JOIN groups_membership ms ON ms.id = m0.membership_id
    JOIN groups_cohort c ON c.id = ms.cohort_id
    JOIN health_measurement m1 ON m1.membership_id = m0.membership_id AND m1.measure = m0.measure
    WHERE ms.cohort_id = ANY(%(cohorts)s)
      AND m0.measured_on BETWEEN c.start_date - 28 AND c.start_date + 28
      AND m1.measured_on BETWEEN (c.start_date + INTERVAL '12 months')::date - 28
                             AND (c.start_date + INTERVAL '12 months')::date + 28
),
outcomes AS (
    SELECT measure, COUNT(*) AS n, AVG(second - first) AS mean_change,
           STDDEV_SAMP(second - first) AS sd_change
    FROM pairs GROUP BY measure
)
SELECT (SELECT row_to_json(attendance) FROM attendance),
       (SELECT json_agg(outcomes) FROM outcomes)
"""


def reset_database() -> None:
    import psycopg

    with psycopg.connect("postgres://postgres@127.0.0.1:5432/postgres", autocommit=True) as conn:
        conn.execute(f"DROP DATABASE IF EXISTS {DATABASE} WITH (FORCE)")
        conn.execute(f"CREATE DATABASE {DATABASE}")


def build(cohorts: int) -> tuple[int, datetime.date]:
    """Bulk-creates the programme (benchmark data, so straight into the tables)."""
    from django.utils import timezone

    from accounts.models import User
    from groups.models import Cohort, Funder, Membership, Organisation, add_months
    from health.models import Measurement
    from sessions.models import Attendance, Session

    today = timezone.localdate()
    start = today - datetime.timedelta(days=400)
    organisation = Organisation.objects.create(name="Zorggroep Benchmark")
    funder = Funder.objects.create(name="Verzekeraar Benchmark", kind="insurer")
    coach = User.objects.create_user(email="coach@bench.test")
    cohort_rows = Cohort.objects.bulk_create(
        Cohort(
            organisation=organisation,
            name=f"Groep {n}",
            meeting_place="Buurthuis",
            start_date=start,
            planned_end_date=add_months(start, 12),
            status="running",
            monthly_contribution_cents=1000,
        )
        for n in range(cohorts)
    )
    funder.cohorts.set(cohort_rows)
    users = User.objects.bulk_create(
        User(email=f"p{n}@bench.test", first_name=f"P{n}", password="!")
        for n in range(cohorts * PARTICIPANTS)
    )
    accepted = timezone.make_aware(datetime.datetime.combine(start, datetime.time(12)))
    memberships = Membership.objects.bulk_create(
        Membership(
            person=users[c * PARTICIPANTS + p],
            cohort=cohort,
            role="participant",
            status="active",
            place=p + 1,
            accepted_at=accepted,
            created_at=accepted,
        )
        for c, cohort in enumerate(cohort_rows)
        for p in range(PARTICIPANTS)
    )
    first = timezone.make_aware(datetime.datetime.combine(start, datetime.time(19)))
    sessions = Session.objects.bulk_create(
        Session(
            cohort=cohort,
            title=f"Bijeenkomst {w}",
            starts_at=first + datetime.timedelta(weeks=2 * w),
            ends_at=first + datetime.timedelta(weeks=2 * w, hours=2),
        )
        for cohort in cohort_rows
        for w in range(SESSIONS)
    )
    batch = []
    for index, session in enumerate(sessions):
        c = index // SESSIONS
        for p in range(PARTICIPANTS):
            status = "present" if (p + index) % 5 else ("absent" if p % 2 else "excused")
            batch.append(
                Attendance(
                    session=session,
                    person=users[c * PARTICIPANTS + p],
                    status=status,
                    recorded_by=coach,
                )
            )
        if len(batch) > 50_000:
            Attendance.objects.bulk_create(batch)
            batch = []
    Attendance.objects.bulk_create(batch)
    noise = random.Random(2026)  # fixed seed: the same programme on every run
    batch = []
    for index, membership in enumerate(memberships):
        for months in (0, 6, 12):
            day = add_months(start, months)
            for measure, (base, change) in MEASURES.items():
                spread = 0.0 if measure == "height" else noise.gauss(0, 2)
                value = base + (index % 11) - 5 + change * months / 12 + spread
                batch.append(
                    Measurement(
                        membership=membership,
                        measure=measure,
                        value=round(value, 1),
                        measured_on=day,
                        source="session",
                        entered_by=coach,
                        entered_as="coach",
                    )
                )
        if len(batch) > 50_000:
            Measurement.objects.bulk_create(batch)
            batch = []
    Measurement.objects.bulk_create(batch)
    return funder.pk, start


def dump(report, path: str) -> None:
    """Every released figure of the report (tables, charts, notes) as JSON, to compare the
    output of two versions of the code on the same programme (diff the files)."""
    import json

    def cell(value):
        number = value.number
        if isinstance(number, datetime.date):
            number = number.isoformat()
        withheld = None if value.withheld is None else str(value.withheld)
        return [value.text, number, value.kind, value.decimals, withheld, value.unit]

    figures = {
        "tables": [
            {
                "key": table.key,
                "title": table.title,
                "headers": table.headers,
                "rows": [[cell(value) for value in row] for row in table.rows],
                "note": table.note,
                "footnotes": table.footnotes,
            }
            for table in report.tables
        ],
        "charts": report.charts,
        "definitions": report.definitions,
        "disclosure_note": report.disclosure_note,
    }
    Path(path).write_text(json.dumps(figures, indent=1, ensure_ascii=False, sort_keys=True))
    print(f"figures written to {path}")


def timed(function, repeat: int) -> list[float]:
    times = []
    for _ in range(repeat):
        began = time.perf_counter()
        function()
        times.append(time.perf_counter() - began)
    return times


def cpu_times(function, repeat: int) -> list[float]:
    """CPU seconds per run (Linux /proc): this process (every thread), its PostgreSQL
    backend, and the backends that ended during the run, such as the report's second
    connection (reports.snapshot): the postmaster's reaped children (cutime + cstime).
    Parallel workers are off on this connection, so that its backend does its own work."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SET max_parallel_workers_per_gather = 0")
        cursor.execute("SELECT pg_backend_pid()")
        pid = cursor.fetchone()[0]
    tick = os.sysconf("SC_CLK_TCK")

    def stat(process: int) -> list[str]:
        return Path(f"/proc/{process}/stat").read_text().rsplit(")", 1)[1].split()

    postmaster = int(stat(pid)[1])

    def server() -> float:
        backend, reaped = stat(pid), stat(postmaster)
        # utime + stime of the backend, cutime + cstime of the postmaster
        return (int(backend[11]) + int(backend[12]) + int(reaped[13]) + int(reaped[14])) / tick

    times = []
    for _ in range(repeat):
        began, client = server(), time.process_time()
        function()
        spent = time.process_time() - client
        time.sleep(0.2)  # a closed connection's backend ends, and is reaped, just after
        times.append(spent + server() - began)
    with connection.cursor() as cursor:
        cursor.execute("RESET max_parallel_workers_per_gather")
    return times


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cohorts", type=int, default=1000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument(
        "--database",
        default=DATABASE,
        help="the PostgreSQL database to (re)build or reuse (default: by --cohorts)",
    )
    parser.add_argument(
        "--reuse", action="store_true", help="time the programme built by an earlier run"
    )
    parser.add_argument(
        "--dump", metavar="FILE", help="write every figure of the report to FILE as JSON"
    )
    parser.add_argument(
        "--cpu", action="store_true", help="also CPU time: this process plus its backend"
    )
    args = parser.parse_args()

    if not args.reuse:
        reset_database()
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from django.utils import timezone
    from django.utils.translation import activate

    from reports.builder import build_report
    from reports.sections import Scope

    activate("nl")
    from groups.models import Cohort, Funder

    if args.reuse:
        funder_id = Funder.objects.get(name="Verzekeraar Benchmark").pk
        start = Cohort.objects.filter(funders=funder_id).earliest("start_date").start_date
        print(f"reusing {Cohort.objects.filter(funders=funder_id).count()} cohorts")
    else:
        call_command("migrate", verbosity=0)
        began = time.perf_counter()
        funder_id, start = build(args.cohorts)
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
        print(
            f"built {args.cohorts} cohorts x {PARTICIPANTS} participants x {SESSIONS} "
            f"sessions in {time.perf_counter() - began:.1f} s"
        )

    cohort_ids = tuple(Cohort.objects.filter(funders=funder_id).values_list("pk", flat=True))
    end = timezone.localdate()
    scope = Scope(cohort_ids=cohort_ids, start=start, end=end)

    def report():
        return build_report(title="Benchmark", subtitle="", scope=scope)

    def floor():
        with connection.cursor() as cursor:
            cursor.execute(
                FLOOR_SQL,
                {
                    "cohorts": list(cohort_ids),
                    "start": scope.start,
                    "end": scope.end_of_period,
                },
            )
            return cursor.fetchone()

    built = report()
    if args.dump:
        dump(built, args.dump)
    outcome = next(table for table in built.tables if table.key == "outcomes")
    print("report sample (outcomes):", outcome.rows[0])
    print("floor sample:", str(floor())[:200])

    report_times = timed(report, args.repeat)
    floor_times = timed(floor, args.repeat)
    report_s, floor_s = statistics.median(report_times), statistics.median(floor_times)
    print(
        f"report (build_report, all sections): median {report_s * 1000:.0f} ms "
        f"(runs: {', '.join(f'{t * 1000:.0f}' for t in report_times)} ms)"
    )
    print(
        f"floor (one SQL query, attendance + outcomes): median {floor_s * 1000:.0f} ms "
        f"(runs: {', '.join(f'{t * 1000:.0f}' for t in floor_times)} ms)"
    )
    limit = "2 s" if len(cohort_ids) <= 1000 else "10 s"
    print(f"ratio report / floor: {report_s / floor_s:.1f}x  (target <= 3x, report < {limit})")
    if args.cpu:
        cpu_report, cpu_floor = cpu_times(report, args.repeat), cpu_times(floor, args.repeat)
        for name, runs in (("report", cpu_report), ("floor", cpu_floor)):
            print(
                f"cpu {name}: median {statistics.median(runs) * 1000:.0f} ms "
                f"(runs: {', '.join(f'{t * 1000:.0f}' for t in runs)} ms)"
            )
        ratio = statistics.median(cpu_report) / statistics.median(cpu_floor)
        print(f"cpu ratio report / floor: {ratio:.1f}x")


if __name__ == "__main__":
    main()
