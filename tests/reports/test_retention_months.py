"""Retention by month since the start, and the median days from referral to first session."""

import datetime

import pytest
import time_machine
from django.utils import timezone

from groups import services as group_services
from groups.models import Membership, add_months
from reports.disclosure import magnitude_threshold
from reports.retention_months import (
    first_session_table,
    first_sessions,
    retention_by_month,
    retention_month_table,
)
from reports.sections import Scope

from .conftest import build_programme

pytestmark = pytest.mark.django_db


def test_still_taking_part_per_month_over_everyone_enrolled(world):
    cohort, members = build_programme(world, participants=12, sessions=1)
    start = cohort.start_date
    # one leaves in month 2, one in month 5 (after the agreement, which was today)
    Membership.objects.filter(cohort=cohort).update(
        accepted_at=timezone.now() - datetime.timedelta(days=420)
    )
    for membership, month in ((members[0], 1), (members[1], 4)):
        when = datetime.datetime.combine(
            add_months(start, month) + datetime.timedelta(days=3),
            datetime.time(12),
            tzinfo=datetime.UTC,
        )
        with time_machine.travel(when, tick=False):
            group_services.leave_cohort(
                membership=membership, by=membership.person, reason="Test", category="time"
            )
    end = add_months(start, 6)
    scope = Scope((cohort.pk,), start, end)
    block = retention_by_month(scope)[cohort.pk]
    assert block.enrolled.n == 12
    assert [block.still_in(m).n for m in range(1, 7)] == [12, 11, 11, 11, 10, 10]
    table = retention_month_table(scope, {cohort.pk: block})
    assert len(table.rows) == 6  # month 6's day is the period's last day
    assert [row[0].text for row in table.rows][:2] == ["Maand 1", "Maand 2"]
    for row in table.rows:
        assert row[1].kind == "count" and row[2].kind == "count"
        assert row[3].number == pytest.approx(min(row[1].number, row[2].number) / row[2].number)


def test_one_query_each_for_every_cohort(world, django_assert_num_queries):
    cohorts = [
        build_programme(world, participants=5, sessions=1, name=f"Groep {n}")[0] for n in range(3)
    ]
    today = timezone.localdate()
    scope = Scope(tuple(c.pk for c in cohorts), today - datetime.timedelta(days=500), today)
    with django_assert_num_queries(1):
        retention_by_month(scope)
    with django_assert_num_queries(1):
        first_sessions(scope)


def test_the_median_only_over_cohort_months_of_the_magnitude_threshold(world):
    today = timezone.localdate()
    big, _ = build_programme(world, participants=magnitude_threshold(), sessions=2, name="Groot")
    small, _ = build_programme(world, participants=4, sessions=2, name="Klein")
    from sessions.models import Attendance

    # everyone came to the first session (one block per cohort, whatever today's date)
    Attendance.objects.update(status=Attendance.Status.PRESENT)
    scope = Scope((big.pk, small.pk), today - datetime.timedelta(days=500), today)
    first = first_sessions(scope)
    # build_programme refers today and records attendance from 400 days ago
    assert first.people.n == magnitude_threshold() + 4
    days = sorted(d for block in first.days.values() for d in block)
    assert set(days) == {-400}
    table = first_session_table(first)
    assert table.rows[1][1].kind == "number" and table.rows[1][1].number == -400
    alone = Scope((small.pk,), scope.start, scope.end)
    assert first_session_table(first_sessions(alone)).rows[1][1].kind == "withheld"


def _first_as_sets(first):
    return first.people, {key: sorted(days) for key, days in first.days.items()}


def test_attendance_and_first_sessions_in_one_pass_give_the_same_figures(world):
    """On PostgreSQL the report reads the register once for attendance and first sessions
    (reading it from its start, summing only the period); elsewhere two queries. Both must
    give what attendance() and first_sessions() give, also for a period that starts after
    some sessions (people whose first session lies before the period are not counted)."""
    from reports import sections
    from sessions.models import Attendance, Session

    today = timezone.localdate()
    big, members = build_programme(world, participants=11, sessions=6, name="Groot")
    small, _ = build_programme(world, participants=4, sessions=3, name="Klein")
    sessions = list(Session.objects.filter(cohort=big).order_by("starts_at"))
    # half of the big cohort first came to the fourth session, some never
    for index, membership in enumerate(members):
        for number, session in enumerate(sessions):
            came = number >= 3 if index % 2 else index != 4
            Attendance.objects.filter(session=session, person=membership.person).update(
                status=Attendance.Status.PRESENT if came else Attendance.Status.ABSENT
            )
    fourth = timezone.localtime(sessions[3].starts_at).date()
    cohorts = (big.pk, small.pk)
    for start in (today - datetime.timedelta(days=500), fourth, fourth + datetime.timedelta(1)):
        scope = Scope(cohorts, start, today)
        per_cohort, per_month, first = sections.attendance_and_first_sessions(scope)
        assert (per_cohort, per_month) == sections.attendance(scope)
        assert _first_as_sets(first) == _first_as_sets(first_sessions(scope))
    # the period from the fourth session: only those who first came then
    scope = Scope(cohorts, fourth, today)
    assert sections.attendance_and_first_sessions(scope)[2].people.n == 5
