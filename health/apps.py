from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class HealthConfig(AppConfig):
    name = "health"
    verbose_name = _("Personal plan and measurements")
