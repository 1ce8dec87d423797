"""The referral pipeline: where each referral stands, for how long, and whether it stalls.

Every stage's start comes from facts the platform already records: the referral itself
(``Membership.created_at``, as in the reports), the GP's consent (``GPConsent.recorded_at``),
the first invitation sent (``EnrolmentEvent`` of kind ``invited``), the acceptance
(``Membership.accepted_at``) and the first session attended (the register). Nothing is
stored as a verdict; ``referral_pipeline`` reads it all in one query, however many
referrals there are. Which referrals a person sees is the access layer's decision
(``access.lists.pipeline_memberships``).
"""

import datetime
import statistics
from dataclasses import dataclass, field
from enum import StrEnum

from django.db.models import OuterRef, QuerySet, Subquery
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from groups.models import EnrolmentEvent, Membership
from sessions.models import Attendance, Session

from .models import AttentionSettings


class Stage(StrEnum):
    REFERRED = "referred"
    CONSENTED = "consented"
    INVITED = "invited"
    ACCEPTED = "accepted"
    FIRST_SESSION = "first_session"


STAGE_LABELS: dict[Stage, Promise] = {
    Stage.REFERRED: _("Referred: waiting for GP consent"),
    Stage.CONSENTED: _("GP consent: invitation not sent yet"),
    Stage.INVITED: _("Invited: no answer yet"),
    Stage.ACCEPTED: _("Accepted: waiting for the first session"),
    Stage.FIRST_SESSION: _("Came to the first session"),
}
# The setting (AttentionSettings field) that says when a referral stalls in each stage.
STALL_SETTINGS: dict[Stage, str] = {
    Stage.REFERRED: "stalled_referred_days",
    Stage.CONSENTED: "stalled_consented_days",
    Stage.INVITED: "stalled_invited_days",
    Stage.ACCEPTED: "stalled_accepted_days",
}


@dataclass(frozen=True)
class Referral:
    """One referral on the pipeline: its stage, since when, and whether it stalls there."""

    membership: Membership
    stage: Stage
    since: datetime.datetime
    days: int
    stalled: bool
    first_session_at: datetime.datetime | None = None

    @property
    def stage_label(self) -> Promise:
        return STAGE_LABELS[self.stage]

    @property
    def days_to_first_session(self) -> int | None:
        if self.first_session_at is None:
            return None
        return (_day(self.first_session_at) - _day(self.membership.created_at)).days


@dataclass(frozen=True)
class Median:
    """The median days from referral to the first session in one practice or cohort."""

    name: str
    median: float
    count: int


@dataclass
class Pipeline:
    open: list[Referral] = field(default_factory=list)  # not at a session yet: stalled first
    stage_counts: list[tuple[Promise, int]] = field(default_factory=list)
    by_practice: list[Median] = field(default_factory=list)
    by_cohort: list[Median] = field(default_factory=list)

    @property
    def stalled(self) -> int:
        return sum(1 for referral in self.open if referral.stalled)


def _day(moment: datetime.datetime) -> datetime.date:
    return timezone.localtime(moment).date()


def with_stage_facts(memberships: QuerySet[Membership]) -> QuerySet[Membership]:
    """The memberships with what the stages need, in the one query of the pipeline."""
    invited = EnrolmentEvent.objects.filter(
        membership=OuterRef("pk"), kind=EnrolmentEvent.Kind.INVITED
    ).order_by("at", "pk")
    first_session = Attendance.objects.filter(
        person=OuterRef("person"),
        session__cohort=OuterRef("cohort"),
        session__status=Session.Status.PLANNED,
        session__starts_at__lte=timezone.now(),
        status=Attendance.Status.PRESENT,
    ).order_by("session__starts_at")
    return memberships.select_related(
        "person", "cohort", "gp_consent", "person__participant_profile__practice"
    ).annotate(
        first_invited_at=Subquery(invited.values("at")[:1]),
        first_session_at=Subquery(first_session.values("session__starts_at")[:1]),
    )


def _stage(membership: Membership) -> tuple[Stage, datetime.datetime] | None:
    """The stage of an open referral and the moment it began; None for a closed one that
    never came to a session (it left the pipeline)."""
    first_session = getattr(membership, "first_session_at", None)
    if first_session is not None:
        return Stage.FIRST_SESSION, first_session
    status = membership.status
    if status == Membership.Status.REFERRED:
        return Stage.REFERRED, membership.created_at
    consent = getattr(membership, "gp_consent", None)
    consented_at = consent.recorded_at if consent is not None else membership.created_at
    if status == Membership.Status.CONSENTED:
        return Stage.CONSENTED, consented_at
    if status == Membership.Status.INVITED:
        return Stage.INVITED, getattr(membership, "first_invited_at", None) or consented_at
    if status == Membership.Status.ACTIVE:
        return Stage.ACCEPTED, membership.accepted_at or consented_at
    return None


def _stalled(membership: Membership, stage: Stage, since: datetime.datetime, today, settings):
    if stage == Stage.FIRST_SESSION:
        return False
    limit = getattr(settings, STALL_SETTINGS[stage])
    start = _day(since)
    if stage == Stage.ACCEPTED:  # nobody can come to a session before the group starts
        start = max(start, membership.cohort.start_date)
    return (today - start).days >= limit


def _medians(groups: dict[str, list[int]]) -> list[Median]:
    return [
        Median(name, statistics.median(days), len(days))
        for name, days in sorted(groups.items())
        if days
    ]


def referral_pipeline(
    *, memberships: QuerySet[Membership], settings: AttentionSettings
) -> Pipeline:
    """The pipeline of these referrals: the open ones (stalled first, then the longest
    waiting), the count per stage, and the median days from referral to the first session
    per practice and per cohort (plain medians: the staff who see this see the names)."""
    today = timezone.localdate()
    pipeline = Pipeline()
    counts = dict.fromkeys(Stage, 0)
    by_practice: dict[str, list[int]] = {}
    by_cohort: dict[str, list[int]] = {}
    for membership in with_stage_facts(memberships).order_by("created_at", "pk"):
        found = _stage(membership)
        if found is None:
            continue
        stage, since = found
        referral = Referral(
            membership=membership,
            stage=stage,
            since=since,
            days=max((today - _day(since)).days, 0),
            stalled=_stalled(membership, stage, since, today, settings),
            first_session_at=getattr(membership, "first_session_at", None),
        )
        if stage == Stage.FIRST_SESSION:
            days = referral.days_to_first_session
            assert days is not None
            profile = getattr(membership.person, "participant_profile", None)
            if profile is not None:
                by_practice.setdefault(profile.practice.name, []).append(days)
            by_cohort.setdefault(membership.cohort.name, []).append(days)
            if not membership.is_open:
                continue  # counted in the medians, no longer in the pipeline's steps
        elif not membership.is_open:
            continue
        counts[stage] += 1
        if stage != Stage.FIRST_SESSION:
            pipeline.open.append(referral)
    pipeline.open.sort(key=lambda r: (not r.stalled, -r.days, r.membership.pk))
    pipeline.stage_counts = [(STAGE_LABELS[stage], counts[stage]) for stage in Stage]
    pipeline.by_practice = _medians(by_practice)
    pipeline.by_cohort = _medians(by_cohort)
    return pipeline
