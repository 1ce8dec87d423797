"""Demo plans, goals, check-ins, measurements and WHO-5 answers for the running cohort.

The demo cohort started about four months ago, so its 6-month moment still lies ahead:
the demo has baseline values (annual check-up, entered by the practice nurse) and recent
values measured at a session, never a date in the future.
"""

import datetime
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from accounts.models import User
from groups.models import Cohort

from . import services
from .models import CheckIn, Goal, Instrument

COHORT = "Herstelcirkel Noord 2026"

ANNA_GOALS = [
    {
        "sharing": Goal.Sharing.GROUP,
        "title": "Drie keer per week een halfuur wandelen met de buurvrouw",
        "why": "Ik wil weer met mijn kleinkinderen naar de speeltuin kunnen lopen.",
        "actions": "Maandag, woensdag en vrijdag na de koffie een rondje door het park.",
        "timeline": "Vanaf nu, elke week",
        "progress_sign": "Ik word minder snel moe op de trap.",
        "when_hard": "Dan loop ik een kort rondje en bel ik de buurvrouw.",
        "support": "Mijn buurvrouw Ria en de groep",
    },
    {
        "sharing": Goal.Sharing.PRIVATE,
        "title": "Minder snoepen 's avonds voor de tv",
        "why": "Ik wil minder medicijnen nodig hebben.",
        "actions": "Fruit klaarzetten en geen koekjes meer in huis.",
        "timeline": "Deze maand",
        "progress_sign": "Mijn suiker 's ochtends is lager.",
        "when_hard": "Een kop thee zetten en even naar buiten.",
        "support": "Mijn man",
    },
]
OTHER_GOALS = [
    ("Elke dag de trap nemen in plaats van de lift", Goal.Sharing.GROUP),
    ("Twee keer per week samen koken met verse groenten", Goal.Sharing.GROUP),
    ("Om elf uur naar bed, ook in het weekend", Goal.Sharing.PRIVATE),
    ("Op de fiets naar de markt", Goal.Sharing.GROUP),
    ("Minder frisdrank: water met citroen", Goal.Sharing.PRIVATE),
]
ANNA_CHECK_INS = [
    (70, 5, "Eerste week twee keer gelopen."),
    (42, 6, "Het gaat beter!"),
    (14, 7, "Drie keer gelopen, ook bij regen."),
    (3, 8, "Trap gaat makkelijker."),
]


def _backdate(check_in: CheckIn, days: int) -> None:
    # Demo history only: real check-ins are stamped when they are made.
    CheckIn.objects.filter(pk=check_in.pk).update(
        created_at=timezone.now() - datetime.timedelta(days=days)
    )


@transaction.atomic
def load() -> None:
    cohort = Cohort.objects.filter(name=COHORT).first()
    if cohort is None or Goal.objects.filter(membership__cohort=cohort).exists():
        return
    nurse = User.objects.get(email="poh@herstelcirkel.test")
    coach = User.objects.get(email="coach@herstelcirkel.test")
    who5 = Instrument.objects.get(key="who5")
    today = timezone.localdate()
    baseline_day = min(cohort.start_date - datetime.timedelta(days=10), today)
    recent_day = today - datetime.timedelta(days=3)
    members = list(
        cohort.memberships.participants()
        .active()
        .select_related("person")
        .order_by("person__email")
    )
    for index, membership in enumerate(members):
        person = membership.person
        is_anna = person.email == "anna@herstelcirkel.test"
        if is_anna:
            goals = []
            for texts in ANNA_GOALS:
                texts = dict(texts)
                sharing = texts.pop("sharing")
                goals.append(
                    services.create_goal(
                        membership=membership, by=person, sharing=sharing, **texts
                    )
                )
            for days, confidence, note in ANNA_CHECK_INS:
                _backdate(
                    services.record_check_in(
                        goal=goals[0], by=person, confidence=confidence, note=note
                    ),
                    days,
                )
            for name in ("kees", "fatima", "henk"):
                fellow = User.objects.filter(email=f"{name}@herstelcirkel.test").first()
                if fellow and cohort.memberships.active().filter(person=fellow).exists():
                    services.cheer_goal(goal=goals[0], by=fellow)
            services.revise_goal(
                goal=goals[1],
                by=person,
                **{
                    **{k: v for k, v in ANNA_GOALS[1].items() if k != "sharing"},
                    "title": "Na het avondeten geen snoep meer, wel fruit",
                },
            )
        elif index % 3 != 2:
            title, sharing = OTHER_GOALS[index % len(OTHER_GOALS)]
            goal = services.create_goal(
                membership=membership, by=person, sharing=sharing, title=title
            )
            if index % 2 == 0:
                _backdate(
                    services.record_check_in(goal=goal, by=person, confidence=6 + index % 4),
                    5 + index,
                )
        # Baseline values from the annual check-up, entered by the practice nurse.
        weight = Decimal(78 + (index * 7) % 35)
        services.record_measurements(
            membership=membership,
            by=nurse,
            measured_on=baseline_day,
            source="annual_checkup",
            values={
                "weight": weight + Decimal("0.5"),
                "height": 160 + (index * 3) % 30,
                "waist": 95 + (index * 5) % 25,
                "hba1c": 52 + (index * 3) % 20,
                "cholesterol_total": Decimal("5.2") + Decimal(index % 5) / 5,
                "ldl": Decimal("3.1") + Decimal(index % 4) / 5,
                "bp_systolic": 135 + index % 15,
                "bp_diastolic": 82 + index % 8,
                "glucose_drugs": 1 + index % 2,
                "insulin": index % 5 == 0,
            },
        )
        if index % 4 != 3:
            # Weighed at a session: some by themselves, some by the coach.
            services.record_measurements(
                membership=membership,
                by=person if index % 2 else coach,
                measured_on=recent_day,
                source="session",
                values={"weight": weight - Decimal(index % 4) - Decimal("1.5"), "waist": ""},
            )
        answers = {n: (2 + (index + n) % 3) for n in range(1, 6)}
        services.submit_questionnaire(
            membership=membership,
            instrument=who5,
            by=person,
            answers=answers,
            completed_on=baseline_day,
        )
        if is_anna:
            services.submit_questionnaire(
                membership=membership,
                instrument=who5,
                by=person,
                answers={1: 4, 2: 3, 3: 4, 4: 3, 5: 4},
                completed_on=recent_day,
            )
