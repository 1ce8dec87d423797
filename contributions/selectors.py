"""Reads for the contributions pages and for the funders' report (issue 8)."""

import datetime
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Aggregate, Count, Prefetch, Q, Sum
from django.utils import timezone

from groups.models import Cohort, Membership

from .models import LedgerLine, StripeSubscription, month_start


@dataclass
class Standing:
    """Where a participant stands: up to date, behind, or up to date with months waived."""

    open_months: int = 0
    open_cents: int = 0
    failed_months: int = 0
    waived_months: int = 0
    paid_months: int = 0

    @property
    def state(self) -> str:
        if self.open_months:
            return "behind"
        if self.waived_months:
            return "waived"
        return "up_to_date"


def standing_of(lines: list[LedgerLine], *, today: datetime.date | None = None) -> Standing:
    """Counts the months: this month's contribution is not late until the month is over."""
    this_month = month_start(today or timezone.localdate())
    standing = Standing()
    for line in lines:
        if line.status == LedgerLine.Status.FAILED or (
            line.status == LedgerLine.Status.DUE and line.month < this_month
        ):
            standing.open_months += 1
            standing.open_cents += line.amount_cents
        if line.status == LedgerLine.Status.FAILED:
            standing.failed_months += 1
        elif line.status == LedgerLine.Status.WAIVED:
            standing.waived_months += 1
        elif line.status == LedgerLine.Status.PAID:
            standing.paid_months += 1
    return standing


def owed_cents(lines: list[LedgerLine]) -> int:
    """Everything not paid or waived yet, this month included."""
    return sum(line.amount_cents for line in lines if line.is_open)


def participant_ledger(*, membership: Membership) -> list[LedgerLine]:
    return list(membership.ledger_lines.order_by("-month"))


def live_subscription(*, membership: Membership) -> StripeSubscription | None:
    """The participant's Stripe subscription that still collects, if any."""
    for record in membership.stripe_subscriptions.order_by("-created_at"):
        if record.is_live:
            return record
    return None


def has_stripe_customer(*, membership: Membership) -> bool:
    return membership.stripe_subscriptions.exclude(stripe_customer_id="").exists()


@dataclass
class OverviewRow:
    membership: Membership
    standing: Standing
    pays_by_stripe: bool
    lines: list[LedgerLine] = field(default_factory=list)


def cohort_overview(*, cohort: Cohort, today: datetime.date | None = None) -> list[OverviewRow]:
    """Every participant of the cohort with their standing, for the coach and the manager."""
    memberships = (
        cohort.memberships.participants()
        .filter(Q(status=Membership.Status.ACTIVE) | Q(ledger_lines__isnull=False))
        .distinct()
        .select_related("person")
        .prefetch_related(
            Prefetch("ledger_lines", queryset=LedgerLine.objects.order_by("month")),
            "stripe_subscriptions",
        )
        .order_by("status", "person__first_name", "person__last_name", "person__email")
    )
    rows = []
    for membership in memberships:
        lines = list(membership.ledger_lines.all())
        rows.append(
            OverviewRow(
                membership=membership,
                standing=standing_of(lines, today=today),
                pays_by_stripe=any(s.is_live for s in membership.stripe_subscriptions.all()),
                lines=lines,
            )
        )
    return rows


def _sums() -> dict[str, Aggregate]:
    return {
        "lines": Count("pk"),
        "paid_count": Count("pk", filter=Q(status=LedgerLine.Status.PAID)),
        "collected_cents": Sum("amount_cents", filter=Q(status=LedgerLine.Status.PAID), default=0),
        "waived_cents": Sum("amount_cents", filter=Q(status=LedgerLine.Status.WAIVED), default=0),
        "outstanding_cents": Sum(
            "amount_cents", filter=Q(status__in=LedgerLine.OPEN_STATUSES), default=0
        ),
        "failed_count": Count("pk", filter=Q(status=LedgerLine.Status.FAILED)),
        "refunded_cents": Sum(
            "amount_cents", filter=Q(status=LedgerLine.Status.REFUNDED), default=0
        ),
    }


def monthly_totals(*, cohort: Cohort) -> list[dict[str, Any]]:
    """Per month: how many months were due, and collected, waived and outstanding cents."""
    rows = (
        LedgerLine.objects.filter(membership__cohort=cohort)
        .values("month")
        .annotate(**_sums())
        .order_by("month")
    )
    return [dict(row) for row in rows]


@dataclass(frozen=True)
class ContributionTotals:
    collected_cents: int
    waived_cents: int
    outstanding_cents: int
    refunded_cents: int


def cohort_totals(
    *, cohort_ids: list[int], start: datetime.date, end: datetime.date
) -> ContributionTotals:
    """Totals over the cohorts and the months from start to end (both included), no names.

    For the funders' report: collected = paid, waived = waived for hardship, outstanding =
    due or failed. Months are the ledger's months; start and end may be any day in them.
    """
    sums = LedgerLine.objects.filter(
        membership__cohort_id__in=cohort_ids,
        month__gte=month_start(start),
        month__lte=month_start(end),
    ).aggregate(**_sums())
    return ContributionTotals(
        collected_cents=sums["collected_cents"],
        waived_cents=sums["waived_cents"],
        outstanding_cents=sums["outstanding_cents"],
        refunded_cents=sums["refunded_cents"],
    )
