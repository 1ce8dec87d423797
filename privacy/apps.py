from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PrivacyConfig(AppConfig):
    name = "privacy"
    verbose_name = _("Privacy")

    def ready(self):
        from django.db.models.signals import post_migrate

        from . import signals  # noqa: F401

        post_migrate.connect(_schedule_retention_after_migrate, sender=self)


def _schedule_retention_after_migrate(sender, using="default", **kwargs):
    """Every deploy migrates: that seeds the daily retention run (privacy.tasks)."""
    from django.db import connections
    from django_tasks_db.models import DBTaskResult

    from .tasks import schedule_retention

    if DBTaskResult._meta.db_table not in connections[using].introspection.table_names():
        return

    schedule_retention()
