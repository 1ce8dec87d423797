"""Demo contributions: a plan for both demo cohorts and months for the running one."""

import datetime

from django.db import transaction
from django.utils import timezone

from groups.models import Cohort, Membership

from . import services
from .models import LedgerLine, month_start

RUNNING = "Herstelcirkel Noord 2026"
FORMING = "Herstelcirkel Lent 2027"
BEHIND = {"Mohamed", "Ton", "Truus"}  # some months still open
HARDSHIP = "Henk"  # one month waived


@transaction.atomic
def load() -> None:
    cohorts = {c.name: c for c in Cohort.objects.filter(name__in=[RUNNING, FORMING])}
    for cohort in cohorts.values():
        services.ensure_plan(cohort=cohort)
    running = cohorts.get(RUNNING)
    if running is None or running.started_at is None:
        return
    if LedgerLine.objects.filter(membership__cohort=running).exists():
        return
    # The demo's participants all accepted on the day the demo was made; in the story they
    # joined when the group began, so they owe every month since its start.
    joined = timezone.make_aware(datetime.datetime.combine(running.start_date, datetime.time(12)))
    running.memberships.participants().filter(accepted_at__gt=joined).update(accepted_at=joined)
    services.bring_ledger_up_to_date(cohort=running)

    coach = running.memberships.filter(role=Membership.Role.COACH).select_related("person").first()
    if coach is None:
        return  # nobody to record the payments by
    by = coach.person
    this_month = month_start(timezone.localdate())
    memberships = running.memberships.participants().select_related("person")
    for index, membership in enumerate(memberships.order_by("person__first_name")):
        first = membership.person.first_name
        lines = list(membership.ledger_lines.order_by("month"))
        for number, line in enumerate(lines):
            if first in BEHIND and number >= len(lines) - 2:
                continue  # the last month or two still open
            if line.month == this_month and index % 2:
                continue  # half the group pays this month later
            if first == HARDSHIP and number == 1:
                services.waive_month(
                    membership=membership,
                    line_id=line.pk,
                    reason="Tijdelijk geen inkomen na ontslag; besproken met de coach.",
                    by=by,
                )
                continue
            method = LedgerLine.Method.BANK_TRANSFER if index % 3 else LedgerLine.Method.CASH
            paid_on = min(line.month + datetime.timedelta(days=4), timezone.localdate())
            services.record_payment(
                membership=membership,
                line_id=line.pk,
                method=method,
                paid_on=paid_on,
                by=by,
            )
