"""What a participant shares with their GP practice, and when: every share is kept.

A share starts when the participant chooses it and ends when they withdraw it; the row
stays (with its end), so the history of who could see what, and since when, is complete.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class PracticeShareQuerySet(models.QuerySet):
    def active(self) -> "PracticeShareQuerySet":
        return self.filter(ended_at__isnull=True)


class PracticeShare(models.Model):
    """A participant's choice to share their self-measurements and scores with their practice."""

    person = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="practice_shares",
        verbose_name=_("participant"),
    )
    practice = models.ForeignKey(
        "groups.Practice",
        on_delete=models.PROTECT,
        related_name="shares",
        verbose_name=_("GP practice"),
    )
    started_at = models.DateTimeField(_("shared since"), default=timezone.now)
    ended_at = models.DateTimeField(_("withdrawn at"), null=True, blank=True)

    objects = PracticeShareQuerySet.as_manager()

    class Meta:
        verbose_name = _("share with the GP practice")
        verbose_name_plural = _("shares with the GP practice")
        ordering = ["person", "-started_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["person"],
                condition=Q(ended_at__isnull=True),
                name="coupling_one_active_share_per_person",
            ),
            models.CheckConstraint(
                condition=Q(ended_at__isnull=True) | Q(ended_at__gte=models.F("started_at")),
                name="coupling_share_ends_after_start",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.person_id} -> {self.practice_id} ({self.started_at:%Y-%m-%d})"

    @property
    def is_active(self) -> bool:
        return self.ended_at is None
