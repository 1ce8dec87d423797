from django.core.management.base import BaseCommand

from privacy.tasks import schedule_retention


class Command(BaseCommand):
    help = (
        "Makes sure the daily retention run is queued (exactly once) for the task worker. "
        "Safe to repeat; `make worker` runs it before `db_worker`."
    )

    def handle(self, *args, **options):
        pending = schedule_retention()
        if pending is None:
            self.stdout.write(
                "No task queue that keeps deferred tasks (TASKS_BACKEND): nothing scheduled. "
                "Run `manage.py apply_retention` daily instead."
            )
            return
        self.stdout.write(f"Retention run queued for {pending.run_after.isoformat()}.")
