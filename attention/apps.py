from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AttentionConfig(AppConfig):
    name = "attention"
    verbose_name = _("Attention: who may drop out unnoticed")

    def ready(self):
        from django.db.models.signals import post_migrate

        post_migrate.connect(_schedule_after_migrate, sender=self)


def _schedule_after_migrate(sender, using="default", **kwargs):
    """Every deploy migrates: that seeds the repeating tasks (config.periodic), as
    privacy does for the retention run."""
    from django.db import connections
    from django_tasks_db.models import DBTaskResult

    from notifications.tasks import schedule_chat_digests

    from .tasks import schedule_daily_attention

    if DBTaskResult._meta.db_table not in connections[using].introspection.table_names():
        return
    schedule_daily_attention()
    schedule_chat_digests()
