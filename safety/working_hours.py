"""Working hours of a practice: when an unacknowledged alert is due to escalate.

Monday to Friday, SAFETY_WORKING_DAY (default 8 to 17 h) on the Dutch wall clock. Public
holidays are not known here: an alert over Easter Monday escalates a working day early,
which errs on the safe side.
"""

import datetime
import zoneinfo

from django.conf import settings

AMSTERDAM = zoneinfo.ZoneInfo("Europe/Amsterdam")


def add_working_hours(start: datetime.datetime, hours: float) -> datetime.datetime:
    """The moment `hours` working hours after `start` (an aware datetime), in UTC."""
    opens, closes = settings.SAFETY_WORKING_DAY
    remaining = datetime.timedelta(hours=hours)
    moment = start.astimezone(AMSTERDAM)
    while True:
        day = moment.date()
        day_open = datetime.datetime.combine(day, datetime.time(opens), AMSTERDAM)
        day_close = datetime.datetime.combine(day, datetime.time(closes), AMSTERDAM)
        if day.weekday() < 5 and moment < day_close:
            moment = max(moment, day_open)
            available = day_close - moment
            if remaining <= available:
                return (moment + remaining).astimezone(datetime.UTC)
            remaining -= available
        next_day = day + datetime.timedelta(days=1)
        moment = datetime.datetime.combine(next_day, datetime.time(opens), AMSTERDAM)
