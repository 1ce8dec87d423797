from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from groups.models import Cohort


class CohortCost(models.Model):
    """What the programme costs per participant of a cohort, as the programme enters it."""

    cohort = models.OneToOneField(Cohort, on_delete=models.CASCADE, related_name="cost")
    cost_per_participant_cents = models.PositiveIntegerField(
        _("cost per participant (euro cents)"),
        help_text=_("For example 175000 for EUR 1,750.00, as in the pilot."),
    )
    note = models.CharField(_("note"), max_length=200, blank=True)
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    entered_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("programme cost")
        verbose_name_plural = _("programme costs")

    def __str__(self) -> str:
        return f"{self.cohort}: {self.cost_per_participant_cents / 100:.2f}"
