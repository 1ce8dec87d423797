from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class ChatMail(models.TextChoices):
    NEVER = "never", pgettext_lazy("chat e-mail", "Never")
    DAILY = "daily", _("Once a day, a short summary")
    QUIET = "quiet", _("Once, when the group has been quiet for a while")


QUIET_MINUTES = [
    (30, _("half an hour")),
    (60, _("one hour")),
    (120, _("two hours")),
    (240, _("four hours")),
]


class NotificationSettings(models.Model):
    """One person's choice of e-mails; a person without a row has the defaults below.

    The defaults suit people of 45-75 who open the site about once a week: at most one
    chat e-mail a day, without the text of the messages (docs/notifications.md).
    """

    person = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notification_settings"
    )
    chat = models.CharField(
        _("new messages in my group's chat"),
        max_length=8,
        choices=ChatMail.choices,
        default=ChatMail.DAILY,
    )
    quiet_minutes = models.PositiveSmallIntegerField(
        _("quiet for"), choices=QUIET_MINUTES, default=60
    )
    chat_text = models.BooleanField(_("put the text of the messages in the e-mail"), default=False)
    voting = models.BooleanField(_("a vote on themes opens"), default=True)
    notices = models.BooleanField(_("a new notice for the group"), default=True)
    session_reminders = models.BooleanField(_("a reminder before each session"), default=True)
    session_changes = models.BooleanField(
        _("a session of my group moves or is cancelled"), default=True
    )
    # Coaches only (the form shows it to whoever gets the e-mail: access.attention).
    attention_digest = models.BooleanField(
        _("once a week: how many participants of my groups need attention"), default=True
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("notification settings")
        verbose_name_plural = _("notification settings")

    def __str__(self) -> str:
        return f"{self.person}: chat {self.chat}"


class DigestMarker(models.Model):
    """How far one person's chat e-mails have gone in one room: the task sends only what
    came after ``sent_up_to_seq`` and moves it in the same transaction as it sends."""

    person = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="digest_markers"
    )
    room = models.ForeignKey("chat.ChatRoom", on_delete=models.CASCADE, related_name="+")
    sent_up_to_seq = models.PositiveBigIntegerField(default=0)
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("chat e-mail marker")
        verbose_name_plural = _("chat e-mail markers")
        constraints = [
            models.UniqueConstraint(fields=["person", "room"], name="digest_marker_unique")
        ]

    def __str__(self) -> str:
        return f"{self.person} @ {self.room}: {self.sent_up_to_seq}"
