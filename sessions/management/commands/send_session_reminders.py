from django.core.management.base import BaseCommand

from sessions.services import enqueue_due_reminders


class Command(BaseCommand):
    help = (
        "Sends the reminder e-mail for sessions starting within two days. Run it regularly "
        "(e.g. every 15 minutes); each person gets one reminder per session and start time."
    )

    def handle(self, *args, **options):
        count = enqueue_due_reminders()
        self.stdout.write(f"{count} reminder(s) queued.")
