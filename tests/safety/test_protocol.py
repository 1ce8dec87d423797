"""The protocol's thresholds (NHG defaults and a practice's own) and what the participant sees."""

from decimal import Decimal

import pytest

from safety.protocol import (
    DEFAULTS,
    INSTRUCTIONS,
    Outcome,
    glucose_outcome,
    hypo_report_outcome,
    limits_for,
)
from safety.services.protocol import set_protocol


@pytest.mark.parametrize(
    ("value", "recent_highs", "expected"),
    [
        ("3.9", 0, Outcome.HYPO),
        ("4.0", 0, Outcome.NORMAL),  # below 4.0 is a hypo: 4.0 itself is not
        ("15.0", 5, Outcome.NORMAL),  # above the limit, not at it
        ("15.1", 0, Outcome.HIGH),
        ("15.1", 1, Outcome.HIGH),
        ("15.1", 2, Outcome.REPEATED_HIGH),  # the third high within the window
    ],
)
def test_default_thresholds(value, recent_highs, expected):
    assert glucose_outcome(Decimal(value), DEFAULTS, recent_highs=recent_highs) == expected


def test_defaults_are_the_documented_nhg_values():
    assert DEFAULTS.hypo_below == Decimal("4.0")
    assert (DEFAULTS.high_above, DEFAULTS.high_count, DEFAULTS.high_days) == (
        Decimal("15.0"),
        3,
        7,
    )


def test_help_from_someone_else_makes_a_severe_hypo():
    assert hypo_report_outcome(needed_help=True) == Outcome.SEVERE_HYPO
    assert hypo_report_outcome(needed_help=False) == Outcome.HYPO


def test_a_practice_uses_its_own_limits(world):
    assert limits_for(world.practice) == DEFAULTS
    set_protocol(practice=world.practice, by=world.petra, hypo_below=Decimal("4.5"))
    world.practice.refresh_from_db()
    limits = limits_for(world.practice)
    assert limits.hypo_below == Decimal("4.5")
    assert glucose_outcome(Decimal("4.2"), limits, recent_highs=0) == Outcome.HYPO


def test_an_impossible_limit_is_refused(world):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        set_protocol(practice=world.practice, by=world.petra, hypo_below=Decimal("9.0"))


@pytest.mark.parametrize("name", ["sanne", "anna", "kees", "marloes"])
def test_only_the_practice_nurse_sets_the_protocol(world, name):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        set_protocol(practice=world.practice, by=getattr(world, name), high_count=2)


def test_the_hypo_instructions_say_sugar_15_minutes_and_112(settings):
    from django.utils import translation

    with translation.override("nl"):
        steps = " ".join(str(step) for step in INSTRUCTIONS[Outcome.HYPO]["steps"])
        severe = " ".join(str(step) for step in INSTRUCTIONS[Outcome.SEVERE_HYPO]["steps"])
    assert "suiker" in steps
    assert "15 minuten" in steps
    assert "112" in steps
    assert "huisartsenpost" in severe
    assert "112" in severe


def test_every_alerting_outcome_tells_the_practice_has_been_told():
    from django.utils import translation

    with translation.override("nl"):
        for outcome, advice in INSTRUCTIONS.items():
            text = " ".join(str(step) for step in advice["steps"])
            assert ("praktijk" in text and "gemeld" in text) == advice["alert"], outcome
