"""paired_values_by_measure gives, in a fixed number of queries, exactly what paired_values
gives measure by measure: the same pairs, the same values, the same order."""

import datetime
import random

import pytest
from django.utils import timezone

from groups import services as group_services
from health import selectors, services
from health.measures import MEASURES
from health.models import Instrument, QuestionnaireResponse
from tests.health import pairing_oracle

from .conftest import running_cohort

CLINICAL = ["weight", "hba1c", "waist", "cholesterol_total", "glucose_drugs", "insulin"]
MEASURES_ASKED = [*CLINICAL, "who5", "ldl"]  # nobody has an LDL value: an empty list
MOMENT_PAIRS = [
    ("baseline", "month_6"),
    ("baseline", "month_12"),
    ("baseline", "baseline"),  # how reports count who has a baseline value
    ("month_6", "month_12"),
]


def _value(rng, key):
    measure = MEASURES[key]
    if key in {"glucose_drugs", "insulin"}:
        return str(rng.randint(int(measure.minimum), int(measure.maximum)))
    if key == "hba1c":
        return str(rng.randint(30, 110))
    low, high = float(measure.minimum) * 1.5, float(measure.maximum) * 0.6
    return f"{rng.uniform(low, high):.1f}"


def _days_around(rng, cohort):
    """Days in, at the edge of and just outside every moment's window, up to today."""
    today = timezone.localdate()
    days = set()
    for moment in selectors.moments_for(cohort=cohort):
        for offset in (
            -moment.window_days - 1,
            -moment.window_days,
            -3,
            0,
            3,  # -3 and +3: equally near the target, the earlier one wins
            rng.randint(-moment.window_days, moment.window_days),
            moment.window_days,
            moment.window_days + 1,
        ):
            day = moment.target + datetime.timedelta(days=offset)
            if day <= today:
                days.add(day)
    return sorted(days)


@pytest.fixture
def programme(world, django_capture_on_commit_callbacks):
    """Three cohorts with their own timing, values at many days, one member who left."""
    rng = random.Random(20261123)
    today = timezone.localdate()
    who5 = Instrument.objects.get(key="who5")
    cohorts = []
    with django_capture_on_commit_callbacks(execute=True):
        for number, (days_ago, six_months_at, window) in enumerate(
            [(400, 6, 28), (420, 5, 14), (200, 6, 60)]
        ):
            cohort = running_cohort(
                world,
                count=3,
                start=today - datetime.timedelta(days=days_ago),
                name=f"Herstelcirkel {number}",
            )
            services.configure_measurement_moment(
                cohort=cohort,
                key="month_6",
                months_after_start=six_months_at,
                window_days=window,
                by=world.marloes,
            )
            cohort.refresh_from_db()
            for person in cohort.people:
                membership = cohort.memberships.get(person=person)
                for day in _days_around(rng, cohort):
                    keys = rng.sample(CLINICAL, rng.randint(1, 3))
                    services.record_measurements(
                        membership=membership,
                        by=rng.choice([person, world.petra, world.sanne]),
                        measured_on=day,
                        source="annual_checkup",
                        values={key: _value(rng, key) for key in keys},
                    )
                    if rng.random() < 0.5:
                        answers = {item: rng.randint(0, 5) for item in range(1, 6)}
                        if rng.random() < 0.2:
                            # Too few answers, as stored before incomplete answers were
                            # refused (the service cannot make one now): never in a pair.
                            QuestionnaireResponse.objects.create(
                                membership=membership,
                                instrument=who5,
                                completed_on=day,
                                answered=4,
                            )
                            continue
                        services.submit_questionnaire(
                            membership=membership,
                            instrument=who5,
                            by=person,
                            answers=answers,
                            completed_on=day,
                        )
            cohorts.append(cohort)
        leaver = cohorts[0].people[1]
        group_services.leave_cohort(
            membership=cohorts[0].memberships.get(person=leaver), by=leaver, reason="Verhuisd"
        )
    return cohorts


def _as_tuples(pairs):
    return [(p.membership_id, p.cohort_id, p.first, p.second) for p in pairs]


def test_by_cohort_ids_equals_paired_values_for_every_measure(programme):
    for first, second in MOMENT_PAIRS:
        _compare_by_cohort_ids(programme, first, second)


def _compare_by_cohort_ids(programme, first, second):
    cohort_ids = [cohort.pk for cohort in programme]
    batch = pairing_oracle.paired_values_by_measure(
        cohort_ids=cohort_ids, measures=MEASURES_ASKED, first_moment=first, second_moment=second
    )
    assert list(batch) == MEASURES_ASKED
    for measure in MEASURES_ASKED:
        one_by_one = pairing_oracle.paired_values(
            cohort_ids=cohort_ids, measure=measure, first_moment=first, second_moment=second
        )
        assert _as_tuples(batch[measure]) == _as_tuples(one_by_one), (measure, first, second)
    # The data is rich enough to mean something: pairs in every cohort where the later
    # moment has come (the youngest cohort has no 12-month values yet), none for LDL.
    assert batch["ldl"] == []
    reached = {
        cohort.pk
        for cohort in programme
        if next(m for m in selectors.moments_for(cohort=cohort) if m.key == second).has_opened
    }
    assert len(reached) >= 2
    assert {p.cohort_id for p in batch["weight"]} == reached
    assert batch["who5"]


def test_by_memberships_equals_paired_values_restricted_to_them(programme):
    chosen = [
        programme[0].memberships.get(person=programme[0].people[1]),  # left the cohort
        programme[1].memberships.get(person=programme[1].people[0]).pk,  # an id will do
        programme[2].memberships.get(person=programme[2].people[2]),
    ]
    chosen_ids = {getattr(m, "pk", m) for m in chosen}
    for first, second in MOMENT_PAIRS:
        batch = pairing_oracle.paired_values_by_measure(
            memberships=chosen, measures=MEASURES_ASKED, first_moment=first, second_moment=second
        )
        for measure in MEASURES_ASKED:
            one_by_one = pairing_oracle.paired_values(
                cohort_ids=[cohort.pk for cohort in programme],
                measure=measure,
                first_moment=first,
                second_moment=second,
            )
            expected = [p for p in one_by_one if p.membership_id in chosen_ids]
            assert _as_tuples(batch[measure]) == _as_tuples(expected), (measure, first, second)


def test_several_moment_pairs_from_one_fetch_equal_one_pair_at_a_time(
    programme, django_assert_num_queries
):
    cohort_ids = [cohort.pk for cohort in programme]
    with django_assert_num_queries(4):
        together = pairing_oracle.paired_values_by_moments(
            cohort_ids=cohort_ids, measures=MEASURES_ASKED, moment_pairs=MOMENT_PAIRS
        )
    assert list(together) == MOMENT_PAIRS
    for first, second in MOMENT_PAIRS:
        for measure in MEASURES_ASKED:
            one_by_one = pairing_oracle.paired_values(
                cohort_ids=cohort_ids, measure=measure, first_moment=first, second_moment=second
            )
            assert _as_tuples(together[(first, second)][measure]) == _as_tuples(one_by_one)


def test_the_leaver_still_counts(programme):
    leaver = programme[0].memberships.get(person=programme[0].people[1])
    batch = pairing_oracle.paired_values_by_measure(
        memberships=[leaver],
        measures=CLINICAL,
        first_moment="baseline",
        second_moment="baseline",
    )
    assert any(batch[measure] for measure in CLINICAL)


def test_the_number_of_queries_does_not_grow_with_cohorts_or_measures(
    programme, django_assert_num_queries
):
    # measurements, questionnaire scores, cohorts, their own moments
    with django_assert_num_queries(4):
        pairing_oracle.paired_values_by_measure(
            cohort_ids=[cohort.pk for cohort in programme],
            measures=MEASURES_ASKED,
            second_moment="month_12",
        )
    with django_assert_num_queries(3):  # clinical values only
        pairing_oracle.paired_values_by_measure(
            cohort_ids=[programme[0].pk], measures=["weight"], second_moment="month_6"
        )


def test_nothing_to_look_up_gives_empty_lists_without_a_query(db, django_assert_num_queries):
    with django_assert_num_queries(0):
        assert pairing_oracle.paired_values_by_measure(
            cohort_ids=[], measures=["weight", "who5"], second_moment="month_6"
        ) == {"weight": [], "who5": []}
        assert pairing_oracle.paired_values_by_measure(memberships=[], measures=["weight"]) == {
            "weight": []
        }


def test_cohorts_or_memberships_and_known_moments_are_required(db):
    with pytest.raises(TypeError):
        pairing_oracle.paired_values_by_measure(measures=["weight"])
    with pytest.raises(TypeError):
        pairing_oracle.paired_values_by_measure(
            cohort_ids=[1], memberships=[1], measures=["weight"]
        )
    with pytest.raises(ValueError):
        pairing_oracle.paired_values_by_measure(
            cohort_ids=[1], measures=["weight"], second_moment="month_9"
        )
