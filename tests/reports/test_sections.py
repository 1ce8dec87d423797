"""The report's sums against the same figures worked out here from the raw rows."""

import datetime
import math

import numpy as np
import pytest
from django.utils import timezone
from scipy import stats

from health.models import Measurement
from reports import sections
from reports.builder import build_report
from reports.disclosure import record_key
from sessions.models import Attendance, Session
from tests.health.pairing_oracle import paired_values_by_measure

from .conftest import build_programme

pytestmark = pytest.mark.django_db


@pytest.fixture
def varied(world):
    """Ten participants who came to 0 to 9 of 9 held sessions, and sessions that don't count."""
    cohort, members = build_programme(world, participants=10, sessions=11)
    sessions = list(Session.objects.filter(cohort=cohort).order_by("starts_at"))
    for index, membership in enumerate(members):
        for number, session in enumerate(sessions[:9]):
            status = "present" if number < index else ("excused" if number % 2 else "absent")
            Attendance.objects.filter(session=session, person=membership.person).update(
                status=status
            )
    sessions[9].status = Session.Status.CANCELLED  # cancelled: not held
    sessions[9].save()
    period_end = timezone.localtime(sessions[10].starts_at).date() - datetime.timedelta(days=1)
    scope = sections.Scope(
        cohort_ids=(cohort.pk,), start=cohort.start_date, end=period_end
    )  # the last session falls after the period
    return scope, members, sessions[:9]


def test_attendance_sums_are_those_of_the_register(varied):
    scope, members, held = varied
    rates, keys = [], []
    for membership in members:
        rows = Attendance.objects.filter(session__in=held, person=membership.person)
        rates.append(sum(row.status == "present" for row in rows) / rows.count())
        keys.append(record_key(membership.person_id))
    per_cohort, per_month = sections.attendance(scope)
    (block,) = per_cohort.values()
    assert block.people.n == 10 and block.people.keys == sum(keys)
    below = [k for k, rate in zip(keys, rates, strict=True) if rate < 0.5]
    above = [k for k, rate in zip(keys, rates, strict=True) if rate > 0.8]
    assert (block.below_50.n, block.below_50.keys) == (len(below), sum(below))
    assert (block.above_80.n, block.above_80.keys) == (len(above), sum(above))
    assert (block.below_50.n, block.middle.n, block.above_80.n) == (5, 3, 2)  # 0..9 of 9
    register = Attendance.objects.filter(session__in=held)
    assert block.recorded.n == register.count() == 90
    assert block.present.n == register.filter(status="present").count()
    assert sum(b.sessions for b in per_month.values()) == 9
    month_sessions: dict = {}
    for session in held:
        month = timezone.localtime(session.starts_at).date().replace(day=1)
        month_sessions.setdefault(month, []).append(session)
    assert sorted(month for _c, month in per_month) == sorted(month_sessions)
    for (_cohort, month), sums in per_month.items():
        rows = Attendance.objects.filter(session__in=month_sessions[month])
        assert sums.sessions == len(month_sessions[month])
        assert sums.present.n == rows.filter(status="present").count()
        assert sums.recorded.n == rows.count()


def test_outcome_blocks_are_healths_pairs(world):
    cohort, members = build_programme(world, participants=12, sessions=1)
    for index, membership in enumerate(members):
        Measurement.objects.filter(
            membership=membership, measure="hba1c", measured_on__gt=cohort.start_date
        ).update(value=55 + (index * 7) % 5)
    scope = sections.Scope(
        cohort_ids=(cohort.pk,), start=cohort.start_date, end=timezone.localdate()
    )
    _measures, blocks, expected = sections.outcomes(scope)
    pairs = paired_values_by_measure(cohort_ids=[cohort.pk], measures=["weight", "hba1c"])
    for measure in ("weight", "hba1c"):
        before = np.array([float(p.first) for p in pairs[measure]])
        after = np.array([float(p.second) for p in pairs[measure]])
        block = blocks[(measure, cohort.pk)]["month_12"]
        summary = block.summary()
        assert summary.n == len(before) == 12
        assert summary.baseline_mean == pytest.approx(before.mean())
        assert summary.baseline_sd == pytest.approx(before.std(ddof=1))
        assert summary.change_mean == pytest.approx((after - before).mean())
        assert block.went_down.n == int((after < before).sum())
    hba1c = blocks[("hba1c", cohort.pk)]["month_12"]
    before = np.array([float(p.first) for p in pairs["hba1c"]])
    after = np.array([float(p.second) for p in pairs["hba1c"]])
    assert hba1c.relevant.n == int((before - after >= 5).sum())
    weight = blocks[("weight", cohort.pk)]["month_12"]
    wb = np.array([float(p.first) for p in pairs["weight"]])
    wa = np.array([float(p.second) for p in pairs["weight"]])
    assert weight.relevant.n == int(((wb - wa) / wb >= 0.05).sum())
    assert expected[(cohort.pk, "month_12")].n == 12


def test_the_report_row_is_scipys_paired_test(world):
    cohort, members = build_programme(world, participants=12, sessions=1)
    for index, membership in enumerate(members):
        Measurement.objects.filter(
            membership=membership, measure="hba1c", measured_on__gt=cohort.start_date
        ).update(value=55 + (index * 7) % 5)
    scope = sections.Scope(
        cohort_ids=(cohort.pk,), start=cohort.start_date, end=timezone.localdate()
    )
    pairs = paired_values_by_measure(cohort_ids=[cohort.pk], measures=["hba1c"])["hba1c"]
    before = np.array([float(p.first) for p in pairs])
    after = np.array([float(p.second) for p in pairs])
    expected = stats.ttest_rel(after, before)
    interval = expected.confidence_interval(confidence_level=0.95)
    report = build_report(title="T", subtitle="", scope=scope)
    row = next(
        row
        for row in report.table("outcomes").rows
        if row[0].text.startswith("HbA1c") and row[1].text == "12 maanden"
    )
    by_header = dict(zip(report.table("outcomes").headers, row, strict=True))
    assert by_header["CI 95%: laag"].number == pytest.approx(interval.low, abs=0.01)
    assert by_header["CI 95%: hoog"].number == pytest.approx(interval.high, abs=0.01)
    assert by_header["p"].number == pytest.approx(expected.pvalue)
    change = after - before
    assert by_header["Effectgrootte (d_z)"].number == pytest.approx(
        change.mean() / change.std(ddof=1), abs=0.005
    )
    assert by_header["Start: SD"].number == pytest.approx(before.std(ddof=1), abs=0.001)
    assert not math.isnan(by_header["Vervolg: gemiddelde"].number)


def test_a_report_switches_the_collector_back_on_only_if_it_was_on(varied):
    import gc

    scope, _members, _held = varied
    assert gc.isenabled()
    build_report(title="Test", subtitle="", scope=scope)
    assert gc.isenabled()
    gc.disable()
    try:
        build_report(title="Test", subtitle="", scope=scope)
        assert not gc.isenabled()
    finally:
        gc.enable()


def test_the_report_memory_limit_grows_with_the_cohorts():
    from reports.snapshot import report_work_mem

    assert [report_work_mem(n) for n in (0, 1, 1000, 1001, 5000, 10_000, 50_000)] == [
        "64MB",
        "64MB",
        "64MB",
        "128MB",
        "320MB",
        "512MB",
        "512MB",
    ]
