from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NotificationsConfig(AppConfig):
    """Which e-mails a person wants from the platform: chat digests, voting, notices, reminders."""

    name = "notifications"
    verbose_name = _("Notifications")
