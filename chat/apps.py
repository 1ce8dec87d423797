from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ChatConfig(AppConfig):
    """The cohort's real-time group chat: message store, WebSocket consumer, pages."""

    name = "chat"
    verbose_name = _("Group chat")
