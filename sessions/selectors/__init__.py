"""Reads for the theme, calendar, session, planning and attendance pages, by sub-domain."""

from .attendance import (
    Rate,
    RegisterRow,
    attendance_by_participant,
    attendance_by_session,
    attendance_register,
)
from .calendar_feeds import (
    FEED_HISTORY,
    feed_for_token,
    feed_token,
    sessions_for_feed,
)
from .planning import (
    MonthView,
    Planning,
    cohort_sessions,
    members_to_notify,
    month_view,
    next_session_for,
    own_rsvp,
    planning,
    series_conflicts,
    series_defaults,
    session_people,
)
from .themes import (
    RankedProposal,
    ThemeOverview,
    ThemePageGroup,
    chosen_themes,
    open_proposals,
    theme_overview,
    theme_page_groups,
)

__all__ = [
    "FEED_HISTORY",
    "MonthView",
    "Planning",
    "RankedProposal",
    "Rate",
    "RegisterRow",
    "ThemeOverview",
    "ThemePageGroup",
    "attendance_by_participant",
    "attendance_by_session",
    "attendance_register",
    "chosen_themes",
    "cohort_sessions",
    "feed_for_token",
    "feed_token",
    "members_to_notify",
    "month_view",
    "next_session_for",
    "open_proposals",
    "own_rsvp",
    "planning",
    "series_conflicts",
    "series_defaults",
    "session_people",
    "sessions_for_feed",
    "theme_overview",
    "theme_page_groups",
]
