from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SessionsConfig(AppConfig):
    """Group sessions (bijeenkomsten).

    Labelled "meetings" because "sessions" is taken by django.contrib.sessions.
    """

    name = "sessions"
    label = "meetings"
    verbose_name = _("Sessions")
