"""The contribution plan and the ledger: one line per participant per month due.

The ledger is the source of truth for what a participant owes, made here from the
cohort's plan and the membership, never typed in; staff record cash and bank transfers
and waive months in hardship.
"""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from groups.models import Cohort, Membership, add_months

from ..models import (
    ContributionPlan,
    LedgerLine,
    month_start,
    next_month,
)

PARTICIPANT_STATUSES_WITH_MONTHS = (
    Membership.Status.ACTIVE,
    Membership.Status.LEFT,
    Membership.Status.FINISHED,
)


def default_plan_months(cohort: Cohort) -> tuple[datetime.date, datetime.date]:
    """From the cohort's first month to the month before its planned end."""
    first = month_start(cohort.start_date)
    last = month_start(add_months(month_start(cohort.planned_end_date), -1))
    return first, max(first, last)


@transaction.atomic
def ensure_plan(*, cohort: Cohort) -> ContributionPlan:
    """The cohort's plan, made from its monthly contribution the first time it is needed."""
    first, last = default_plan_months(cohort)
    plan, _created = ContributionPlan.objects.get_or_create(
        cohort=cohort,
        defaults={
            "amount_cents": cohort.monthly_contribution_cents or 1,
            "start_month": first,
            "end_month": last,
        },
    )
    return plan


@transaction.atomic
def set_plan(
    *,
    cohort: Cohort,
    amount_cents: int,
    start_month: datetime.date,
    end_month: datetime.date | None,
    by: User,
) -> ContributionPlan:
    """Changes the plan; months already in the ledger keep the amount they had."""
    plan = ContributionPlan.objects.filter(cohort=cohort).first() or ContributionPlan(
        cohort=cohort
    )
    plan.amount_cents = amount_cents
    plan.start_month = start_month
    plan.end_month = end_month
    if amount_cents is None or amount_cents < 1:
        raise ValidationError({"amount_cents": _("The amount must be at least 1 cent.")})
    plan.full_clean()
    plan.save()
    return plan


def _membership_months(
    membership: Membership, plan: ContributionPlan, today: datetime.date
) -> list[datetime.date]:
    joined = membership.accepted_at or membership.created_at
    first = max(plan.start_month, month_start(timezone.localdate(joined)))
    last = month_start(today)
    if plan.end_month:
        last = min(last, plan.end_month)
    if membership.ended_at:
        last = min(last, month_start(timezone.localdate(membership.ended_at)))
    months = []
    month = first
    while month <= last:
        months.append(month)
        month = next_month(month)
    return months


@transaction.atomic
def bring_ledger_up_to_date(*, cohort: Cohort, today: datetime.date | None = None) -> int:
    """Adds the months now due for every participant of a started cohort; safe to repeat."""
    if cohort.started_at is None:
        return 0
    today = today or timezone.localdate()
    plan = ensure_plan(cohort=cohort)
    memberships = cohort.memberships.participants().filter(
        status__in=PARTICIPANT_STATUSES_WITH_MONTHS
    )
    existing = set(
        LedgerLine.objects.filter(membership__cohort=cohort).values_list("membership_id", "month")
    )
    new_lines = [
        LedgerLine(membership=membership, month=month, amount_cents=plan.amount_cents)
        for membership in memberships
        for month in _membership_months(membership, plan, today)
        if (membership.pk, month) not in existing
    ]
    LedgerLine.objects.bulk_create(new_lines, ignore_conflicts=True)
    return len(new_lines)


def _open_line(membership: Membership, line_id: int) -> LedgerLine:
    line = LedgerLine.objects.select_for_update().filter(membership=membership, pk=line_id).first()
    if line is None:
        raise ValidationError({"month": _("Choose a month of this participant.")})
    if not line.is_open:
        raise ValidationError({"month": _("This month is already paid or waived.")})
    return line


@transaction.atomic
def record_payment(
    *,
    membership: Membership,
    line_id: int,
    method: str,
    paid_on: datetime.date,
    note: str = "",
    by: User,
) -> LedgerLine:
    """The coach or manager records a month paid in cash or by bank transfer."""
    if method not in (LedgerLine.Method.CASH, LedgerLine.Method.BANK_TRANSFER):
        raise ValidationError({"method": _("Choose cash or bank transfer.")})
    if paid_on > timezone.localdate():
        raise ValidationError({"paid_on": _("The payment date cannot be in the future.")})
    line = _open_line(membership, line_id)
    line.status = LedgerLine.Status.PAID
    line.method = method
    line.paid_on = paid_on
    line.note = note.strip()
    line.recorded_by = by
    line.updated_at = timezone.now()
    line.full_clean()
    line.save()
    return line


@transaction.atomic
def waive_month(*, membership: Membership, line_id: int, reason: str, by: User) -> LedgerLine:
    """The coach or manager waives a month for a participant in hardship, with a reason."""
    if not reason.strip():
        raise ValidationError({"reason": _("Please give a reason for waiving this month.")})
    line = _open_line(membership, line_id)
    line.status = LedgerLine.Status.WAIVED
    line.method = LedgerLine.Method.NONE
    line.waiver_reason = reason.strip()
    line.recorded_by = by
    line.updated_at = timezone.now()
    line.full_clean()
    line.save()
    return line
