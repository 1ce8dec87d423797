from django.core.management.base import BaseCommand

from notifications.tasks import send_chat_digests


class Command(BaseCommand):
    help = (
        "Sends the chat e-mails that are due (daily, or after a quiet spell). Run it "
        "regularly (e.g. every 15 minutes); each person gets each message at most once."
    )

    def handle(self, *args, **options):
        count = send_chat_digests.call()
        self.stdout.write(f"{count} chat e-mail(s) sent.")
