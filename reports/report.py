"""A built report: its tables of released values, charts, definitions and privacy note.

reports.builder fills it; pages and exports (reports.exports) only read it.
"""

import datetime
from dataclasses import dataclass, field

from . import values as v


@dataclass
class Table:
    key: str
    title: str
    headers: list[str]
    rows: list[list[v.Value]]
    note: str = ""
    footnotes: list[str] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.headers = [str(header) for header in self.headers]
        self.footnotes = v.footnotes(self.rows)


@dataclass
class Report:
    title: str
    subtitle: str
    start: datetime.date
    end: datetime.date
    generated_at: datetime.datetime
    period_label: str = ""
    tables: list[Table] = field(default_factory=list)
    charts: dict[str, str] = field(default_factory=dict)
    definitions: list[str] = field(default_factory=list)
    disclosure_note: str = ""

    def table(self, key: str) -> Table:
        return next(table for table in self.tables if table.key == key)
