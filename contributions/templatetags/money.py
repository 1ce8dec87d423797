from decimal import Decimal

from django import template
from django.utils.formats import number_format

register = template.Library()


@register.filter
def euro_cents(cents) -> str:
    """Formats a whole number of euro cents: 175000 becomes "€ 1.750,00" in Dutch."""
    if cents is None or cents == "":
        return ""
    return euro(Decimal(int(cents)) / 100)


@register.filter
def euro(value) -> str:
    """Formats an amount the way the active language writes euros: "€ 1.750,00" in Dutch."""
    if value is None or value == "":
        return ""
    amount = Decimal(value)
    sign = "-" if amount < 0 else ""
    digits = number_format(abs(amount), decimal_pos=2, use_l10n=True, force_grouping=True)
    return f"{sign}€\N{NO-BREAK SPACE}{digits}"
