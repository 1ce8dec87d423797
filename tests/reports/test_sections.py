"""The report's figures against the same figures worked out here from the raw rows."""

import datetime

import pytest
from django.db import connection
from django.utils import timezone
from scipy import stats

from health.selectors import paired_values_by_measure
from reports import register_sums, sections
from reports.builder import build_report
from sessions.models import Attendance, Session

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


def test_attendance_figures_are_those_of_the_register(varied):
    scope, members, held = varied
    rates = []
    for membership in members:
        rows = Attendance.objects.filter(session__in=held, person=membership.person)
        rates.append(sum(row.status == "present" for row in rows) / rows.count())
    summary = sections.attendance(scope)
    assert summary.sessions_held == 9
    assert summary.participants == 10
    assert summary.mean_rate == pytest.approx(sum(rates) / len(rates))
    assert summary.buckets == {
        "below_50": sum(rate < 0.5 for rate in rates),
        "50_to_80": sum(0.5 <= rate <= 0.8 for rate in rates),
        "above_80": sum(rate > 0.8 for rate in rates),
    }
    assert summary.buckets == {"below_50": 5, "50_to_80": 3, "above_80": 2}  # 0..9 of 9
    month_sessions = {}
    for session in held:
        month = timezone.localtime(session.starts_at).date().replace(day=1)
        month_sessions.setdefault(month, []).append(session)
    assert [m.month for m in summary.months] == sorted(month_sessions)
    for month in summary.months:
        rows = Attendance.objects.filter(session__in=month_sessions[month.month])
        assert month.sessions == len(month_sessions[month.month])
        assert month.rate == pytest.approx(rows.filter(status="present").count() / rows.count())


def test_both_ways_of_summing_the_register_agree(varied):
    """PostgreSQL sums the register in one statement; elsewhere three queries do."""
    if connection.vendor != "postgresql":
        pytest.skip("the one-statement sums need PostgreSQL's GROUPING SETS")
    scope, _, _ = varied
    start = datetime.datetime.combine(scope.start, datetime.time.min, tzinfo=datetime.UTC)
    args = (scope.cohort_ids, start, scope.end_of_period)
    one_people, one_months = register_sums._in_one_statement(*args)
    three_people, three_months = register_sums._in_three_queries(*args)
    assert one_months == three_months
    assert one_people.participants == three_people.participants == 10
    assert (one_people.below_50, one_people.above_80) == (5, 2)
    assert (three_people.below_50, three_people.above_80) == (5, 2)
    assert one_people.mean_rate == pytest.approx(three_people.mean_rate)


def test_outcomes_are_scipys_paired_test_on_healths_pairs(world):
    cohort, _members = build_programme(world, participants=9, sessions=1)
    scope = sections.Scope(
        cohort_ids=(cohort.pk,), start=cohort.start_date, end=timezone.localdate()
    )
    found = {outcome.measure.key: outcome for outcome in sections.outcomes(scope)}
    pairs = paired_values_by_measure(cohort_ids=[cohort.pk], measures=["weight", "hba1c"])
    for measure in ("weight", "hba1c"):
        before = [float(p.first) for p in pairs[measure]]
        after = [float(p.second) for p in pairs[measure]]
        outcome = found[measure]
        assert outcome.follow_up_moment == "month_12"
        assert outcome.n == len(before) == 9
        assert outcome.pairs.baseline_mean == pytest.approx(sum(before) / 9)
        assert outcome.pairs.went_down == sum(a < b for b, a in zip(before, after, strict=True))
        if measure == "weight":  # every weight went down by 3: no spread
            assert outcome.pairs.change_sd == pytest.approx(0)
            assert outcome.pairs.baseline_sd == pytest.approx(stats.tstd(before))
    bmi = found["bmi"]
    assert bmi.n == 9
    weights_after = [float(p.second) for p in pairs["weight"]]
    assert bmi.pairs.follow_up_mean == pytest.approx(sum(weights_after) / 9 / 1.75**2)


def test_the_report_row_shows_the_interval_of_scipys_test(world):
    cohort, members = build_programme(world, participants=9, sessions=1)
    # spread in the change, so the t-test has something to say
    from health.models import Measurement

    for index, membership in enumerate(members):
        Measurement.objects.filter(
            membership=membership, measure="hba1c", measured_on__gt=cohort.start_date
        ).update(value=55 + (index * 7) % 5)
    scope = sections.Scope(
        cohort_ids=(cohort.pk,), start=cohort.start_date, end=timezone.localdate()
    )
    pairs = paired_values_by_measure(cohort_ids=[cohort.pk], measures=["hba1c"])["hba1c"]
    expected = stats.ttest_rel([float(p.second) for p in pairs], [float(p.first) for p in pairs])
    interval = expected.confidence_interval(confidence_level=0.95)
    report = build_report(title="T", subtitle="", scope=scope)
    row = next(
        row
        for table in report.tables
        if table.key == "outcomes"
        for row in table.rows
        if row[0].startswith("HbA1c")
    )
    shown = f"{interval.low:.1f} – {interval.high:.1f}".replace(".", ",")
    assert row[6] == shown
