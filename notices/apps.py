from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NoticesConfig(AppConfig):
    """Notices (mededelingen) of the coach and aanjagers to their group, with read receipts."""

    name = "notices"
    verbose_name = _("Notices")
