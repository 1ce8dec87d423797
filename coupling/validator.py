"""Checks an export file against the codebook before it is handed over.

    python manage.py validate_research_export moments.csv

Exact column names in the fixed order, every value allowed, no e-mail address or date in
any cell, every participant code of the study's form.
"""

import csv
import io
import re

from .codebook import FILES

_EMAIL = re.compile(r"@")
_DATE = re.compile(r"\d{4}-\d{2}-\d{2}|\d{1,2}-\d{1,2}-\d{4}")


def validate(file_name: str, text: str) -> list[str]:
    """Every problem found, as 'line N, column: why' (empty: the file may be handed over)."""
    columns = FILES.get(file_name)
    if columns is None:
        return [f"{file_name}: not a file of the research export"]
    rows = list(csv.reader(io.StringIO(text)))
    if not rows:
        return [f"{file_name}: empty"]
    expected = [c.name for c in columns]
    if rows[0] != expected:
        return [f"{file_name}: the header must be exactly {','.join(expected)}"]
    errors = []
    for number, row in enumerate(rows[1:], start=2):
        if len(row) != len(columns):
            errors.append(f"{file_name} line {number}: {len(row)} values, not {len(columns)}")
            continue
        for column, raw in zip(columns, row, strict=True):
            if _EMAIL.search(raw) or _DATE.search(raw):
                errors.append(f"{file_name} line {number}, {column.name}: identifying value")
                continue
            why = column.check(raw)
            if why:
                errors.append(f"{file_name} line {number}, {column.name}: {why}")
    return errors
