"""A notice (mededeling) to the group, and who has marked it read."""

import datetime

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from groups.models import Cohort

MAX_NOTICE_LENGTH = 1000


class Notice(models.Model):
    """A short text from the coach or an aanjager, pinned for each member until they read it.

    ``mailed_at`` is set once, when the e-mail about it is sent (notices.tasks): a second
    run of the task sends nothing.
    """

    cohort = models.ForeignKey(Cohort, on_delete=models.CASCADE, related_name="notices")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="notices",
        verbose_name=_("author"),
    )
    body = models.TextField(_("notice"), max_length=MAX_NOTICE_LENGTH)
    created_at = models.DateTimeField(_("posted at"))
    withdrawn_at = models.DateTimeField(_("withdrawn at"), null=True, blank=True)
    withdrawn_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("withdrawn by"),
    )
    mailed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("notice")
        verbose_name_plural = _("notices")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["cohort", "withdrawn_at"], name="notice_cohort_open_idx")]

    def __str__(self) -> str:
        return f"{self.cohort} #{self.pk}"

    @property
    def is_open(self) -> bool:
        return self.withdrawn_at is None

    def read_url(self) -> str:
        return reverse("notices:mark_read", args=[self.cohort_id, self.pk])

    def as_event(self) -> dict:
        """The socket frame (``{"type": "notice"}``): no text once it is withdrawn."""
        created: datetime.datetime = self.created_at
        return {
            "type": "notice",
            "id": self.pk,
            "author_id": self.author_id,
            "author": self.author.public_name,
            "body": self.body if self.is_open else "",
            "created_at": created.isoformat(),
            "withdrawn": not self.is_open,
            "read_url": self.read_url(),
        }


class NoticeRead(models.Model):
    """One member has marked one notice read ("Gelezen"), and when."""

    notice = models.ForeignKey(Notice, on_delete=models.CASCADE, related_name="reads")
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notice_reads"
    )
    read_at = models.DateTimeField(_("read at"))

    class Meta:
        verbose_name = _("notice read")
        verbose_name_plural = _("notices read")
        constraints = [
            models.UniqueConstraint(fields=["notice", "person"], name="notice_read_unique")
        ]

    def __str__(self) -> str:
        return f"{self.person} read {self.notice}"
