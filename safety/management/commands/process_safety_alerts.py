from django.core.management.base import BaseCommand

from safety.tasks import run_sweep


class Command(BaseCommand):
    help = (
        "Retries alert e-mails that failed and escalates alerts nobody acknowledged in "
        "time. Safe to run as often as wanted: run it every 15 minutes from a scheduler."
    )

    def handle(self, *args, **options):
        counts = run_sweep()
        self.stdout.write(
            "notified {notified}, escalated {escalated}, failed {failed}".format(**counts)
        )
