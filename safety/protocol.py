"""The practice protocol: the limits that turn a report into an alert, with their sources,
and what the participant is told to do at once.

Defaults (a practice's nurse can change them, see docs/safety-net.md):

- **hypo below 4.0 mmol/L**: NHG-Standaard Diabetes mellitus type 2 (M01), section
  hypoglycaemia: a glucose value below 4.0 mmol/L is a hypo;
- **severe hypo**: the same standard calls a hypo severe when the person needed someone
  else's help to recover; that is a question on the hypo report, not a number;
- **repeatedly high**: the standard names no single number for self-measured highs; the
  platform's default (3 values above 15.0 mmol/L within 7 days) is a starting point that
  each practice sets for itself.
"""

from dataclasses import dataclass
from decimal import Decimal

from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class Limits:
    hypo_below: Decimal
    high_above: Decimal
    high_count: int
    high_days: int


DEFAULTS = Limits(hypo_below=Decimal("4.0"), high_above=Decimal("15.0"), high_count=3, high_days=7)

# What a glucose meter shows: values outside this are typing errors or another unit.
PLAUSIBLE_MMOL = (Decimal("1.0"), Decimal("35.0"))
# mg/dL (used in the United States and on some imported meters): 18 times the mmol/L value.
MG_DL_RANGE = (Decimal("36"), Decimal("630"))


class Outcome:
    """What a report means under the protocol; one key per set of instructions."""

    NORMAL = "normal"
    HIGH = "high"
    REPEATED_HIGH = "repeated_high"
    HYPO = "hypo"
    SEVERE_HYPO = "severe_hypo"


# The instructions the participant sees at once (B1 Dutch in the .po file). Every list
# ends with when to call whom: the practice, the out-of-hours GP service, 112.
INSTRUCTIONS: dict[str, dict] = {
    Outcome.NORMAL: {
        "title": _("Your value has been saved"),
        "steps": [
            _("This value is within your practice's limits."),
            _("Do you feel unwell? Then measure again, and call your practice."),
        ],
        "alert": False,
    },
    Outcome.HIGH: {
        "title": _("Your value is high"),
        "steps": [
            _("Drink some water."),
            _("Measure again in a few hours."),
            _("Is your value often high? Then call your practice."),
            _("Are you very thirsty, very sleepy or sick? Then call your GP today."),
            _("In the evening, at night or at the weekend, call the out-of-hours GP service."),
        ],
        "alert": False,
    },
    Outcome.REPEATED_HIGH: {
        "title": _("Your value has been high several times"),
        "steps": [
            _("Drink some water."),
            _("Your practice has been told. The practice nurse will contact you."),
            _("Are you very thirsty, very sleepy or sick? Then call your GP today."),
            _("In the evening, at night or at the weekend, call the out-of-hours GP service."),
        ],
        "alert": True,
    },
    Outcome.HYPO: {
        "title": _("Your blood sugar is too low: take sugar now"),
        "steps": [
            _("Take sugar now: 4 dextrose tablets, or a glass of lemonade or juice with sugar."),
            _("Sit down and wait 15 minutes."),
            _("Measure again after 15 minutes."),
            _("Is it still below 4? Take sugar again and measure again after 15 minutes."),
            _("Do you feel better? Then eat something, such as a slice of bread."),
            _("Your practice has been told. The practice nurse will contact you."),
            _("Does the sugar not help? Call your GP, or the out-of-hours GP service."),
            _("Is someone drowsy, confused or unconscious? Call 112. Give them nothing to eat."),
        ],
        "alert": True,
    },
    Outcome.SEVERE_HYPO: {
        "title": _("You needed help: call your GP today"),
        "steps": [
            _("Someone else had to help you. That is a serious hypo."),
            _("Do you feel low again? Take sugar now and measure after 15 minutes."),
            _("Call your GP today."),
            _("In the evening, at night or at the weekend, call the out-of-hours GP service."),
            _("Your practice has also been told."),
            _("Is someone drowsy, confused or unconscious? Call 112. Give them nothing to eat."),
        ],
        "alert": True,
    },
}


def limits_for(practice) -> Limits:
    """The practice's own limits, or the defaults when it has not set any."""
    protocol = getattr(practice, "protocol", None) if practice is not None else None
    if protocol is None:
        return DEFAULTS
    return Limits(
        hypo_below=protocol.hypo_below,
        high_above=protocol.high_above,
        high_count=protocol.high_count,
        high_days=protocol.high_days,
    )


def glucose_outcome(value: Decimal, limits: Limits, *, recent_highs: int) -> str:
    """The outcome of one reading; recent_highs counts earlier highs inside the window."""
    if value < limits.hypo_below:
        return Outcome.HYPO
    if value > limits.high_above:
        return Outcome.REPEATED_HIGH if recent_highs + 1 >= limits.high_count else Outcome.HIGH
    return Outcome.NORMAL


def hypo_report_outcome(*, needed_help: bool) -> str:
    return Outcome.SEVERE_HYPO if needed_help else Outcome.HYPO
