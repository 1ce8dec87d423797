"""The research export's columns: exact names in a fixed order, meaning, unit, allowed values.

After the CDC's DPRP data dictionary: one file per unit of observation, a codebook that
names every column, and a validator (coupling.validator) that checks a file against it
before it is handed over.
"""

import re
from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

PSEUDONYM = re.compile(r"^P[0-9A-F]{8}$")
COHORT_CODE = re.compile(r"^C[0-9]{1,3}$")
AGE_BANDS = ("45-49", "50-54", "55-59", "60-64", "65-69", "70-74", "75-79", "<45", ">=80")
MOMENTS = ("baseline", "month_6", "month_12")
ATTENDANCE = ("present", "absent", "excused", "not_recorded")


@dataclass(frozen=True)
class Column:
    name: str
    meaning: str | Promise
    unit: str | Promise = ""
    allowed: str | Promise = ""  # in words, for the codebook
    pattern: re.Pattern | None = None
    choices: tuple[str, ...] = ()
    minimum: float | None = None
    maximum: float | None = None
    integer: bool = False
    empty_allowed: bool = False

    def check(self, raw: str) -> str | None:
        """Why the value is not allowed, or None."""
        if raw == "":
            return None if self.empty_allowed else "empty"
        if self.pattern is not None and not self.pattern.match(raw):
            return "format"
        if self.choices and raw not in self.choices:
            return "not one of the allowed values"
        if self.minimum is not None:
            try:
                number = float(raw)
            except ValueError:
                return "not a number"
            if self.integer and not re.fullmatch(r"-?[0-9]+", raw):
                return "not a whole number"
            if number < self.minimum or (self.maximum is not None and number > self.maximum):
                return "out of range"
        return None


def _measure(name, meaning, unit, low, high, integer=False):
    return Column(
        name,
        meaning,
        unit,
        _("%(low)s to %(high)s, empty when not measured") % {"low": low, "high": high},
        minimum=low,
        maximum=high,
        integer=integer,
        empty_allowed=True,
    )


_PARTICIPANT = Column(
    "participant_id",
    _("The participant's random code in this study; the same in every export of the study"),
    allowed=_("P and 8 characters 0-9, A-F"),
    pattern=PSEUDONYM,
)
_COHORT = Column(
    "cohort_id",
    _("The cohort's code in this study"),
    allowed=_("C and a number"),
    pattern=COHORT_CODE,
)

SESSION_COLUMNS: tuple[Column, ...] = (
    _PARTICIPANT,
    _COHORT,
    Column(
        "session_day",
        _("Day of the session, counted from the cohort's start (day 0)"),
        _("days"),
        _("-400 to 2000"),
        minimum=-400,
        maximum=2000,
        integer=True,
    ),
    Column(
        "attendance",
        _("Whether the participant was at the session"),
        allowed=", ".join(ATTENDANCE),
        choices=ATTENDANCE,
    ),
)

MOMENT_COLUMNS: tuple[Column, ...] = (
    _PARTICIPANT,
    _COHORT,
    Column(
        "age_band",
        _("Age at the cohort's start, in 5-year bands"),
        _("years"),
        ", ".join(AGE_BANDS),
        choices=AGE_BANDS,
    ),
    Column("moment", _("Measurement moment"), allowed=", ".join(MOMENTS), choices=MOMENTS),
    Column(
        "moment_day",
        _("Target day of the moment, counted from the cohort's start (day 0)"),
        _("days"),
        _("0 to 1100"),
        minimum=0,
        maximum=1100,
        integer=True,
    ),
    _measure("weight_kg", _("Body weight"), "kg", 30, 300),
    _measure("height_cm", _("Body height"), "cm", 120, 220),
    _measure("waist_cm", _("Waist circumference"), "cm", 50, 200),
    _measure("hba1c_mmol_mol", _("HbA1c (IFCC)"), "mmol/mol", 20, 150),
    _measure("cholesterol_total_mmol_l", _("Total cholesterol"), "mmol/L", 1.5, 15),
    _measure("ldl_mmol_l", _("LDL cholesterol"), "mmol/L", 0.3, 10),
    _measure("bp_systolic_mmhg", _("Systolic blood pressure"), "mmHg", 70, 260, True),
    _measure("bp_diastolic_mmhg", _("Diastolic blood pressure"), "mmHg", 40, 150, True),
    _measure("glucose_drugs", _("Number of glucose-lowering drugs"), "", 0, 6, True),
    _measure("insulin", _("Uses insulin (1 yes, 0 no)"), "", 0, 1, True),
    _measure("who5_score", _("WHO-5 well-being score"), _("0-100"), 0, 100),
)

# measure key in health -> column name
MEASURE_COLUMNS = {
    "weight": "weight_kg",
    "height": "height_cm",
    "waist": "waist_cm",
    "hba1c": "hba1c_mmol_mol",
    "cholesterol_total": "cholesterol_total_mmol_l",
    "ldl": "ldl_mmol_l",
    "bp_systolic": "bp_systolic_mmhg",
    "bp_diastolic": "bp_diastolic_mmhg",
    "glucose_drugs": "glucose_drugs",
    "insulin": "insulin",
}

FILES = {"sessions.csv": SESSION_COLUMNS, "moments.csv": MOMENT_COLUMNS}


def codebook_rows() -> list[list[str]]:
    rows = [["file", "column", "meaning", "unit", "allowed values"]]
    for file_name, columns in FILES.items():
        rows += [[file_name, c.name, str(c.meaning), str(c.unit), str(c.allowed)] for c in columns]
    return rows
