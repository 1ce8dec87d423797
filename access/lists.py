"""Which objects a person may take an action on, for lists of links (dashboards, menus).

Each list is one query built from the rule in access.policy, so a list never shows a
link the policy would refuse. A superuser's blanket permission is not a list: they see
what their own roles give them.
"""

from django.db.models import Q, QuerySet

from groups.models import Cohort, Funder, Membership, Organisation, Practice
from groups.roles import (
    AnyUser,
    cohorts_where,
    funders_of_contact,
    organisations_where,
    patients_of_nurse,
    practices_of_nurse,
)

from .grants import Grant
from .policy import (
    COHORT_RULES,
    ORGANISATION_RULES,
    Action,
    is_active_person,
    membership_roles_allowed,
)
from .policy.cohorts import M, N


def cohorts_allowing(user: AnyUser, action: Action) -> QuerySet[Cohort]:
    """The cohorts in which the user's roles allow this action, in one query from the rule.

    For lists of links (a dashboard): a superuser's blanket permission is not a list.
    """
    if not is_active_person(user):
        return Cohort.objects.none()
    return cohorts_where(user, COHORT_RULES[action])


def organisations_allowing(user: AnyUser, action: Action) -> QuerySet[Organisation]:
    """The organisations in which the user's staff roles allow this action (for links)."""
    if not is_active_person(user):
        return Organisation.objects.none()
    return organisations_where(user, ORGANISATION_RULES[action])


def funders_allowing(user: AnyUser, action: Action) -> QuerySet[Funder]:
    """The funders whose reports the user may read: those they are a contact of."""
    if not is_active_person(user) or action != Action.VIEW_FUNDER_REPORT:
        return Funder.objects.none()
    return funders_of_contact(user)


def memberships_allowing(action: Action) -> QuerySet[Membership]:
    """The active memberships whose role allows this cohort action, in any cohort (the
    caller narrows it to a cohort or a person). For actions that membership roles alone
    decide (reading notices, the chat): the roles are read from the rule."""
    return Membership.objects.filter(
        status=Membership.Status.ACTIVE, role__in=membership_roles_allowed(action)
    )


def referral_targets(user: AnyUser) -> tuple[QuerySet[Cohort], QuerySet[Practice]]:
    """Where the user may refer a patient, from the rule for REFER_PARTICIPANT: the forming
    cohorts of those organisations, and the practices to choose from (a nurse's own
    practice; every practice of an organisation the user manages)."""
    organisations = organisations_allowing(user, Action.REFER_PARTICIPANT)
    cohorts = Cohort.objects.filter(
        status=Cohort.Status.FORMING, organisation__in=organisations
    ).order_by("start_date")
    rule = ORGANISATION_RULES[Action.REFER_PARTICIPANT]
    if not is_active_person(user):
        return cohorts, Practice.objects.none()
    through = Q(pk__in=[])
    if N in rule:
        through |= Q(pk__in=practices_of_nurse(user).values("pk"))
    if M in rule:
        through |= Q(organisation__in=organisations_where(user, frozenset({M})))
    return cohorts, Practice.objects.filter(through)


def pipeline_memberships(user: AnyUser, grant: Grant[Organisation]) -> QuerySet[Membership]:
    """The referrals on the organisation's pipeline for the holder of its grant, from the
    rule for VIEW_PIPELINE (one query): every participant membership of the organisation
    for a manager, those of the patients of her own practices for a nurse."""
    referrals = Membership.objects.participants().filter(cohort__organisation=grant.obj)
    held = grant.roles & ORGANISATION_RULES[Action.VIEW_PIPELINE]
    if not grant.allows(Action.VIEW_PIPELINE) or not held:
        return referrals.none()
    if M in held:
        return referrals
    return patients_of_nurse(user, referrals)


def pipeline_viewer_role(grant: Grant[Organisation]) -> str:
    """The role the pipeline was seen in, for the access log: manager or practice nurse."""
    return "manager" if M in grant.roles else "nurse"
