"""Membership actions (``may(user, action, membership)``), with the consent seam that
decides whether the coach sees a participant's measurements."""

from groups.models import Cohort, Membership
from groups.roles import AnyUser, patients_of_nurse
from privacy.services import consent_given, withdrawn_people

from .actions import Action, is_active_person
from .cohorts import C, N
from .roles import roles_in

MEMBERSHIP_RULES: dict[Action, frozenset[str]] = {
    Action.VIEW_REFERRAL: frozenset({"coach", "manager", "nurse"}),
    Action.RECORD_CONSENT: frozenset({"manager", "nurse"}),
    Action.RESEND_INVITATION: frozenset({"coach", "manager", "nurse"}),
    Action.ACCEPT_AGREEMENT: frozenset({"self"}),
    Action.LEAVE_COHORT: frozenset({"self"}),
    Action.VIEW_PLAN: frozenset({"self", "coach"}),
    Action.EDIT_PLAN: frozenset({"self"}),
    Action.VIEW_MEASUREMENTS: frozenset({"self", "coach", "nurse"}),
    Action.RECORD_MEASUREMENT: frozenset({"self", "coach", "nurse"}),
    Action.FILL_QUESTIONNAIRE: frozenset({"self"}),
    Action.VIEW_MEDICATION: frozenset({"self", "nurse"}),
    Action.RECORD_MEDICATION: frozenset({"self", "nurse"}),
    Action.REPORT_GLUCOSE: frozenset({"self"}),
    Action.VIEW_GLUCOSE: frozenset({"self", "nurse"}),
    Action.SEE_ALERT_EXISTS: frozenset({"self", "coach", "nurse"}),
}

# The coach's relation counts for these only while the participant shares values with them.
MEASUREMENT_ACTIONS = frozenset(
    {Action.VIEW_MEASUREMENTS, Action.RECORD_MEASUREMENT, Action.SEE_ALERT_EXISTS}
)


def coach_may_see_measurements(membership: Membership) -> bool:
    """Whether the coach may see and enter this participant's measurements.

    The one seam for the participant's consent ("share my measurements with my coach",
    privacy.ConsentChoice): the programme agreement covers it until the participant
    withdraws it on their consent page; the change applies at once.
    """
    return consent_given(person=membership.person, purpose="coach_measurements")


def _measurement_relations(membership: Membership, relations: frozenset[str]) -> frozenset[str]:
    """The relations that count for measurements: the coach's only with the consent."""
    if "coach" in relations and not coach_may_see_measurements(membership):
        return relations - {"coach"}
    return relations


def membership_allows(
    action: Action,
    membership: Membership,
    relations: frozenset[str],
    measurement_relations: frozenset[str] | None = None,
) -> bool:
    """The membership rule for one action, given the user's relations to the membership."""
    if action == Action.ACCEPT_AGREEMENT:
        return "self" in relations and membership.status == Membership.Status.INVITED
    if action == Action.LEAVE_COHORT:
        return "self" in relations and membership.is_participant and membership.is_open
    if action in MEASUREMENT_ACTIONS:
        if measurement_relations is None:
            measurement_relations = _measurement_relations(membership, relations)
        relations = measurement_relations
    return bool(relations & MEMBERSHIP_RULES[action])


def membership_actions(
    user: AnyUser, membership: Membership, relations: frozenset[str]
) -> frozenset[Action]:
    """Every membership action the user may take, from their relations (consent asked once)."""
    if not is_active_person(user):
        return frozenset()
    if user.is_superuser:
        return frozenset(MEMBERSHIP_RULES)
    measured = _measurement_relations(membership, relations)
    return frozenset(
        action
        for action in MEMBERSHIP_RULES
        if membership_allows(action, membership, relations, measured)
    )


def measurement_memberships_for(user: AnyUser, cohort: Cohort) -> list[Membership]:
    """The cohort's active participants whose measurements the user may see, by name.

    The coach sees every participant (within the consent seam), the practice nurse only
    the patients of her own practice; anyone else nobody.
    """
    memberships = (
        cohort.memberships.participants()
        .active()
        .select_related("person")
        .order_by("person__first_name", "person__last_name", "person__email")
    )
    if not user.is_authenticated:
        return []
    if user.is_superuser:
        return list(memberships)
    roles = roles_in(user, cohort)
    if C in roles:
        withdrawn = withdrawn_people(
            purpose="coach_measurements", people=memberships.values("person")
        )
        return [m for m in memberships if m.person_id not in withdrawn]
    if N in roles:
        return list(patients_of_nurse(user, memberships))
    return []
