from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SafetyConfig(AppConfig):
    name = "safety"
    verbose_name = _("Safety net: medication, glucose and alerts")

    def ready(self) -> None:
        from . import erasure  # noqa: F401  (connects the receiver of privacy's person_erased)
