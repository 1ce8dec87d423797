"""Cohorts: one group of 16 to 20 participants over a year, and their history."""

import datetime
from typing import TYPE_CHECKING

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .organisations import Funder, Organisation

if TYPE_CHECKING:
    from ..roles import AnyUser


MIN_PARTICIPANTS = 16


MAX_PARTICIPANTS = 20


MAX_AANJAGERS = 2


PROGRAMME_MONTHS = 12


def add_months(day: datetime.date, months: int) -> datetime.date:
    """The same day `months` later, or the month's last day when it has no such day."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    for candidate in (day.day, 30, 29, 28):
        try:
            return day.replace(year=year, month=month, day=candidate)
        except ValueError:
            continue
    raise AssertionError("unreachable")


class CohortQuerySet(models.QuerySet["Cohort"]):
    def visible_to(self, user: "AnyUser") -> "QuerySet[Cohort]":
        """Cohorts this user may open: their own, their organisation's, or funded by them."""
        from ..roles import visible_cohorts  # roles builds on these models

        return visible_cohorts(user, self)


class Cohort(models.Model):
    """One group (kring) of 16 to 20 participants that runs the programme for a year or more."""

    class Status(models.TextChoices):
        FORMING = "forming", _("forming")
        RUNNING = "running", _("running")
        FINISHED = "finished", _("finished")

    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="cohorts",
        verbose_name=_("organisation"),
    )
    name = models.CharField(_("name"), max_length=120)
    meeting_place = models.CharField(_("meeting place"), max_length=200)
    start_date = models.DateField(_("start date"))
    planned_end_date = models.DateField(
        _("planned end date"), help_text=_("At least 12 months after the start.")
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.FORMING
    )
    monthly_contribution_cents = models.PositiveIntegerField(
        _("monthly contribution (euro cents)"),
        help_text=_("What each participant pays per month, in cents: 1000 is EUR 10.00."),
    )
    funders = models.ManyToManyField(
        Funder, blank=True, related_name="cohorts", verbose_name=_("funders")
    )
    started_at = models.DateTimeField(_("started at"), null=True, blank=True)
    small_start_reason = models.TextField(
        _("reason for starting with fewer than 16 participants"), blank=True
    )
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)

    objects = CohortQuerySet.as_manager()

    class Meta:
        verbose_name = _("cohort")
        verbose_name_plural = _("cohorts")
        ordering = ["-start_date", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "name"], name="groups_cohort_unique_name"
            ),
            models.CheckConstraint(
                condition=Q(planned_end_date__gt=models.F("start_date")),
                name="groups_cohort_end_after_start",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def clean(self):
        super().clean()
        if self.start_date and self.planned_end_date:
            earliest_end = add_months(self.start_date, PROGRAMME_MONTHS)
            if self.planned_end_date < earliest_end:
                raise ValidationError(
                    {
                        "planned_end_date": _(
                            "The programme lasts at least 12 months: the planned end "
                            "must be on or after %(date)s."
                        )
                        % {"date": earliest_end.strftime("%d-%m-%Y")}
                    }
                )


class CohortEvent(models.Model):
    """A change of a cohort's life cycle (started, finished), with who and why."""

    class Kind(models.TextChoices):
        CREATED = "created", _("created")
        STARTED = "started", _("started")
        FINISHED = "finished", _("finished")

    cohort = models.ForeignKey(Cohort, on_delete=models.CASCADE, related_name="events")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    at = models.DateTimeField(default=timezone.now)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    note = models.TextField(blank=True)

    class Meta:
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"{self.cohort}: {self.get_kind_display()}"
