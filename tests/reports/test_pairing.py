"""reports.pairing pairs in SQL what health.selectors pairs in Python: the same pairs."""

import datetime
import random
from decimal import Decimal

import pytest

from groups.models import add_months
from health.models import Instrument, Measurement, MeasurementMoment, QuestionnaireResponse
from reports.pairing import outcome_summaries, values_at_moments
from reports.statistics import summarise
from tests import factories
from tests.health.pairing_oracle import paired_values_by_measure

pytestmark = pytest.mark.django_db

MEASURES = ["weight", "hba1c", "who5"]


@pytest.fixture
def messy_values(world):
    """Two cohorts, one with its own moment timing, and values in and around the windows.

    Several values per window (the nearest to the target wins), ties in distance (the
    earlier day wins), equal days (the lower value wins), values outside every window,
    people without a baseline or without a follow-up.
    """
    noise = random.Random(7513)
    cohorts = []
    for n, start in enumerate((datetime.date(2024, 1, 31), datetime.date(2024, 3, 15))):
        cohort = factories.make_cohort(
            world.organisation, by=world.marloes, name=f"Paren {n}", start=start
        )
        cohorts.append(cohort)
    MeasurementMoment.objects.create(
        cohort=cohorts[1], key="month_6", months_after_start=5, window_days=10
    )
    who5 = Instrument.objects.get(key="who5")
    measurements, responses = [], []
    for cohort in cohorts:
        for _ in range(8):
            membership = factories.enrol(cohort, nurse=world.petra, practice=world.practice)
            for months in (0, 5, 6, 12):
                target = add_months(cohort.start_date, months)
                for _ in range(noise.randint(0, 3)):
                    day = target + datetime.timedelta(days=noise.choice([-40, -3, 0, 3, 9, 30]))
                    value = Decimal(noise.choice(["80.5", "81.0", "90.25", "99.9"]))
                    measure = noise.choice(["weight", "hba1c"])
                    measurements.append(
                        Measurement(
                            membership=membership,
                            measure=measure,
                            value=value,
                            measured_on=day,
                            source="session",
                            entered_by=world.sanne,
                            entered_as="coach",
                        )
                    )
                    responses.append(
                        QuestionnaireResponse(
                            membership=membership,
                            instrument=who5,
                            completed_on=day,
                            score=value if noise.random() < 0.8 else None,
                        )
                    )
    Measurement.objects.bulk_create(measurements)
    QuestionnaireResponse.objects.bulk_create(responses)
    return [cohort.pk for cohort in cohorts]


def as_floats(pairs):
    return [(p.membership_id, float(p.first), float(p.second)) for p in pairs]


@pytest.mark.parametrize("second", ["month_6", "month_12", "baseline"])
def test_the_sql_pairs_are_healths_pairs(messy_values, second):
    expected = paired_values_by_measure(
        cohort_ids=messy_values, measures=MEASURES, first_moment="baseline", second_moment=second
    )
    found = values_at_moments(cohort_ids=messy_values, measures=MEASURES)
    for measure in MEASURES:
        ours = [
            (
                v.membership_id,
                v.baseline,
                v.baseline if second == "baseline" else getattr(v, second),
            )
            for v in found[measure]
        ]
        ours = [row for row in ours if row[2] is not None]
        assert ours == as_floats(expected[measure]), measure
    assert any(expected[m] for m in MEASURES)  # the data gives pairs to compare


def test_no_cohorts_or_measures_give_empty_lists(messy_values):
    assert values_at_moments(cohort_ids=[], measures=["weight"]) == {"weight": []}
    assert values_at_moments(cohort_ids=messy_values, measures=[]) == {}


@pytest.mark.parametrize("second", ["month_6", "month_12"])
def test_the_sql_sums_are_those_of_healths_pairs(messy_values, second):
    expected_pairs = paired_values_by_measure(
        cohort_ids=messy_values, measures=MEASURES, first_moment="baseline", second_moment=second
    )
    found = outcome_summaries(cohort_ids=messy_values, measures=MEASURES)
    for measure in MEASURES:
        pairs = as_floats(expected_pairs[measure])
        summary = found[measure].pairs.get(second)
        if not pairs:
            assert summary is None, measure
            continue
        expected = summarise([p[1] for p in pairs], [p[2] for p in pairs])
        assert summary.n == expected.n
        assert (summary.went_down, summary.went_up) == (expected.went_down, expected.went_up)
        for name in ("baseline_mean", "follow_up_mean", "change_mean"):
            assert getattr(summary, name) == pytest.approx(getattr(expected, name)), name
        for name in ("baseline_sd", "follow_up_sd", "change_sd"):
            assert getattr(summary, name) == pytest.approx(getattr(expected, name), nan_ok=True)
    baseline_counts = {
        m: len(v) for m, v in values_at_moments(cohort_ids=messy_values, measures=MEASURES).items()
    }
    assert {m: found[m].measured_at_baseline for m in MEASURES} == baseline_counts


def test_bmi_pairs_the_weights_over_the_latest_height(messy_values, world):
    weights = values_at_moments(cohort_ids=messy_values, measures=["weight"])["weight"]
    with_follow_up = [v for v in weights if v.month_12 is not None]
    assert len(with_follow_up) >= 3
    heights = {}
    for index, values in enumerate(with_follow_up[:-1]):  # the last one has no height
        heights[values.membership_id] = 160 + 5 * index
        for day, height in (
            (datetime.date(2023, 1, 1), 150),
            (datetime.date(2024, 6, 1), heights[values.membership_id]),
        ):
            Measurement.objects.create(
                membership_id=values.membership_id,
                measure="height",
                value=height,
                measured_on=day,
                source="session",
                entered_by=world.sanne,
                entered_as="coach",
            )
    found = outcome_summaries(cohort_ids=messy_values, measures=["bmi"])["bmi"]
    bmi = [
        (
            v.baseline / (heights[v.membership_id] / 100) ** 2,
            v.month_12 / (heights[v.membership_id] / 100) ** 2,
        )
        for v in with_follow_up[:-1]
    ]
    expected = summarise([b for b, _ in bmi], [f for _, f in bmi])
    assert found.measured_at_baseline == len(weights)
    assert found.pairs["month_12"].n == expected.n == len(with_follow_up) - 1
    assert found.pairs["month_12"].change_mean == pytest.approx(expected.change_mean)
    assert found.pairs["month_12"].baseline_sd == pytest.approx(expected.baseline_sd)


def test_no_cohorts_give_empty_summaries(messy_values):
    found = outcome_summaries(cohort_ids=[], measures=["weight", "bmi"])
    assert {m: (s.measured_at_baseline, s.pairs) for m, s in found.items()} == {
        "weight": (0, {}),
        "bmi": (0, {}),
    }
