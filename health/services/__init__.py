"""Writes for plans, goals, check-ins, measurements and questionnaire answers.

Every function validates, writes in one transaction and raises ValidationError with a
translated message when the input is wrong, so that nothing is saved then.

By sub-domain: ``goals``, ``measurements``, ``moments`` and ``questionnaires``,
with ``participation`` (the checks they share). The names other modules use are
re-exported here.
"""

from .goals import (
    GOAL_TEXT_FIELDS,
    cheer_goal,
    create_goal,
    record_check_in,
    revise_goal,
    set_goal_sharing,
    set_goal_status,
)
from .measurements import (
    ENTERED_AS,
    entered_as,
    record_measurements,
)
from .moments import (
    configure_measurement_moment,
    configure_measurement_moments,
)
from .questionnaires import (
    submit_questionnaire,
)

__all__ = [
    "ENTERED_AS",
    "GOAL_TEXT_FIELDS",
    "cheer_goal",
    "configure_measurement_moment",
    "configure_measurement_moments",
    "create_goal",
    "entered_as",
    "record_check_in",
    "record_measurements",
    "revise_goal",
    "set_goal_sharing",
    "set_goal_status",
    "submit_questionnaire",
]
