from django.core.management.base import BaseCommand

from attention.tasks import schedule_daily_attention
from notifications.tasks import schedule_chat_digests


class Command(BaseCommand):
    help = (
        "Makes sure each repeating task is queued exactly once for the task worker: the "
        "morning run of attention (invitation reminders, the coaches' weekly e-mail) and the "
        "chat e-mails every 15 minutes. Safe to repeat; `make worker` runs it."
    )

    def handle(self, *args, **options):
        for name, seed in (
            ("attention (daily)", schedule_daily_attention),
            ("chat e-mails (every 15 minutes)", schedule_chat_digests),
        ):
            pending = seed()
            if pending is None:
                self.stdout.write(
                    f"{name}: no task queue that keeps deferred tasks (TASKS_BACKEND); "
                    "run the management commands from a scheduler instead."
                )
            else:
                self.stdout.write(f"{name}: queued for {pending.run_after.isoformat()}.")
