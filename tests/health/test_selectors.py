"""Reads for reports (issue 8) and the overviews: paired values, counts, missing values."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from groups.models import add_months
from health import selectors, services
from health.models import CheckIn, Instrument
from tests.health import pairing_oracle

from .conftest import make_goal


def _membership(cohort, person):
    return cohort.memberships.get(person=person)


def _record(cohort, person, by, day, **values):
    services.record_measurements(
        membership=_membership(cohort, person),
        by=by,
        measured_on=day,
        source="annual_checkup",
        values=values,
    )


def test_default_moments_are_baseline_6_and_12_months_with_a_window(past_cohort):
    moments = selectors.moments_for(cohort=past_cohort)
    assert [m.key for m in moments] == ["baseline", "month_6", "month_12"]
    assert moments[1].target == add_months(past_cohort.start_date, 6)
    assert moments[0].window_days == 28
    assert moments[0].contains(past_cohort.start_date - datetime.timedelta(days=28))
    assert not moments[0].contains(past_cohort.start_date + datetime.timedelta(days=29))


def test_a_cohort_can_have_its_own_timing(world, past_cohort):
    services.configure_measurement_moment(
        cohort=past_cohort, key="month_6", months_after_start=5, window_days=14, by=world.marloes
    )
    moment = next(m for m in selectors.moments_for(cohort=past_cohort) if m.key == "month_6")
    assert moment.target == add_months(past_cohort.start_date, 5)
    assert moment.window_days == 14


def test_paired_values_give_ids_and_the_value_nearest_each_moment(world, past_cohort):
    services.configure_measurement_moment(
        cohort=past_cohort, key="month_6", months_after_start=6, window_days=60, by=world.marloes
    )
    first, second, third = past_cohort.people
    start = past_cohort.start_date
    today = timezone.localdate()
    _record(past_cohort, first, world.petra, start - datetime.timedelta(days=20), weight="95")
    _record(past_cohort, first, world.petra, start + datetime.timedelta(days=2), weight="94")
    _record(past_cohort, first, world.petra, today, weight="88")
    _record(past_cohort, second, world.petra, start, weight="80")  # no second value
    _record(past_cohort, third, world.petra, today, weight="70")  # no baseline
    pairs = pairing_oracle.paired_values(
        cohort_ids=[past_cohort.pk],
        measure="weight",
        first_moment="baseline",
        second_moment="month_6",
    )
    assert len(pairs) == 1
    pair = pairs[0]
    assert pair.membership_id == _membership(past_cohort, first).pk
    assert pair.cohort_id == past_cohort.pk
    assert (pair.first, pair.second) == (Decimal("94.0"), Decimal("88.0"))
    assert not hasattr(pair, "name")


def test_paired_values_work_for_questionnaire_scores(world, past_cohort):
    services.configure_measurement_moment(
        cohort=past_cohort, key="month_6", months_after_start=6, window_days=60, by=world.marloes
    )
    person = past_cohort.people[0]
    who5 = Instrument.objects.get(key="who5")
    for day, value in ((past_cohort.start_date, 2), (timezone.localdate(), 4)):
        services.submit_questionnaire(
            membership=_membership(past_cohort, person),
            instrument=who5,
            by=person,
            answers=dict.fromkeys(range(1, 6), value),
            completed_on=day,
        )
    [pair] = pairing_oracle.paired_values(
        cohort_ids=[past_cohort.pk],
        measure="who5",
        first_moment="baseline",
        second_moment="month_6",
    )
    assert (pair.first, pair.second) == (Decimal(40), Decimal(80))


def test_goal_counts_per_cohort(world):
    quiet = make_goal(world, title="Stil doel")
    make_goal(world, sharing="group")
    services.record_check_in(goal=quiet, by=world.anna, confidence=5)
    CheckIn.objects.update(created_at=timezone.now() - datetime.timedelta(days=60))
    recent = make_goal(world, world.kees)
    services.record_check_in(goal=recent, by=world.kees, confidence=8)
    counts = selectors.goal_counts(cohort_ids=[world.cohort.pk, world.other_cohort.pk])
    assert counts[world.cohort.pk] == selectors.GoalCounts(
        participants=2,
        participants_with_goal=2,
        goals=3,
        shared_goals=1,
        goals_with_recent_check_in=1,
    )
    assert counts[world.other_cohort.pk].goals == 0
    assert counts[world.other_cohort.pk].participants == 1


def test_missing_values_per_moment(world, past_cohort):
    first = past_cohort.people[0]
    _record(
        past_cohort,
        first,
        world.petra,
        past_cohort.start_date,
        weight="90",
        waist="100",
        hba1c="55",
        cholesterol_total="5",
        bp_systolic="130",
        bp_diastolic="80",
    )
    _record(past_cohort, past_cohort.people[1], world.petra, past_cohort.start_date, weight="80")
    memberships = list(past_cohort.memberships.participants().order_by("pk"))
    _moments, rows = selectors.missing_measurements(cohort=past_cohort, memberships=memberships)
    baseline = {row.membership.person: row.moments[0] for row in rows}
    assert baseline[first].missing == []
    assert "Gewicht" not in baseline[past_cohort.people[1]].missing
    assert "HbA1c" in baseline[past_cohort.people[1]].missing
    assert len(baseline[past_cohort.people[2]].missing) == 5
    counts = selectors.measurement_counts(cohort=past_cohort)
    assert [c["complete"] for c in counts] == [1, 0, 0]


def test_the_coach_sees_goals_that_have_been_quiet(world):
    quiet = make_goal(world, title="Stil doel")
    make_goal(world, title="Nieuw doel")
    from health.models import Goal

    Goal.objects.filter(pk=quiet.pk).update(
        created_at=timezone.now() - datetime.timedelta(days=40)
    )
    membership = world.cohort.memberships.get(person=world.anna)
    plans = selectors.plans_to_follow(memberships=[membership])
    assert [g.pk for g in plans[membership.pk]["quiet"]] == [quiet.pk]
    assert plans[membership.pk]["goals"] == 2


def test_a_questionnaire_is_due_while_a_moment_is_open_until_it_is_scored(world, past_cohort):
    person = past_cohort.people[0]
    membership = _membership(past_cohort, person)
    [due] = selectors.questionnaires_due(membership=membership)
    assert (due.instrument.key, due.moment.key) == ("who5", "month_6")
    who5 = Instrument.objects.get(key="who5")
    incomplete = {1: 3, 2: 3, 3: None, 4: 3, 5: 3}
    with pytest.raises(ValidationError):  # refused: nothing is stored
        services.submit_questionnaire(
            membership=membership, instrument=who5, by=person, answers=incomplete
        )
    assert len(selectors.questionnaires_due(membership=membership)) == 1
    services.submit_questionnaire(
        membership=membership, instrument=who5, by=person, answers=dict.fromkeys(range(1, 6), 3)
    )
    assert selectors.questionnaires_due(membership=membership) == []


def test_nothing_is_due_between_moments(world, past_cohort):
    services.configure_measurement_moment(
        cohort=past_cohort, key="month_6", months_after_start=5, window_days=7, by=world.marloes
    )
    membership = _membership(past_cohort, past_cohort.people[0])
    assert selectors.questionnaires_due(membership=membership) == []
