from django.core.management.base import BaseCommand

from contributions.services import bring_ledger_up_to_date, end_contributions_of_ended_memberships
from groups.models import Cohort


class Command(BaseCommand):
    help = (
        "Adds the months now due to the contribution ledger of every started cohort, and "
        "ends the Stripe subscriptions of participants who left (if that failed before)."
    )

    def handle(self, *args, **options):
        added = sum(
            bring_ledger_up_to_date(cohort=cohort)
            for cohort in Cohort.objects.exclude(started_at=None)
        )
        ended = end_contributions_of_ended_memberships()
        self.stdout.write(f"{added} months added, {ended} subscriptions of leavers ended.")
