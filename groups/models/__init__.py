"""Organisations, cohorts, who belongs where in which role, and the enrolment record.

By sub-domain: ``organisations``, ``cohorts`` and ``memberships``. Every model and
name is re-exported here, so ``groups.models`` stays the one import path.
"""

from .cohorts import (
    MAX_AANJAGERS,
    MAX_PARTICIPANTS,
    MIN_PARTICIPANTS,
    PROGRAMME_MONTHS,
    Cohort,
    CohortEvent,
    CohortQuerySet,
    add_months,
)
from .memberships import (
    AGE_RANGE,
    EnrolmentEvent,
    GPConsent,
    Membership,
    MembershipQuerySet,
    ParticipantProfile,
    age_on,
)
from .organisations import (
    Funder,
    Organisation,
    Practice,
    StaffRole,
)

__all__ = [
    "AGE_RANGE",
    "MAX_AANJAGERS",
    "MAX_PARTICIPANTS",
    "MIN_PARTICIPANTS",
    "PROGRAMME_MONTHS",
    "Cohort",
    "CohortEvent",
    "CohortQuerySet",
    "EnrolmentEvent",
    "Funder",
    "GPConsent",
    "Membership",
    "MembershipQuerySet",
    "Organisation",
    "ParticipantProfile",
    "Practice",
    "StaffRole",
    "add_months",
    "age_on",
]
