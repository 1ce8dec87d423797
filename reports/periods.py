"""The periods a funder may choose: closed calendar months, quarters and years, and
"since the start" up to the last closed month. No free day ranges, so one period against
a period a day longer cannot single out a day (docs/disclosure-control.md)."""

import datetime
from dataclasses import dataclass

from django.utils.formats import date_format
from django.utils.translation import gettext as _

from groups.models import add_months


@dataclass(frozen=True)
class Period:
    key: str
    label: str
    start: datetime.date
    end: datetime.date


def _month_end(first: datetime.date) -> datetime.date:
    return add_months(first, 1) - datetime.timedelta(days=1)


def fixed_periods(*, first_day: datetime.date, today: datetime.date) -> list[Period]:
    """Newest first: since the start, then closed years, quarters and months."""
    this_month = today.replace(day=1)
    last_closed_end = this_month - datetime.timedelta(days=1)
    first = first_day.replace(day=1)
    if first > last_closed_end:
        first = last_closed_end.replace(day=1)
    periods = [
        Period(
            "start",
            _("Since the start (up to %(end)s)") % {"end": date_format(last_closed_end, "F Y")},
            first,
            last_closed_end,
        )
    ]
    for year in range(last_closed_end.year, first.year - 1, -1):
        if datetime.date(year, 12, 31) <= last_closed_end:
            periods.append(
                Period(
                    f"jaar-{year}",
                    str(year),
                    datetime.date(year, 1, 1),
                    datetime.date(year, 12, 31),
                )
            )
    month = last_closed_end.replace(day=1)
    quarters, months = [], []
    while month >= first:
        months.append(
            Period(f"maand-{month:%Y-%m}", date_format(month, "F Y"), month, _month_end(month))
        )
        if month.month % 3 == 0:
            start = add_months(month, -2)
            quarters.append(
                Period(
                    f"kwartaal-{month.year}-{month.month // 3}",
                    _("Quarter %(q)d %(year)d") % {"q": month.month // 3, "year": month.year},
                    start,
                    _month_end(month),
                )
            )
        month = add_months(month, -1)
    return periods + quarters + months
