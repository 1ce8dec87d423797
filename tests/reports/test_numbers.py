import pytest
from django.utils import translation

from reports.numbers import dutch_number


@pytest.mark.parametrize(
    ("value", "decimals", "dutch", "english"),
    [
        (2.96, 1, "3,0", "3.0"),
        (-3.5718, 1, "-3,6", "-3.6"),
        (-0.6504, 1, "-0,7", "-0.7"),
        (0.25, 1, "0,3", "0.3"),  # half away from zero, not to even
        (1234.5, 0, "1.235", "1,235"),
        (-0.04, 1, "0,0", "0.0"),  # no minus sign on a zero
        (18000, 0, "18.000", "18,000"),
    ],
)
def test_numbers_are_rounded_not_cut_off(value, decimals, dutch, english):
    with translation.override("nl"):
        assert dutch_number(value, decimals) == dutch
    with translation.override("en"):
        assert dutch_number(value, decimals) == english
