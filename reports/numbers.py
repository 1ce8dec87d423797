"""Numbers the Dutch way, rounded: Django's number_format cuts decimals off instead."""

from decimal import ROUND_HALF_UP, Decimal

from django.utils.formats import get_format


def dutch_number(value: float | int | Decimal, decimals: int = 0) -> str:
    """``value`` rounded half away from zero to ``decimals`` places, with Dutch separators.

    number_format(2.96, decimal_pos=1) gives "2,9"; this gives "3,0".
    """
    if decimals == 0 and isinstance(value, int):
        # whole numbers (most counts): grouping only, without Decimal's rounding
        separator = get_format("THOUSAND_SEPARATOR")
        return f"{value:,}".replace(",", separator) if abs(value) >= 1000 else str(value)
    exact = Decimal(str(value)).quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP)
    if exact == 0:
        exact = abs(exact)  # no "-0,0"
    # Python groups by thousands with "," and "."; swapped for the language's separators
    # (what number_format(..., force_grouping=True) gives, at a fraction of its cost:
    # a funder report formats thousands of figures)
    separators = {
        ord(","): get_format("THOUSAND_SEPARATOR"),
        ord("."): get_format("DECIMAL_SEPARATOR"),
    }
    return f"{exact:,.{decimals}f}".translate(separators)
