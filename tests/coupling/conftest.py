"""A participant (anna) with self-measured values and a WHO-5, and a second practice."""

import datetime

import pytest
from django.utils import timezone

from groups import services as group_services
from groups.models import StaffRole
from health import services as health_services
from health.models import Instrument
from tests import factories


def member(world, person):
    return world.cohort.memberships.get(person=person)


@pytest.fixture
def measured(world):
    """Anna's values on two days (one entered by her, one by the nurse) and a WHO-5."""
    membership = member(world, world.anna)
    day = timezone.localdate() - datetime.timedelta(days=3)
    health_services.record_measurements(
        membership=membership,
        by=world.anna,
        measured_on=day,
        source="session",
        values={
            "weight": "84.5",
            "height": "172",
            "bp_systolic": "138",
            "bp_diastolic": "86",
            "hba1c": "53",
            "cholesterol_total": "5.2",
            "ldl": "3.1",
            "waist": "101",
        },
    )
    health_services.record_measurements(
        membership=membership,
        by=world.petra,
        measured_on=day - datetime.timedelta(days=1),
        source="annual_checkup",
        values={"weight": "85.0"},
    )
    who5 = Instrument.objects.get(key="who5")
    health_services.submit_questionnaire(
        membership=membership,
        instrument=who5,
        by=world.anna,
        answers={item.number: 3 for item in who5.items.all()},
        completed_on=day,
    )
    return membership


@pytest.fixture
def other_practice(world):
    """A second practice of the organisation, its nurse (nina) and a patient (piet)."""
    practice = factories.make_practice(world.organisation, "Huisartsenpraktijk De Eik")
    nina = factories.make_person("nina@example.org", password="x-long-password-42")
    group_services.grant_staff_role(
        person=nina, role=StaffRole.Role.PRACTICE_NURSE, practice=practice
    )
    piet = factories.enrol(
        world.other_cohort, nurse=nina, practice=practice, email="piet@example.org"
    ).person
    practice.nina, practice.piet = nina, piet
    return practice
