"""Demo: the programme cost per participant of the pilot (EUR 1,750) for the demo cohorts."""

from django.db import transaction

from accounts.models import User
from groups.models import Cohort

from .models import CohortCost

PILOT_COST_CENTS = 175_000


@transaction.atomic
def load() -> None:
    manager = User.objects.filter(email="manager@herstelcirkel.test").first()
    if manager is None:
        return
    for cohort in Cohort.objects.filter(organisation__name="Zorggroep Rivierstad"):
        CohortCost.objects.get_or_create(
            cohort=cohort,
            defaults={"cost_per_participant_cents": PILOT_COST_CENTS, "entered_by": manager},
        )
