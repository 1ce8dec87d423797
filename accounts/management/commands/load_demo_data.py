from importlib import import_module

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from accounts.demo import DEMO_LOGINS

# Each app's demo module, in dependency order; later features append theirs.
DEMO_MODULES = [
    "accounts.demo",
    "cms.demo",
    "groups.demo",
    "sessions.demo",
    "health.demo",
    "contributions.demo",
    "chat.demo",
    "notices.demo",
    "reports.demo",
    "safety.demo",
    "attention.demo",
    "coupling.demo",
    "privacy.demo",  # last: gives every demo staff log-in its authenticator app
]


class Command(BaseCommand):
    help = "Creates the demo people and content (safe to run again) and lists the log-ins."

    def handle(self, *args, **options):
        if settings.PRODUCTION:
            raise CommandError("Demo data is for the embedded mode only.")
        for module in DEMO_MODULES:
            import_module(module).load()
        self.stdout.write("  Demo log-ins (log-in codes appear in this terminal, as e-mail):")
        for login in DEMO_LOGINS:
            how = f"password: {login.password}" if login.password else "log-in code by e-mail"
            self.stdout.write(f"    {login.email:<36} {how:<30} {login.role}")
        from privacy.demo import DEMO_TOTP_SECRET

        self.stdout.write(
            f"  Staff log-ins ask for a two-step code: add secret {DEMO_TOTP_SECRET} to an "
            "authenticator app, or run `.venv/bin/python manage.py demo_totp_code`."
        )
