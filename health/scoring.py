"""Scoring a questionnaire from its rule: pure functions, no database.

The rule comes from an Instrument row (sum or mean, reverse-scored items, rescaling to
0-100, a minimum number of answered items). With fewer answers than the minimum there is
no score, and the reason says so. With some items missing but enough answered, a sum is
prorated (the mean of the answered items times the number of items), the usual rule.

WHO-5 (WHO Collaborating Centre in Mental Health, 1998): five items scored 0-5, the raw
score is their sum (0-25), multiplied by 4 it gives 0-100 (the same as rescaling 0-25 to
0-100); all five items must be answered.
"""

from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.utils.translation import gettext as _


@dataclass(frozen=True)
class Rule:
    item_numbers: tuple[int, ...]
    option_min: int
    option_max: int
    scoring: str = "sum"  # or "mean"
    rescale_to_100: bool = False
    min_answered: int = 0
    reverse_items: frozenset[int] = field(default_factory=frozenset)


@dataclass(frozen=True)
class Result:
    answered: int
    raw: Decimal | None
    score: Decimal | None
    reason: str = ""


def _round(value: Decimal) -> Decimal:
    return value.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def not_scored_reason(*, answered: int, items: int, minimum: int) -> str:
    return _(
        "Not scored: %(answered)d of %(items)d questions were answered, and this "
        "questionnaire needs at least %(minimum)d answers for a score."
    ) % {"answered": answered, "items": items, "minimum": minimum}


def score(rule: Rule, answers: Mapping[int, int | None]) -> Result:
    """The raw score and the reported score (0-100 when the rule rescales), or the reason."""
    values: list[Decimal] = []
    for number in rule.item_numbers:
        value = answers.get(number)
        if value is None:
            continue
        if not rule.option_min <= value <= rule.option_max:
            raise ValueError(f"Answer {value} to item {number} is not an option")
        if number in rule.reverse_items:
            value = rule.option_min + rule.option_max - value
        values.append(Decimal(value))
    items = len(rule.item_numbers)
    minimum = rule.min_answered or items
    if len(values) < minimum or not values:
        reason = not_scored_reason(answered=len(values), items=items, minimum=minimum)
        return Result(answered=len(values), raw=None, score=None, reason=reason)
    mean = sum(values, Decimal(0)) / len(values)
    if rule.scoring == "mean":
        raw, low, high = mean, Decimal(rule.option_min), Decimal(rule.option_max)
    else:
        raw = sum(values, Decimal(0)) if len(values) == items else mean * items
        low, high = Decimal(rule.option_min * items), Decimal(rule.option_max * items)
    reported = (raw - low) / (high - low) * 100 if rule.rescale_to_100 else raw
    return Result(answered=len(values), raw=_round(raw), score=_round(reported))


def rule_for(instrument) -> Rule:
    """The scoring rule of an Instrument row (items and options prefetched or queried)."""
    items = list(instrument.items.all())
    option_values = [option.value for option in instrument.options.all()]
    return Rule(
        item_numbers=tuple(item.number for item in items),
        option_min=min(option_values),
        option_max=max(option_values),
        scoring=instrument.scoring,
        rescale_to_100=instrument.rescale_to_100,
        min_answered=instrument.min_answered,
        reverse_items=frozenset(item.number for item in items if item.reverse_scored),
    )
