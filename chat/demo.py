"""Demo messages in the running cohort's chat between anna, kees and the coach."""

import datetime

from django.db import transaction
from django.utils import timezone

from accounts.models import User
from groups.models import Cohort

from . import markers, services
from .models import ChatMessage

COHORT = "Herstelcirkel Noord 2026"
CONVERSATION = [
    ("coach@herstelcirkel.test", "Goedemorgen allemaal! Hoe ging het wandelen dit weekend?"),
    ("anna@herstelcirkel.test", "Ik heb zaterdag een half uur gelopen. Mijn knie hield het goed."),
    ("kees@herstelcirkel.test", "Goed gedaan, Anna! Ik heb drie keer 20 minuten gefietst."),
    (
        "anna@herstelcirkel.test",
        "Weet iemand een goed recept voor een ontbijt zonder brood?",
    ),
    (
        "coach@herstelcirkel.test",
        "Op de site van het Voedingscentrum staan goede ideeën: "
        "https://www.voedingscentrum.nl/nl/recepten.aspx\nNeem het gerust mee naar de "
        "volgende bijeenkomst.",
    ),
    ("kees@herstelcirkel.test", "Ik neem donderdag havermout met noten mee om te proeven."),
    ("anna@herstelcirkel.test", "Wat leuk. Tot donderdag!"),
]


@transaction.atomic
def load() -> None:
    cohort = Cohort.objects.filter(name=COHORT).first()
    if cohort is None or ChatMessage.objects.filter(room__cohort=cohort).exists():
        return
    people = {
        user.email: user for user in User.objects.filter(email__in=[e for e, _ in CONVERSATION])
    }
    if len(people) < 3:
        return
    start = timezone.now() - datetime.timedelta(days=2)
    for number, (email, body) in enumerate(CONVERSATION):
        message = services.post_message(cohort=cohort, author=people[email], body=body)
        # Spread the conversation over two days, as it would have happened.
        ChatMessage.objects.filter(pk=message.pk).update(
            created_at=start + datetime.timedelta(hours=5 * number, minutes=7 * number)
        )
    # Anna has read everything up to the coach's tip; kees and the coach are up to date.
    tip = ChatMessage.objects.get(room__cohort=cohort, seq=5)
    markers.mark_read(cohort=cohort, person=people["anna@herstelcirkel.test"], seq=tip.seq)
    last = services.room_for(cohort).last_seq
    for email in ("kees@herstelcirkel.test", "coach@herstelcirkel.test"):
        markers.mark_read(cohort=cohort, person=people[email], seq=last)
