from django.core.management.base import BaseCommand

from attention.tasks import enqueue_this_weeks_digest


class Command(BaseCommand):
    help = "Queues this week's e-mail to the coaches (counts and a link only; safe to repeat)."

    def handle(self, *args, **options):
        enqueue_this_weeks_digest()
