"""Demo follow-ups for "Wie verdient aandacht?": the coach called one participant with a
signal and asked an aanjager to follow another up (safe to run again: nothing is added
once the cohort has a follow-up). The signals themselves come from the sessions' demo."""

from django.db import transaction
from django.utils import timezone

from groups.models import Cohort, Membership

from . import services
from .models import FollowUp
from .roles import aanjagers_of
from .selectors import cohort_signals

COHORT = "Herstelcirkel Noord 2026"


@transaction.atomic
def load() -> None:
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
