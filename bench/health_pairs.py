"""Benchmark: outcome pairs for a programme, measure by measure against one batch.

Builds N cohorts x 18 participants with values for eight measures and the WHO-5 at
baseline, 6 and 12 months in a fresh PostgreSQL database, then times what an outcomes
report needs (every measure, follow-up at 12 and 6 months, plus the baseline count):
  1. paired_values, once per cohort per measure per moment pair,
  2. paired_values, once per measure per moment pair for all cohorts,
  3. paired_values_by_measure, once per moment pair for all cohorts,
  4. paired_values_by_moments, once for every pair and cohort,
(the Python pairing, kept in tests/health/pairing_oracle.py as the oracle of the SQL
pairing in reports/pairing.py, which bench/report.py times)
checks that both give the same pairs and prints the times and query counts.

    .venv/bin/python bench/health_pairs.py [--cohorts 100] [--repeat 3]

Needs PostgreSQL on 127.0.0.1:5432 (user postgres); it drops and recreates hc_bench_health.
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
DATABASE = "hc_bench_health"
os.environ["DATABASE_URL"] = f"postgres://postgres@127.0.0.1:5432/{DATABASE}"
os.environ.pop("REDIS_URL", None)
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

PARTICIPANTS = 18
MEASURES = {
    "weight": 92.0,
    "height": 172.0,
    "waist": 104.0,
    "hba1c": 62.0,
    "cholesterol_total": 5.2,
    "ldl": 3.1,
    "bp_systolic": 142.0,
    "glucose_drugs": 2.0,
}
MOMENT_PAIRS = [("baseline", "month_12"), ("baseline", "month_6"), ("baseline", "baseline")]


def reset_database() -> None:
    import psycopg

    with psycopg.connect("postgres://postgres@127.0.0.1:5432/postgres", autocommit=True) as conn:
        conn.execute(f"DROP DATABASE IF EXISTS {DATABASE} WITH (FORCE)")
        conn.execute(f"CREATE DATABASE {DATABASE}")


def build(cohorts: int) -> list[int]:
    """Bulk-creates the programme (benchmark data, so straight into the tables)."""
    from django.utils import timezone

    from accounts.models import User
    from groups.models import Cohort, Membership, Organisation, add_months
    from health.models import Instrument, Measurement, QuestionnaireResponse

    today = timezone.localdate()
    start = today - datetime.timedelta(days=400)
    organisation = Organisation.objects.create(name="Zorggroep Benchmark")
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
    who5 = Instrument.objects.get(key="who5")
    noise = random.Random(2026)  # fixed seed: the same programme on every run
    values, responses = [], []
    for membership in memberships:
        for months in (0, 6, 12):
            for repeat in range(2):  # two values near each moment: the nearer one counts
                day = add_months(start, months) + datetime.timedelta(days=noise.randint(-20, 20))
                for measure, base in MEASURES.items():
                    if noise.random() < 0.15:
                        continue  # not every value is measured every time
                    values.append(
                        Measurement(
                            membership=membership,
                            measure=measure,
                            value=round(base * noise.uniform(0.9, 1.1), 1),
                            measured_on=day,
                            source="session",
                            entered_by=coach,
                            entered_as="coach",
                        )
                    )
                if repeat == 0:
                    raw = noise.randint(5, 25)
                    responses.append(
                        QuestionnaireResponse(
                            membership=membership,
                            instrument=who5,
                            completed_on=day,
                            raw_score=raw,
                            score=raw * 4,
                            answered=5,
                        )
                    )
    Measurement.objects.bulk_create(values, batch_size=20_000)
    QuestionnaireResponse.objects.bulk_create(responses, batch_size=20_000)
    return [cohort.pk for cohort in cohort_rows]


def timed(function, repeat: int) -> tuple[list[float], int, object]:
    from django.db import connection

    times, queries = [], []

    def count(execute, sql, params, many, context):
        queries.append(sql)
        return execute(sql, params, many, context)

    for _ in range(repeat):
        queries.clear()
        with connection.execute_wrapper(count):
            began = time.perf_counter()
            result = function()
            times.append(time.perf_counter() - began)
    return times, len(queries), result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cohorts", type=int, default=100)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    reset_database()

    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    from tests.health.pairing_oracle import (
        paired_values,
        paired_values_by_measure,
        paired_values_by_moments,
    )

    call_command("migrate", verbosity=0)
    began = time.perf_counter()
    cohort_ids = build(args.cohorts)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    print(
        f"built {args.cohorts} cohorts x {PARTICIPANTS} participants, "
        f"{len(MEASURES)} measures + WHO-5 at 3 moments in {time.perf_counter() - began:.1f} s"
    )
    measures = [*MEASURES, "who5"]

    def one_by_one():
        result = {}
        for first, second in MOMENT_PAIRS:
            for measure in measures:
                result[(first, second, measure)] = [
                    pair
                    for cohort_id in cohort_ids
                    for pair in paired_values(
                        cohort_ids=[cohort_id],
                        measure=measure,
                        first_moment=first,
                        second_moment=second,
                    )
                ]
        return result

    def per_measure():
        return {
            (first, second, measure): paired_values(
                cohort_ids=cohort_ids, measure=measure, first_moment=first, second_moment=second
            )
            for first, second in MOMENT_PAIRS
            for measure in measures
        }

    def batch():
        result = {}
        for first, second in MOMENT_PAIRS:
            by_measure = paired_values_by_measure(
                cohort_ids=cohort_ids, measures=measures, first_moment=first, second_moment=second
            )
            for measure, pairs in by_measure.items():
                result[(first, second, measure)] = pairs
        return result

    old_times, old_queries, old = timed(one_by_one, args.repeat)

    def one_fetch():
        together = paired_values_by_moments(
            cohort_ids=cohort_ids, measures=measures, moment_pairs=MOMENT_PAIRS
        )
        return {
            (first, second, measure): pairs
            for (first, second), by_measure in together.items()
            for measure, pairs in by_measure.items()
        }

    mid_times, mid_queries, mid = timed(per_measure, args.repeat)
    new_times, new_queries, new = timed(batch, args.repeat)
    all_times, all_queries, every = timed(one_fetch, args.repeat)
    assert set(old) == set(mid) == set(new) == set(every)
    for key in old:
        assert sorted(old[key], key=lambda p: p.membership_id) == mid[key] == new[key], key
        assert every[key] == new[key], key
    pairs = sum(len(pairs) for pairs in new.values())
    print(f"{pairs} pairs in all, identical both ways")
    print(
        f"paired_values per cohort x measure x moment pair: median "
        f"{statistics.median(old_times) * 1000:.0f} ms, {old_queries} queries"
    )
    print(
        f"paired_values per measure x moment pair:           median "
        f"{statistics.median(mid_times) * 1000:.0f} ms, {mid_queries} queries"
    )
    print(
        f"paired_values_by_measure per moment pair:          median "
        f"{statistics.median(new_times) * 1000:.0f} ms, {new_queries} queries"
    )
    print(
        f"paired_values_by_moments, every pair in one call:  median "
        f"{statistics.median(all_times) * 1000:.0f} ms, {all_queries} queries"
    )
    new = statistics.median(new_times)
    print(
        f"speed-up {statistics.median(old_times) / new:.1f}x against per cohort, "
        f"{statistics.median(mid_times) / new:.1f}x against per measure"
    )


if __name__ == "__main__":
    main()
