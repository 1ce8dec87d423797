"""Writes for cohorts, staff roles and the enrolment flow.

Every function validates, writes in one transaction and raises ValidationError with a
translated message when the input is wrong, so that nothing is saved then.

By sub-domain: ``cohorts``, ``enrolment``, ``aanjagers`` and ``leaving``, with
``history`` (the events they record). The names other modules use are re-exported here.
"""

from .aanjagers import (
    appoint_aanjager,
    step_down_aanjager,
)
from .cohorts import (
    assign_coach,
    create_cohort,
    finish_cohort,
    grant_staff_role,
    remove_coach,
    set_cohort_funders,
    start_cohort,
    update_cohort,
)
from .enrolment import (
    AGREEMENT_VERSION,
    accept_agreement,
    invite_participant,
    record_gp_consent,
    refer_participant,
)
from .leaving import (
    end_membership,
    leave_cohort,
)

__all__ = [
    "AGREEMENT_VERSION",
    "accept_agreement",
    "appoint_aanjager",
    "assign_coach",
    "create_cohort",
    "end_membership",
    "finish_cohort",
    "grant_staff_role",
    "invite_participant",
    "leave_cohort",
    "record_gp_consent",
    "refer_participant",
    "remove_coach",
    "set_cohort_funders",
    "start_cohort",
    "step_down_aanjager",
    "update_cohort",
]
