from decimal import Decimal

from django.db import transaction

from accounts.models import User
from groups.models import Cohort

from .models import CohortCost


@transaction.atomic
def set_cohort_cost(*, cohort: Cohort, by: User, cost_per_participant: Decimal) -> CohortCost:
    cost, _created = CohortCost.objects.update_or_create(
        cohort=cohort,
        defaults={"cost_per_participant_cents": int(cost_per_participant * 100), "entered_by": by},
    )
    cost.full_clean()
    return cost
