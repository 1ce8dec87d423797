"""Fetch-and-check for the early-warning list (attention/): which members a person may see
on it, which signals, and one member's page.

The rules are in ``access.policy.attention``. A member of the cohort who is not theirs to
follow up gets 404 (the list does not reveal who has signals), a relation without the
action gets 403.
"""

from django.db.models import QuerySet
from django.http import Http404

from accounts.models import User
from attention.roles import assigned_membership_ids, is_assigned
from attention.selectors import PARTICIPATION_KINDS, PERSONAL_KINDS, Kind
from groups.models import Cohort, EnrolmentEvent, Membership, StaffRole
from groups.roles import AnyUser, membership_relations

from .grants import Grant
from .policy import Action
from .policy.attention import ASSIGNED, COACH, SEES_EVERY_PARTICIPANT, attention_membership_actions


def signal_kinds(grant: Grant[Cohort] | Grant[Membership]) -> frozenset[Kind]:
    """The kinds of signal the grant's holder may see: the personal ones for the coach only."""
    if grant.allows(Action.VIEW_PERSONAL_SIGNALS):
        return PARTICIPATION_KINDS | PERSONAL_KINDS
    return PARTICIPATION_KINDS


def attention_memberships(user: AnyUser, grant: Grant[Cohort]) -> list[Membership]:
    """The active participants on the cohort's list for the holder of its grant: every one
    for the coach, only those the coach asked them to follow up for an aanjager."""
    members = grant.obj.memberships.participants().active().select_related("person")
    if not grant.allows(SEES_EVERY_PARTICIPANT):
        members = members.filter(pk__in=assigned_membership_ids(user, grant.obj.pk))
    return list(members.order_by("pk"))


def attention_relations(user: AnyUser, membership: Membership) -> frozenset[str]:
    # The manager knows the member (the referral) but not their signals: 403, not 404.
    relations = membership_relations(user, membership) & {COACH, "manager"}
    if is_assigned(user, membership):
        relations |= {ASSIGNED}
    return frozenset(relations)


def access_attention_member(user: AnyUser, pk: int, action: Action) -> Grant[Membership]:
    """An active participant's attention page: 404 unless coach or asked to follow up."""
    membership = (
        Membership.objects.participants()
        .active()
        .select_related("cohort__organisation", "person")
        .filter(pk=pk)
        .first()
    )
    if membership is None:
        raise Http404
    relations = attention_relations(user, membership)
    if not (user.is_superuser or relations):
        raise Http404
    actions = attention_membership_actions(user, relations)
    return Grant(membership, actions, relations=relations).require(action)


def weekly_digest_coaches() -> QuerySet[User]:
    """Who gets the weekly e-mail about the list: every active person who coaches a group."""
    return User.objects.filter(
        memberships__role=Membership.Role.COACH,
        memberships__status=Membership.Status.ACTIVE,
        is_active=True,
    ).distinct()


def receives_weekly_digest(user: AnyUser) -> bool:
    """Whether the person is one the weekly e-mail is for (their settings offer it)."""
    return user.is_authenticated and weekly_digest_coaches().filter(pk=user.pk).exists()


def weekly_digest_cohorts(coach_id: int) -> QuerySet[Cohort]:
    """The running cohorts one coach's weekly e-mail is about: those they coach."""
    return Cohort.objects.filter(
        memberships__person_id=coach_id,
        memberships__role=Membership.Role.COACH,
        memberships__status=Membership.Status.ACTIVE,
        started_at__isnull=False,
        finished_at__isnull=True,
    ).order_by("name")


def nurses_to_tell(membership: Membership) -> list[User]:
    """Who hears that an invitee did not answer after the reminder: the nurse who referred
    them while she is a nurse of the person's practice, otherwise every active nurse of it."""
    practice_nurses = User.objects.filter(
        is_active=True,
        staff_roles__role=StaffRole.Role.PRACTICE_NURSE,
        staff_roles__practice__patients__person_id=membership.person_id,
    ).distinct()
    referred_by = (
        EnrolmentEvent.objects.filter(membership=membership, kind=EnrolmentEvent.Kind.REFERRED)
        .order_by("at")
        .values("by")[:1]
    )
    referrer = list(practice_nurses.filter(pk__in=referred_by))
    return referrer or list(practice_nurses.order_by("pk"))
