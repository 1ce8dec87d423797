"""Benchmark: the calendar feed, the session list and the reminder run on a busy cohort.

Builds one cohort of 20 participants with a programme of N sessions (through the real
services: series, RSVPs, registers) in a fresh SQLite file, then prints per page the
number of queries and the median time over a few runs, and the time of two reminder runs
(the second sends nothing).

    .venv/bin/python bench/sessions_calendar.py [--sessions 60] [--repeat 5]
"""

import argparse
import datetime
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
DB_FILE = Path(tempfile.gettempdir()) / "hc_bench_sessions.sqlite3"
os.environ["DATABASE_URL"] = f"sqlite:///{DB_FILE}"
os.environ.pop("REDIS_URL", None)
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")


def build(sessions: int):
    from django.test.utils import override_settings
    from django.utils import timezone

    from accounts.models import User
    from groups import services as groups
    from groups.models import GPConsent, Organisation, Practice, add_months
    from sessions import services

    today = timezone.localdate()
    start = today - datetime.timedelta(days=sessions * 7 // 2)  # half held, half to come
    organisation = Organisation.objects.create(name="Zorggroep Benchmark")
    practice = Practice.objects.create(organisation=organisation, name="Praktijk")
    manager = User.objects.create_user(email="manager@bench.test")
    coach = User.objects.create_user(email="coach@bench.test", first_name="Coach")
    groups.grant_staff_role(person=manager, role="manager", organisation=organisation)
    with override_settings(
        MAILERS={"default": {"BACKEND": "django.core.mail.backends.locmem.EmailBackend"}}
    ):
        cohort = groups.create_cohort(
            organisation=organisation,
            name="Benchmark",
            meeting_place="Buurthuis",
            start_date=start,
            planned_end_date=add_months(start, 24),
            monthly_contribution_cents=1000,
            by=manager,
        )
        groups.assign_coach(cohort=cohort, coach=coach, by=manager)
        members = []
        for n in range(20):
            membership = groups.refer_participant(
                cohort=cohort,
                by=manager,
                email=f"p{n}@bench.test",
                first_name=f"P{n}",
                last_name="Bench",
                date_of_birth=datetime.date(1965, 1, 1),
                practice=practice,
                gp_name="dr. X",
            )
            groups.record_gp_consent(
                membership=membership,
                by=manager,
                gp_name="dr. X",
                given_on=today,
                method=GPConsent.Method.IN_WRITING,
            )
            membership.refresh_from_db()
            members.append(
                groups.accept_agreement(
                    membership=membership, by=membership.person, agreement=True, privacy=True
                ).person
            )
        groups.start_cohort(cohort=cohort, by=coach)
        planned = []
        for first in range(0, sessions, 60):  # a series holds at most 60 sessions
            planned += services.create_series(
                cohort=cohort,
                by=coach,
                title=f"Bijeenkomst {first // 60 + 1}.",
                first_date=start + datetime.timedelta(weeks=first),
                start_time=datetime.time(19),
                end_time=datetime.time(21),
                every_weeks=1,
                regular_count=min(60, sessions - first),
                place="Buurthuis",
            )
        now = timezone.now()
        for session in planned:
            if session.ends_at < now:
                services.record_attendance(
                    session=session,
                    by=coach,
                    entries={p.pk: ("present", "") for p in members},
                )
            else:
                for person in members:
                    services.answer_rsvp(session=session, person=person, coming=True)
    return cohort, coach, members[0]


def timed(repeat: int, function) -> tuple[float, int]:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    times = []
    connection.queries_log.clear()
    for _run in range(repeat):
        with CaptureQueriesContext(connection) as queries:
            began = time.perf_counter()
            function()
            times.append(time.perf_counter() - began)
    return statistics.median(times), len(queries)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sessions", type=int, default=60)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    DB_FILE.unlink(missing_ok=True)

    import django

    django.setup()
    from django.core.management import call_command
    from django.test import Client
    from django.test.utils import override_settings, setup_test_environment
    from django.urls import reverse

    from sessions import selectors, services

    setup_test_environment()
    call_command("migrate", verbosity=0)
    began = time.perf_counter()
    cohort, coach, participant = build(args.sessions)
    print(
        f"built {args.sessions} sessions x 20 participants in {time.perf_counter() - began:.1f} s"
    )

    client = Client()
    feed = services.ensure_calendar_feed(person=participant)
    pages = {
        "calendar feed (.ics, no log-in)": (
            None,
            reverse("sessions:calendar_feed", args=[selectors.feed_token(feed)]),
        ),
        "session list": (participant, reverse("sessions:session_list", args=[cohort.pk])),
        "themes": (participant, reverse("sessions:theme_list", args=[cohort.pk])),
        "planning (coach)": (coach, reverse("sessions:planning", args=[cohort.pk])),
        "attendance rates (coach)": (
            coach,
            reverse("sessions:attendance_overview", args=[cohort.pk]),
        ),
    }
    for name, (person, url) in pages.items():
        if person:
            client.force_login(person)
        seconds, queries = timed(args.repeat, lambda url=url: client.get(url))
        print(f"{name:<34} {seconds * 1000:7.1f} ms   {queries:3d} queries")
    with override_settings(
        MAILERS={"default": {"BACKEND": "django.core.mail.backends.locmem.EmailBackend"}}
    ):
        for run in (1, 2):
            began = time.perf_counter()
            upcoming = cohort.sessions.upcoming().first()
            sent = services.enqueue_due_reminders(
                now=upcoming.starts_at - datetime.timedelta(days=1)
            )
            print(
                f"reminder run {run}: {sent} sent in {(time.perf_counter() - began) * 1000:.1f} ms"
            )


if __name__ == "__main__":
    main()
