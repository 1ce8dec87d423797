"""Reads shared by the cohort pages and the personal overview."""

import datetime
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, Prefetch, Q, QuerySet
from django.utils import timezone

from accounts.models import User

from .models import (
    MAX_PARTICIPANTS,
    Cohort,
    EnrolmentEvent,
    Membership,
    Organisation,
    StaffRole,
)

# A referral or invitation waiting longer than this shows up as "needs doing".
STALE_AFTER = datetime.timedelta(days=14)


def cohort_members(*, cohort: Cohort) -> dict[str, list[Membership]]:
    """Who is in the group now: coaches, aanjagers and participants, by display name."""
    members = (
        cohort.memberships.filter(status=Membership.Status.ACTIVE)
        .select_related("person")
        .order_by("person__display_name", "person__first_name", "person__email")
    )
    grouped: dict[str, list[Membership]] = {"coaches": [], "aanjagers": [], "participants": []}
    for membership in members:
        key = {
            Membership.Role.COACH.value: "coaches",
            Membership.Role.AANJAGER.value: "aanjagers",
            Membership.Role.PARTICIPANT.value: "participants",
        }[membership.role]
        grouped[key].append(membership)
    return grouped


def place_counts(*, cohort: Cohort) -> dict[str, int]:
    counts = cohort.memberships.participants().aggregate(
        active=Count("pk", filter=Q(status=Membership.Status.ACTIVE)),
        pending=Count(
            "pk",
            filter=Q(
                status__in=[
                    Membership.Status.REFERRED,
                    Membership.Status.CONSENTED,
                    Membership.Status.INVITED,
                ]
            ),
        ),
        left=Count("pk", filter=Q(status=Membership.Status.LEFT)),
    )
    counts["free"] = MAX_PARTICIPANTS - counts["active"] - counts["pending"]
    return counts


def enrolment_overview(*, cohort: Cohort) -> QuerySet[Membership]:
    """Every participant membership with consent and history, for the coach and manager."""
    return (
        cohort.memberships.participants()
        .select_related("person", "gp_consent", "person__participant_profile__practice")
        .prefetch_related(Prefetch("events", queryset=EnrolmentEvent.objects.select_related("by")))
        .order_by("status", "person__first_name", "person__email")
    )


def needs_doing(*, cohort: Cohort) -> list[tuple[str, Membership]]:
    """Referrals waiting for consent and invitations not accepted for two weeks."""
    stale = timezone.now() - STALE_AFTER
    waiting = cohort.memberships.participants().filter(
        status__in=[Membership.Status.REFERRED, Membership.Status.INVITED],
        created_at__lt=stale,
    )
    return [(membership.status, membership) for membership in waiting.select_related("person")]


def referrals_for_nurse(*, nurse: User) -> QuerySet[Membership]:
    """Referrals of patients of the nurse's practices, newest first."""
    practices = StaffRole.objects.filter(person=nurse, role=StaffRole.Role.PRACTICE_NURSE).values(
        "practice"
    )
    return (
        Membership.objects.participants()
        .filter(person__participant_profile__practice__in=practices)
        .select_related("person", "cohort", "gp_consent", "person__participant_profile__practice")
        .order_by("-created_at")
    )


def organisation_cohorts(*, organisation: Organisation) -> QuerySet[Cohort]:
    return (
        organisation.cohorts.annotate(
            active_count=Count(
                "memberships",
                filter=Q(
                    memberships__status=Membership.Status.ACTIVE,
                    memberships__role__in=Membership.PARTICIPANT_ROLES,
                ),
            ),
            pending_count=Count(
                "memberships",
                filter=Q(
                    memberships__status__in=[
                        Membership.Status.REFERRED,
                        Membership.Status.CONSENTED,
                        Membership.Status.INVITED,
                    ]
                ),
            ),
        )
        .prefetch_related(
            "funders",
            Prefetch(
                "memberships",
                queryset=Membership.objects.filter(
                    role=Membership.Role.COACH, status=Membership.Status.ACTIVE
                ).select_related("person"),
                to_attr="coach_memberships",
            ),
        )
        .order_by("-start_date")
    )


@dataclass(frozen=True)
class InvitationWelcome:
    """What the invitation page says before the person logs in: first names only."""

    first_name: str
    cohort_name: str
    meeting_place: str
    inviter_name: str
    open: bool  # still waiting to be accepted


def invitation_welcome(*, membership: Membership) -> InvitationWelcome:
    event = (
        membership.events.filter(
            kind__in=[EnrolmentEvent.Kind.INVITED, EnrolmentEvent.Kind.REFERRED], by__isnull=False
        )
        .select_related("by")
        .order_by("-at", "-pk")
        .first()
    )
    inviter = event.by if event is not None and event.by is not None else None
    person = membership.person
    return InvitationWelcome(
        first_name=person.first_name or person.public_name,
        cohort_name=membership.cohort.name,
        meeting_place=membership.cohort.meeting_place,
        inviter_name=(inviter.first_name or inviter.public_name) if inviter else "",
        open=membership.status == Membership.Status.INVITED,
    )


@dataclass
class Overview:
    """What the personal overview page shows, by the roles this person holds."""

    participation: Membership | None = None
    invitation: Membership | None = None
    coached_cohorts: list[Cohort] = field(default_factory=list)
    managed_organisations: list[Organisation] = field(default_factory=list)
    is_nurse: bool = False
    funded_cohorts: list[Cohort] = field(default_factory=list)


def overview_for(*, user: User) -> Overview:
    overview = Overview()
    memberships = user.memberships.filter(status__in=Membership.OPEN_STATUSES).select_related(
        "cohort"
    )
    for membership in memberships:
        if membership.is_participant and membership.status == Membership.Status.ACTIVE:
            overview.participation = membership
        elif membership.is_participant and membership.status == Membership.Status.INVITED:
            overview.invitation = membership
        elif membership.role == Membership.Role.COACH:
            overview.coached_cohorts.append(membership.cohort)
    staff = list(user.staff_roles.select_related("organisation", "funder"))
    overview.managed_organisations = [
        role.organisation
        for role in staff
        if role.role == StaffRole.Role.MANAGER and role.organisation is not None
    ]
    overview.is_nurse = any(role.role == StaffRole.Role.PRACTICE_NURSE for role in staff)
    funders = [role.funder for role in staff if role.role == StaffRole.Role.FUNDER]
    if funders:
        overview.funded_cohorts = list(
            Cohort.objects.filter(funders__in=funders).distinct().order_by("-start_date")
        )
    return overview


@dataclass
class FirstThings:
    """What a participant sees first on "Mijn overzicht": the next session, unread chat,
    an open vote and questionnaires to fill in. Each app's own selector supplies its part."""

    next_session: Any = None
    own_rsvp: Any = None
    unread_messages: int | None = None  # None: no chat for this person
    open_round: Any = None
    votes_left: int = 0
    questionnaires_due: list[Any] = field(default_factory=list)

    @property
    def open_count(self) -> int:
        """How many of the blocks ask the person to do something."""
        return sum(
            [
                bool(self.unread_messages),
                self.open_round is not None and self.votes_left > 0,
                bool(self.questionnaires_due),
            ]
        )


def first_things_for(*, user: User, membership: Membership) -> FirstThings:
    # Imported here: sessions, chat and health build on groups, not the other way round.
    from django.db.models import Sum

    from access.grants import cohort_grant
    from access.policy import Action
    from chat import unread as chat_unread
    from health import selectors as health_selectors
    from sessions import selectors as session_selectors

    cohort = membership.cohort
    first = FirstThings(next_session=session_selectors.next_session_for(user=user))
    if first.next_session is not None:
        first.own_rsvp = session_selectors.own_rsvp(session=first.next_session, user=user)
    grant = cohort_grant(user, cohort)  # one look at the roles, kept on the cohort for the page
    if grant.allows(Action.USE_CHAT):
        first.unread_messages = chat_unread.unread_count(cohort=cohort, person=user)
    if grant.allows(Action.VOTE_THEMES):
        first.open_round = cohort.voting_rounds.filter(closed_at__isnull=True).first()
        if first.open_round is not None:
            given = first.open_round.votes.filter(voter=user).aggregate(n=Sum("count"))["n"]
            first.votes_left = max(0, first.open_round.votes_per_person - (given or 0))
    first.questionnaires_due = health_selectors.questionnaires_due(membership=membership)
    return first
