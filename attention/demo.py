"""Demo follow-ups for "Wie verdient aandacht?": the coach called one participant with a
signal and asked an aanjager to follow another up (safe to run again: nothing is added
once the cohort has a follow-up). The signals themselves come from the sessions' demo.
For the referral pipeline, one referral of the forming cohort waits for GP consent since
three weeks (stalled) and one invitation dates from ten days ago."""

import datetime

from django.db import transaction
from django.utils import timezone

from groups.models import Cohort, EnrolmentEvent, Membership

from . import services
from .models import FollowUp
from .roles import aanjagers_of
from .selectors import cohort_signals

COHORT = "Herstelcirkel Noord 2026"


def _move_back(membership: Membership, kind: str, days: int) -> None:
    """The demo's history, moved back in time (only once: a fresh step is less than a day old)."""
    back = datetime.timedelta(days=days)
    fresh = membership.events.filter(kind=kind, at__gt=timezone.now() - datetime.timedelta(days=1))
    if not fresh.exists():
        return
    EnrolmentEvent.objects.filter(pk__in=fresh.values("pk")).update(at=timezone.now() - back)
    if kind == EnrolmentEvent.Kind.REFERRED:
        Membership.objects.filter(pk=membership.pk).update(created_at=timezone.now() - back)


def _referred_before_the_start(cohort: Cohort) -> None:
    """The running demo cohort was made today with sessions in the past: its referrals go
    back to 3 to 8 weeks before its start, so the days to the first session make sense."""
    start = timezone.make_aware(datetime.datetime.combine(cohort.start_date, datetime.time(10)))
    late = cohort.memberships.participants().filter(created_at__gt=start).order_by("pk")
    for index, membership in enumerate(late):
        referred_at = start - datetime.timedelta(days=21 + 7 * (index % 6))
        Membership.objects.filter(pk=membership.pk).update(created_at=referred_at)
        membership.events.filter(kind=EnrolmentEvent.Kind.REFERRED).update(at=referred_at)


def _pipeline() -> None:
    running = Cohort.objects.filter(name=COHORT).first()
    if running is not None:
        _referred_before_the_start(running)
    forming = Cohort.objects.filter(status=Cohort.Status.FORMING).order_by("pk").first()
    if forming is None:
        return
    waiting = forming.memberships.participants().filter(status=Membership.Status.REFERRED)
    invited = forming.memberships.participants().filter(status=Membership.Status.INVITED)
    first_waiting, first_invited = waiting.order_by("pk").first(), invited.order_by("pk").first()
    if first_waiting is not None:
        _move_back(first_waiting, EnrolmentEvent.Kind.REFERRED, 21)
    if first_invited is not None:
        _move_back(first_invited, EnrolmentEvent.Kind.INVITED, 10)


@transaction.atomic
def load() -> None:
    _pipeline()
    cohort = Cohort.objects.filter(name=COHORT).first()
    if cohort is None or FollowUp.objects.filter(membership__cohort=cohort).exists():
        return
    coach = (
        cohort.memberships.active().filter(role=Membership.Role.COACH).select_related("person")
    ).first()
    aanjager = aanjagers_of(cohort.pk).first()
    if coach is None:
        return
    flagged = [
        row.membership
        for row in cohort_signals(cohort=cohort)
        if row.signals and row.membership.person_id != getattr(aanjager, "pk", None)
    ]
    if flagged:
        services.record_follow_up(
            membership=flagged[0],
            by=coach.person,
            note="Gebeld, komt volgende keer",
            contacted_on=timezone.localdate(),
        )
    if aanjager is not None and len(flagged) > 1:
        services.ask_aanjager(membership=flagged[1], aanjager=aanjager, by=coach.person)
