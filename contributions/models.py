"""Contribution plans per cohort, the ledger of months per participant, and Stripe records."""

import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from groups.models import Cohort, Membership


def month_start(day: datetime.date) -> datetime.date:
    """The first day of the day's month: how the ledger names a month."""
    return day.replace(day=1)


def next_month(month: datetime.date) -> datetime.date:
    return (month.replace(day=28) + datetime.timedelta(days=4)).replace(day=1)


class ContributionPlan(models.Model):
    """What each participant of a cohort pays per month, and from which month to which."""

    cohort = models.OneToOneField(
        Cohort, on_delete=models.CASCADE, related_name="contribution_plan"
    )
    amount_cents = models.PositiveIntegerField(
        _("amount per month (euro cents)"),
        help_text=_("In cents: 1000 is EUR 10.00."),
    )
    start_month = models.DateField(_("first month"))
    end_month = models.DateField(_("last month"), null=True, blank=True)
    stripe_product_id = models.CharField(max_length=100, blank=True)

    class Meta:
        verbose_name = _("contribution plan")
        verbose_name_plural = _("contribution plans")
        constraints = [
            models.CheckConstraint(
                condition=Q(amount_cents__gt=0), name="contributions_plan_amount_positive"
            ),
            models.CheckConstraint(
                condition=Q(end_month__isnull=True) | Q(end_month__gte=models.F("start_month")),
                name="contributions_plan_end_after_start",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.cohort}: {self.amount_cents}"

    def clean(self):
        super().clean()
        if self.start_month:
            self.start_month = month_start(self.start_month)
        if self.end_month:
            self.end_month = month_start(self.end_month)
        if self.start_month and self.end_month and self.end_month < self.start_month:
            raise ValidationError(
                {"end_month": _("The last month cannot be before the first month.")}
            )

    def covers(self, month: datetime.date) -> bool:
        return self.start_month <= month and (self.end_month is None or month <= self.end_month)


class LedgerLine(models.Model):
    """One month a participant owes, with its status and how it was paid."""

    class Status(models.TextChoices):
        DUE = "due", _("not paid yet")
        PAID = "paid", _("paid")
        FAILED = "failed", _("payment failed")
        WAIVED = "waived", _("waived")
        REFUNDED = "refunded", _("refunded")

    class Method(models.TextChoices):
        NONE = "", _("not paid")
        CASH = "cash", _("cash")
        BANK_TRANSFER = "bank_transfer", _("bank transfer")
        STRIPE = "stripe", _("direct debit, iDEAL or card")

    OPEN_STATUSES = (Status.DUE, Status.FAILED)

    membership = models.ForeignKey(
        Membership, on_delete=models.CASCADE, related_name="ledger_lines"
    )
    month = models.DateField(_("month"))
    amount_cents = models.PositiveIntegerField(_("amount (euro cents)"))
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.DUE
    )
    method = models.CharField(_("paid by"), max_length=15, choices=Method.choices, blank=True)
    paid_on = models.DateField(_("paid on"), null=True, blank=True)
    note = models.CharField(_("note"), max_length=200, blank=True)
    waiver_reason = models.TextField(_("reason for waiving"), blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    stripe_invoice_id = models.CharField(max_length=100, blank=True)
    # When the Stripe event that last set this line was created: older events are ignored.
    stripe_event_at = models.DateTimeField(null=True, blank=True)
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("ledger line")
        verbose_name_plural = _("ledger lines")
        ordering = ["membership", "month"]
        constraints = [
            models.UniqueConstraint(
                fields=["membership", "month"], name="contributions_one_line_per_month"
            ),
            models.CheckConstraint(
                condition=Q(month__day=1), name="contributions_line_month_is_first_day"
            ),
            models.CheckConstraint(
                condition=~Q(status="waived") | ~Q(waiver_reason=""),
                name="contributions_waiver_has_reason",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.membership} {self.month:%Y-%m}: {self.status}"

    @property
    def is_open(self) -> bool:
        return self.status in self.OPEN_STATUSES


class StripeSubscription(models.Model):
    """A participant's monthly subscription at Stripe, as far as the webhooks told us."""

    membership = models.ForeignKey(
        Membership, on_delete=models.CASCADE, related_name="stripe_subscriptions"
    )
    stripe_customer_id = models.CharField(max_length=100, blank=True)
    stripe_subscription_id = models.CharField(max_length=100, null=True, blank=True, unique=True)
    checkout_session_id = models.CharField(max_length=200, blank=True)
    status = models.CharField(max_length=30, default="checkout")
    cancel_at_period_end = models.BooleanField(default=False)
    current_period_end = models.DateTimeField(null=True, blank=True)
    stripe_event_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    LIVE_STATUSES = ("active", "trialing", "past_due", "incomplete")

    class Meta:
        verbose_name = _("Stripe subscription")
        verbose_name_plural = _("Stripe subscriptions")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.membership} ({self.status})"

    @property
    def is_live(self) -> bool:
        return self.status in self.LIVE_STATUSES


class ProcessedEvent(models.Model):
    """A Stripe event we have handled; stored with its effect, so each counts once."""

    event_id = models.CharField(max_length=100, unique=True)
    type = models.CharField(max_length=100)
    processed_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("processed Stripe event")
        verbose_name_plural = _("processed Stripe events")

    def __str__(self) -> str:
        return f"{self.event_id} ({self.type})"
