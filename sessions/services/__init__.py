"""Writes for themes, voting, sessions, RSVPs, attendance, calendar feeds and reminders.

Every function validates, writes in one transaction and raises ValidationError with a
translated message when the input is wrong, so that nothing is saved then. E-mails go out
through tasks enqueued on commit.

By sub-domain: ``themes``, ``planning``, ``attendance``, ``calendar_feeds`` and
``reminders``, on ``cohort`` (the lock and clock they share). The names other modules use
are re-exported here.
"""

from .attendance import (
    answer_rsvp,
    record_attendance,
)
from .calendar_feeds import (
    ensure_calendar_feed,
    renew_calendar_feed,
)
from .cohort import (
    local_zone,
)
from .planning import (
    CHANGE_FIELDS,
    SESSION_FIELDS,
    SeriesSlot,
    cancel_session,
    create_series,
    local_datetime,
    plan_session,
    series_dates,
    series_slots,
    update_session,
)
from .reminders import (
    REMINDER_AHEAD,
    enqueue_due_reminders,
    enqueue_session_reminders,
    schedule_reminders,
)
from .themes import (
    DEFAULT_THEMES_TO_CHOOSE,
    cast_votes,
    close_voting_round,
    default_themes_to_choose,
    open_voting_round,
    propose_theme,
    rank,
)

__all__ = [
    "CHANGE_FIELDS",
    "DEFAULT_THEMES_TO_CHOOSE",
    "REMINDER_AHEAD",
    "SESSION_FIELDS",
    "SeriesSlot",
    "answer_rsvp",
    "cancel_session",
    "cast_votes",
    "close_voting_round",
    "create_series",
    "default_themes_to_choose",
    "enqueue_due_reminders",
    "enqueue_session_reminders",
    "ensure_calendar_feed",
    "local_datetime",
    "local_zone",
    "open_voting_round",
    "plan_session",
    "propose_theme",
    "rank",
    "record_attendance",
    "renew_calendar_feed",
    "schedule_reminders",
    "series_dates",
    "series_slots",
    "update_session",
]
