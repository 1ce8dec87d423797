"""Small-number suppression: no figure about fewer than `threshold` people is shown.

A suppressed count could still be worked out by subtraction when the other parts and
the total are shown, so within a partition (parts that add up to a shown total) a second
part is suppressed as well, or, when no other part can hide it, the total.
"""

from dataclasses import dataclass

from django.conf import settings


def threshold() -> int:
    return settings.REPORT_MIN_GROUP_SIZE


@dataclass(frozen=True)
class Figure:
    """A number for a report, or the reason it is withheld."""

    value: float | int | None
    suppressed: bool = False

    @classmethod
    def hidden(cls) -> "Figure":
        return cls(value=None, suppressed=True)


def count(value: int, *, k: int | None = None) -> Figure:
    """A count of people: shown when zero or at least k, otherwise withheld."""
    k = threshold() if k is None else k
    return Figure.hidden() if 0 < value < k else Figure(value=value)


def over(value: float | None, n: int, *, k: int | None = None) -> Figure:
    """A figure computed over n people (a mean, a share): withheld when n < k."""
    k = threshold() if k is None else k
    if n < k or value is None:
        return Figure.hidden()
    return Figure(value=value)


def partition(
    parts: dict[str, int], total: int, *, k: int | None = None
) -> tuple[dict[str, Figure], Figure]:
    """Suppresses small parts of a total so that none can be derived by subtraction."""
    k = threshold() if k is None else k
    shown_total = count(total, k=k)
    figures = {name: count(value, k=k) for name, value in parts.items()}
    hidden = [name for name, figure in figures.items() if figure.suppressed]
    if len(hidden) == 1 and not shown_total.suppressed:
        # One hidden part equals the total minus the others: hide the next smallest part
        # that hides anything (a zero tells nothing about a person but also hides nothing).
        candidates = sorted(
            (value, name) for name, value in parts.items() if name not in hidden and value > 0
        )
        if candidates:
            figures[candidates[0][1]] = Figure.hidden()
        else:
            shown_total = Figure.hidden()
    return figures, shown_total
