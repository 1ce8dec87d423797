from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CouplingConfig(AppConfig):
    name = "coupling"
    verbose_name = _("Coupling with the GP practice and research")

    def ready(self) -> None:
        from . import erasure  # noqa: F401  (connects the receiver of privacy's person_erased)
