import time

from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from privacy.demo import DEMO_TOTP_SECRET


class Command(BaseCommand):
    help = "Prints the current two-step verification code of the demo staff log-ins."

    def handle(self, *args, **options):
        if settings.PRODUCTION:
            raise CommandError("Demo codes are for the embedded mode only.")
        now = int(time.time())
        code = format_hotp_value(hotp_value(DEMO_TOTP_SECRET, now // 30))
        self.stdout.write(f"{code}  (valid for about {30 - now % 30 + 30} more seconds)")
