from django.core.management.base import BaseCommand

from attention.tasks import send_invitation_reminders


class Command(BaseCommand):
    help = (
        "Sends the invitation reminders and the e-mails to the nurses that are due. Safe to "
        "repeat: each invitee gets one reminder, each nurse one e-mail per waiting referral."
    )

    def handle(self, *args, **options):
        count = send_invitation_reminders.call()
        self.stdout.write(f"{count} e-mail(s) sent.")
