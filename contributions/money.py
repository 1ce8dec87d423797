"""Euros the way the active language writes them: "€ 1.750,00" in Dutch.

The one place amounts are formatted for people to read: the ``money`` template filters,
the "Mijn gegevens" page (privacy) and the reports call these.
"""

from decimal import Decimal

from django.utils.formats import number_format

type Amount = Decimal | int | str


def euro(value: Amount | None) -> str:
    """Formats an amount the way the active language writes euros: "€ 1.750,00" in Dutch."""
    if value is None or value == "":
        return ""
    amount = Decimal(value)
    sign = "-" if amount < 0 else ""
    digits = number_format(abs(amount), decimal_pos=2, use_l10n=True, force_grouping=True)
    return f"{sign}€\N{NO-BREAK SPACE}{digits}"


def euro_cents(cents: int | str | None) -> str:
    """Formats a whole number of euro cents: 175000 becomes "€ 1.750,00" in Dutch."""
    if cents is None or cents == "":
        return ""
    return euro(Decimal(int(cents)) / 100)
