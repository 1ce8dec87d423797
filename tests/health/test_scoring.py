"""Questionnaire scoring, against the published WHO-5 rule and the general rule."""

from decimal import Decimal

import pytest

from health import scoring
from health.models import Instrument

WHO5 = scoring.Rule(
    item_numbers=(1, 2, 3, 4, 5), option_min=0, option_max=5, rescale_to_100=True, min_answered=5
)


@pytest.mark.parametrize(
    ("answers", "raw", "percentage"),
    [
        ({1: 5, 2: 5, 3: 5, 4: 5, 5: 5}, 25, 100),
        ({1: 0, 2: 0, 3: 0, 4: 0, 5: 0}, 0, 0),
        ({1: 3, 2: 2, 3: 4, 4: 1, 5: 3}, 13, 52),  # raw 13 x 4 = 52
        ({1: 2, 2: 2, 3: 3, 4: 2, 5: 3}, 12, 48),  # 48: at or below 50, "low well-being"
    ],
)
def test_who5_raw_score_is_the_sum_and_times_four_gives_the_percentage(answers, raw, percentage):
    result = scoring.score(WHO5, answers)
    assert result.raw == Decimal(raw)
    assert result.score == Decimal(percentage) == result.raw * 4
    assert result.reason == ""


def test_who5_with_a_missing_item_is_not_scored_and_says_why():
    result = scoring.score(WHO5, {1: 5, 2: 4, 3: None, 4: 3, 5: 4})
    assert result.raw is None and result.score is None
    assert result.answered == 4
    assert "4" in result.reason and "5" in result.reason


def test_who5_reason_is_in_dutch_by_default():
    result = scoring.score(WHO5, {1: 5})
    assert result.reason.startswith("Geen score: 1 van de 5 vragen zijn beantwoord")


def test_an_answer_outside_the_options_is_refused():
    with pytest.raises(ValueError):
        scoring.score(WHO5, {1: 6, 2: 5, 3: 5, 4: 5, 5: 5})


def test_reverse_scored_items_are_turned_around():
    rule = scoring.Rule(
        item_numbers=(1, 2), option_min=1, option_max=4, reverse_items=frozenset({2})
    )
    assert scoring.score(rule, {1: 4, 2: 1}).raw == Decimal(8)  # 4 + (1+4-1)


def test_mean_scoring_rescaled_to_100():
    rule = scoring.Rule(
        item_numbers=(1, 2, 3, 4),
        option_min=1,
        option_max=4,
        scoring="mean",
        rescale_to_100=True,
        min_answered=3,
    )
    result = scoring.score(rule, {1: 4, 2: 4, 3: 1, 4: None})
    assert result.raw == Decimal(3)
    assert result.score == Decimal("66.67")


def test_a_sum_with_enough_answers_is_prorated():
    rule = scoring.Rule(item_numbers=(1, 2, 3, 4), option_min=0, option_max=4, min_answered=3)
    assert scoring.score(rule, {1: 2, 2: 3, 3: 4}).raw == Decimal(12)  # mean 3 x 4 items


def test_the_who5_instrument_is_loaded_by_migration_in_dutch_and_english(db):
    who5 = Instrument.objects.get(key="who5")
    assert who5.items.count() == 5
    assert sorted(who5.options.values_list("value", flat=True)) == [0, 1, 2, 3, 4, 5]
    assert who5.options.get(value=0).label_nl == "Nooit"
    assert who5.options.get(value=5).label_nl == "De hele tijd"
    assert who5.options.get(value=5).label_en == "All of the time"
    assert all(item.text_nl and item.text_en for item in who5.items.all())
    assert "twee weken" in who5.intro_nl
    rule = scoring.rule_for(who5)
    assert rule == WHO5


def test_the_placeholder_scales_have_no_licensed_texts_and_cannot_be_filled_in(db):
    for key in ("zelfmanagement", "actief-zijn"):
        instrument = Instrument.objects.get(key=key)
        assert instrument.is_placeholder and not instrument.active
        assert not instrument.items.exists()
        assert "PLACEHOLDER" in instrument.source_note
