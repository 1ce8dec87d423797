"""The clinical values we record: unit, plausible range and how precise, in one table.

Ranges are wide on purpose: they catch typing errors and wrong units (HbA1c as a
percentage, height in metres), not unusual but real values.
"""

from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING

from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise  # a str or a lazily translated one
else:
    StrOrPromise = str


@dataclass(frozen=True)
class Measure:
    key: str
    label: StrOrPromise
    unit: str
    minimum: Decimal
    maximum: Decimal
    decimals: int
    # A message that names the unit and the usual range, shown for values outside it.
    range_message: StrOrPromise
    charted: bool = False
    yes_no: bool = False


def _d(value: int | str) -> Decimal:
    return Decimal(str(value))


MEASURES: dict[str, Measure] = {
    measure.key: measure
    for measure in [
        Measure(
            "weight",
            _("Weight"),
            "kg",
            _d(30),
            _d(300),
            1,
            _("Weight in kilograms (kg), usually between 30 and 300."),
            charted=True,
        ),
        Measure(
            "height",
            pgettext_lazy("body length", "Height"),
            "cm",
            _d(120),
            _d(220),
            0,
            _("Height in centimetres (cm), usually between 120 and 220; 1.75 m is 175 cm."),
        ),
        Measure(
            "waist",
            _("Waist circumference"),
            "cm",
            _d(50),
            _d(200),
            0,
            _("Waist circumference in centimetres (cm), usually between 50 and 200."),
            charted=True,
        ),
        Measure(
            "hba1c",
            _("HbA1c"),
            "mmol/mol",
            _d(20),
            _d(150),
            0,
            _("HbA1c in mmol/mol, usually between 20 and 150."),
            charted=True,
        ),
        Measure(
            "cholesterol_total",
            _("Total cholesterol"),
            "mmol/L",
            _d("1.5"),
            _d(15),
            1,
            _("Total cholesterol in mmol/L, usually between 1.5 and 15."),
        ),
        Measure(
            "ldl",
            _("LDL cholesterol"),
            "mmol/L",
            _d("0.3"),
            _d(10),
            1,
            _("LDL cholesterol in mmol/L, usually between 0.3 and 10."),
        ),
        Measure(
            "bp_systolic",
            _("Blood pressure, upper (systolic)"),
            "mmHg",
            _d(70),
            _d(260),
            0,
            _("Upper blood pressure in mmHg, usually between 70 and 260."),
        ),
        Measure(
            "bp_diastolic",
            _("Blood pressure, lower (diastolic)"),
            "mmHg",
            _d(40),
            _d(150),
            0,
            _("Lower blood pressure in mmHg, usually between 40 and 150."),
        ),
        Measure(
            "glucose_drugs",
            _("Number of glucose-lowering drugs"),
            "",
            _d(0),
            _d(6),
            0,
            _("The number of different glucose-lowering drugs, a whole number from 0 to 6."),
        ),
        Measure(
            "insulin",
            _("Uses insulin"),
            "",
            _d(0),
            _d(1),
            0,
            _("Insulin: yes or no."),
            yes_no=True,
        ),
    ]
}

MEASURE_CHOICES = [(measure.key, measure.label) for measure in MEASURES.values()]

# What the coach and practice nurse expect at every measurement moment.
EXPECTED_AT_EACH_MOMENT = ["weight", "waist", "hba1c", "cholesterol_total", "bp_systolic"]

# HbA1c given as a DCCT percentage (4-15 %) instead of mmol/mol is the commonest mix-up.
HBA1C_PERCENT_RANGE = (_d(3), _d(19))


def bmi(weight_kg: Decimal | None, height_cm: Decimal | None) -> Decimal | None:
    """Body-mass index from weight and height, rounded to one decimal; never stored."""
    if not weight_kg or not height_cm:
        return None
    metres = Decimal(height_cm) / 100
    return (Decimal(weight_kg) / (metres * metres)).quantize(Decimal("0.1"))
