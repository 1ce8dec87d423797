from django.conf import settings
from django.core.management.base import BaseCommand

from privacy.services import apply_retention, people_past_retention


class Command(BaseCommand):
    help = (
        "Pseudonymises former participants of cohorts finished more than "
        "DATA_RETENTION_DAYS_AFTER_FINISH days ago. With the task queue (production) the "
        "task privacy.tasks.apply_retention does this daily (manage.py schedule_retention); "
        "without one, run this command daily."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--dry-run", action="store_true", help="Only count who would be pseudonymised."
        )

    def handle(self, *args, dry_run=False, **options):
        days = settings.DATA_RETENTION_DAYS_AFTER_FINISH
        if dry_run:
            count = len(people_past_retention())
            self.stdout.write(f"{count} people are past the retention period ({days} days).")
            return
        count = apply_retention()
        self.stdout.write(f"{count} people pseudonymised (retention period {days} days).")
