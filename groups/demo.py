"""Demo organisation with a running cohort of 18 and a forming cohort of 9."""

import datetime

from django.db import transaction
from django.test.utils import override_settings
from django.utils import timezone

from accounts.demo import DEMO_STAFF_PASSWORD, ensure_demo_user

from . import services
from .models import Funder, GPConsent, Organisation, Practice, StaffRole, add_months

ORGANISATION = "Zorggroep Rivierstad"
RUNNING_NAMES = [
    ("Anna", "de Vries"),
    ("Kees", "Jansen"),
    ("Fatima", "El Amrani"),
    ("Henk", "Bakker"),
    ("Ria", "Visser"),
    ("Mohamed", "Yilmaz"),
    ("Joke", "Smit"),
    ("Piet", "Meijer"),
    ("Ineke", "de Boer"),
    ("Ton", "Mulder"),
    ("Gerda", "de Groot"),
    ("Sjaak", "Bos"),
    ("Marian", "Vos"),
    ("Harry", "Peters"),
    ("Yvonne", "Hendriks"),
    ("Ahmet", "Kaya"),
    ("Truus", "Dekker"),
    ("Wim", "van Leeuwen"),
]
FORMING_NAMES = [
    ("Els", "Brouwer"),
    ("Jan", "de Wit"),
    ("Nel", "Dijkstra"),
    ("Bert", "Smits"),
    ("Loes", "de Graaf"),
    ("Rachid", "Bouzid"),
    ("Corrie", "van der Meer"),
    ("Frans", "Kok"),
    ("Hanneke", "Jacobs"),
]


def _email(first: str) -> str:
    return f"{first.lower()}@herstelcirkel.test"


def _refer(cohort, nurse, practice, first, last, born_years_ago, stage):
    """Takes one person through the real enrolment flow up to the given stage."""
    birth = cohort.start_date.replace(year=cohort.start_date.year - born_years_ago)
    membership = services.refer_participant(
        cohort=cohort,
        by=nurse,
        email=_email(first),
        first_name=first,
        last_name=last,
        date_of_birth=birth,
        practice=practice,
        gp_name="dr. L. Hermans",
        phone="06 1234 5678",
    )
    if stage == "referred":
        return membership
    services.record_gp_consent(
        membership=membership,
        by=nurse,
        gp_name="dr. L. Hermans",
        given_on=timezone.localdate() - datetime.timedelta(days=3),
        method=GPConsent.Method.IN_WRITING,
    )
    if stage == "invited":
        return membership
    return services.accept_agreement(
        membership=membership, by=membership.person, agreement=True, privacy=True
    )


@transaction.atomic
@override_settings(
    MAILERS={"default": {"BACKEND": "django.core.mail.backends.dummy.EmailBackend"}}
)
def load() -> None:
    manager = ensure_demo_user(
        email="manager@herstelcirkel.test",
        role="programme manager",
        display_name="Marloes",
        first_name="Marloes",
        last_name="Verhoef",
        password=DEMO_STAFF_PASSWORD,
    )
    coach = ensure_demo_user(
        email="coach@herstelcirkel.test",
        role="coach (leefkrachtcoach) of both cohorts",
        display_name="Sanne",
        first_name="Sanne",
        last_name="de Jong",
        password=DEMO_STAFF_PASSWORD,
    )
    nurse = ensure_demo_user(
        email="poh@herstelcirkel.test",
        role="practice nurse (praktijkondersteuner)",
        display_name="Petra",
        first_name="Petra",
        last_name="Willems",
        password=DEMO_STAFF_PASSWORD,
    )
    funder_contact = ensure_demo_user(
        email="financier@herstelcirkel.test",
        role="funder (health insurer)",
        display_name="Frank",
        first_name="Frank",
        last_name="Kuipers",
        password=DEMO_STAFF_PASSWORD,
    )
    ensure_demo_user(
        email="kees@herstelcirkel.test",
        role="aanjager (log in by code)",
        display_name="Kees",
        first_name="Kees",
    )
    if Organisation.objects.filter(name=ORGANISATION).exists():
        return

    organisation = Organisation.objects.create(name=ORGANISATION)
    practice = Practice.objects.create(
        organisation=organisation, name="Huisartsenpraktijk De Linde"
    )
    Practice.objects.create(organisation=organisation, name="Gezondheidscentrum Lent")
    insurer = Funder.objects.create(name="Zorgverzekeraar Gezond Samen", kind=Funder.Kind.INSURER)
    Funder.objects.create(name="Gemeente Rivierstad", kind=Funder.Kind.MUNICIPALITY)
    services.grant_staff_role(
        person=manager, role=StaffRole.Role.MANAGER, organisation=organisation
    )
    services.grant_staff_role(person=nurse, role=StaffRole.Role.PRACTICE_NURSE, practice=practice)
    services.grant_staff_role(person=funder_contact, role=StaffRole.Role.FUNDER, funder=insurer)

    today = timezone.localdate()
    running_start = today - datetime.timedelta(days=120)
    running = services.create_cohort(
        organisation=organisation,
        name="Herstelcirkel Noord 2026",
        meeting_place="Buurthuis De Ster, Rivierstad",
        start_date=running_start,
        planned_end_date=add_months(running_start, 12),
        monthly_contribution_cents=1000,
        by=manager,
    )
    forming_start = today + datetime.timedelta(days=45)
    forming = services.create_cohort(
        organisation=organisation,
        name="Herstelcirkel Lent 2027",
        meeting_place="Wijkcentrum Lent",
        start_date=forming_start,
        planned_end_date=add_months(forming_start, 12),
        monthly_contribution_cents=750,
        by=manager,
    )
    for cohort in (running, forming):
        services.assign_coach(cohort=cohort, coach=coach, by=manager)
        services.set_cohort_funders(cohort=cohort, funders=[insurer], by=manager)

    for index, (first, last) in enumerate(RUNNING_NAMES):
        _refer(running, nurse, practice, first, last, 50 + index, "active")
    services.start_cohort(cohort=running, by=coach)
    for first in ("Kees", "Fatima"):
        membership = running.memberships.get(person__email=_email(first))
        services.appoint_aanjager(membership=membership, by=coach)

    stages = ["active"] * 4 + ["invited"] * 3 + ["referred"] * 2
    for index, ((first, last), stage) in enumerate(zip(FORMING_NAMES, stages, strict=True)):
        _refer(forming, nurse, practice, first, last, 48 + 2 * index, stage)
