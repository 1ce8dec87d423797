"""A production-size programme for the pages-under-load benchmark (bench/pages_load.py).

The programme of bench/report.py (cohorts x 18 participants, a session every fortnight for
a year with everyone's attendance, three measurement moments: baseline, 6 and 12 months),
plus what the pages need: a coach per cohort (with a second factor, as the site requires
of staff), each cohort's chat room and its messages. The messages are made by PostgreSQL
itself (INSERT ... SELECT generate_series), room by room, never through the ORM.

    .venv/bin/python bench/pages_data.py --database hc_load [--cohorts 1000]
        [--messages-per-room 70000] [--busy-rooms 0] [--busy-messages 70000]
        [--participants 18] [--sessions 26]

``--busy-rooms K`` gives the first K rooms ``--busy-messages`` messages and the others
``--messages-per-room``: the load test's members come from the first rooms, so their
chat pages are of full size even when the whole 70 million rows cannot be built.
Prints what it built, how long it took and the database's size.
"""

import argparse
import os
import sys
import time
from pathlib import Path

BENCH = Path(__file__).resolve().parent
sys.path.insert(0, str(BENCH))
sys.path.insert(0, str(BENCH.parent))

import report  # noqa: E402  (bench/report.py: its programme and its database reset)

MESSAGES_SQL = """
INSERT INTO chat_chatmessage
    (room_id, seq, changed_seq, author_id, body, created_at, client_id, hidden_reason)
SELECT %(room)s, g, g, %(first_person)s + (g * 7) %% %(people)s,
       'Bericht ' || g || ': hoe gaat het met iedereen deze week?',
       %(start)s + g * %(step)s * INTERVAL '1 second', '', ''
FROM generate_series(1, %(count)s) AS g
"""


def database_url(name: str) -> str:
    return f"postgres://postgres@127.0.0.1:5432/{name}"


def build(name: str, cohorts: int, per_room: int, busy_rooms: int, busy_messages: int) -> None:
    report.DATABASE = name
    report.reset_database()
    os.environ["DATABASE_URL"] = database_url(name)
    import django

    django.setup()
    from allauth.mfa.models import Authenticator
    from django.core.management import call_command
    from django.db import connection
    from django.utils import timezone

    from accounts.models import User
    from chat.models import ChatRoom
    from groups.models import Cohort, Membership

    began = time.perf_counter()
    call_command("migrate", verbosity=0)
    print(f"migrated in {time.perf_counter() - began:.0f} s", flush=True)
    began = time.perf_counter()
    report.build(cohorts)
    print(f"programme (report.build) in {time.perf_counter() - began:.0f} s", flush=True)

    began = time.perf_counter()
    cohort_rows = list(Cohort.objects.order_by("pk"))
    coaches = User.objects.bulk_create(
        User(email=f"coach{n}@bench.test", first_name=f"Coach {n}", password="!")
        for n in range(len(cohort_rows))
    )
    accepted = timezone.now()
    Membership.objects.bulk_create(
        Membership(
            person=coach,
            cohort=cohort,
            role=Membership.Role.COACH,
            status=Membership.Status.ACTIVE,
            accepted_at=accepted,
            created_at=accepted,
        )
        for coach, cohort in zip(coaches, cohort_rows, strict=True)
    )
    Authenticator.objects.bulk_create(
        Authenticator(user=coach, type=Authenticator.Type.TOTP, data={"secret": "bench"})
        for coach in coaches
    )
    rooms = ChatRoom.objects.bulk_create(ChatRoom(cohort=cohort) for cohort in cohort_rows)
    print(f"coaches and rooms in {time.perf_counter() - began:.0f} s", flush=True)

    began = time.perf_counter()
    total = 0
    first_people = dict(
        Membership.objects.filter(role=Membership.Role.PARTICIPANT)
        .values("cohort_id")
        .annotate(first=django.db.models.Min("person_id"))
        .values_list("cohort_id", "first")
    )
    start = min(cohort.start_date for cohort in cohort_rows)
    with connection.cursor() as cursor:
        for index, room in enumerate(rooms):
            count = busy_messages if index < busy_rooms else per_room
            cursor.execute(
                MESSAGES_SQL,
                {
                    "room": room.pk,
                    "first_person": first_people[room.cohort_id],
                    "people": report.PARTICIPANTS,
                    "start": start,
                    "step": max(1, 365 * 86400 // max(count, 1)),
                    "count": count,
                },
            )
            cursor.execute(
                "UPDATE chat_chatroom SET last_seq = %s WHERE id = %s", [count, room.pk]
            )
            total += count
            if index % 100 == 99:
                print(
                    f"  {index + 1} rooms, {total:,} messages, "
                    f"{total / (time.perf_counter() - began):,.0f} rows/s",
                    flush=True,
                )
        seconds = time.perf_counter() - began
        cursor.execute("ANALYZE")
        cursor.execute("SELECT pg_size_pretty(pg_database_size(current_database()))")
        size = cursor.fetchone()[0]
        cursor.execute("SELECT pg_size_pretty(pg_total_relation_size('chat_chatmessage'))")
        chat_size = cursor.fetchone()[0]
    print(
        f"built {name}: {cohorts} cohorts x {report.PARTICIPANTS} participants + 1 coach, "
        f"{report.SESSIONS} sessions each with attendance, 3 measurement moments; chat: "
        f"{busy_rooms} rooms x {busy_messages:,} + {cohorts - busy_rooms} x {per_room:,} = "
        f"{total:,} messages in {seconds:.0f} s ({total / max(seconds, 1e-9):,.0f} rows/s); "
        f"database {size}, chat messages with indexes {chat_size}; load average "
        f"{' '.join(f'{x:.1f}' for x in os.getloadavg())}",
        flush=True,
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database", default="hc_bench_pages")
    parser.add_argument("--cohorts", type=int, default=1000)
    parser.add_argument("--messages-per-room", type=int, default=70_000)
    parser.add_argument("--busy-rooms", type=int, default=0)
    parser.add_argument("--busy-messages", type=int, default=70_000)
    parser.add_argument("--participants", type=int, default=report.PARTICIPANTS)
    parser.add_argument("--sessions", type=int, default=report.SESSIONS)
    args = parser.parse_args()
    report.PARTICIPANTS, report.SESSIONS = args.participants, args.sessions
    build(args.database, args.cohorts, args.messages_per_room, args.busy_rooms, args.busy_messages)


if __name__ == "__main__":
    main()
