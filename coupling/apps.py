from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CouplingConfig(AppConfig):
    name = "coupling"
    verbose_name = _("Coupling with the GP practice and research")

    def ready(self) -> None:
        # connect the receivers: privacy's person_erased, and changes of a study's evaluators
        from . import erasure, signals  # noqa: F401
