"""A released figure with its type, so pages show Dutch text and exports real numbers."""

import datetime
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.utils.translation import gettext as _

from .disclosure import Cell, Withheld, released_count
from .numbers import dutch_number

if TYPE_CHECKING:
    from django_stubs_ext import StrPromise

WITHHELD_SIGN = "x"  # as CBS does: "x = geheim" (secret)
MARKS = {Withheld.SMALL_GROUP: "¹", Withheld.FOR_ANOTHER: "²"}


@dataclass(frozen=True)
class Value:
    """One cell of a report table."""

    text: str
    number: float | int | datetime.date | None = None  # a date for kind "month"
    kind: str = "text"  # text, count, number, percent, money, p, month, withheld
    decimals: int = 0
    withheld: Withheld | None = None
    unit: str = ""  # for the long CSV when the kind does not say it (exact counts)


def text(value: "str | StrPromise") -> Value:
    return Value(str(value))


def nothing() -> Value:
    """No figure: nobody measured, or not applicable."""
    return Value("–")


def withheld(reason: Withheld) -> Value:
    return Value(f"{WITHHELD_SIGN}{MARKS[reason]}", kind="withheld", withheld=reason)


def exact_count(n: int) -> Value:
    """A count that is not about people (cohorts, sessions)."""
    return Value(dutch_number(n), n, "count", unit="exact")


def count(cell: Cell) -> Value:
    n = released_count(cell)
    return Value(dutch_number(n), n, "count")


def number(value: float, decimals: int = 1) -> Value:
    return Value(dutch_number(value, decimals), round(value, decimals + 2), "number", decimals)


def percent(share: float | None, decimals: int = 0) -> Value:
    """A share (0..1) shown as a percentage."""
    if share is None:
        return nothing()
    return Value(f"{dutch_number(share * 100, decimals)}%", share, "percent", decimals)


def share(part: int, whole: int) -> Value:
    """A share of two released counts; none when the whole is zero."""
    return percent(part / whole) if whole else nothing()


def money(cents: int) -> Value:
    from contributions.money import euro_cents

    return Value(str(euro_cents(cents)), round(cents / 100, 2), "money", 2)


def p_value(p: float) -> Value:
    if p < 0.001:
        return Value(f"< {dutch_number(0.001, 3)}", p, "p", 3)
    return Value(dutch_number(p, 3), p, "p", 3)


def footnotes(rows: list[list[Value]]) -> list[str]:
    """The footnotes for the withheld signs that occur in the rows."""
    from .disclosure import magnitude_threshold

    reasons = {cell.withheld for row in rows for cell in row if cell.withheld}
    notes = []
    if Withheld.SMALL_GROUP in reasons:
        notes.append(
            _(
                "x¹ Not shown: the figure is about fewer than %(m)d people, or a cohort "
                "that small would count in it."
            )
            % {"m": magnitude_threshold()}
        )
    if Withheld.FOR_ANOTHER in reasons:
        notes.append(
            _(
                "x² Not shown to protect another figure: with it, a figure that is not "
                "shown could be worked out."
            )
        )
    return notes
