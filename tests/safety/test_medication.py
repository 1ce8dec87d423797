"""The medication list: history kept, who agreed, and the health measure following it."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from health.models import Measurement
from safety.models import Medication, MedicationChange
from safety.services.medication import add_medication, change_medication, glucose_drug_count

from .conftest import member


def add(world, name, *, by=None, dose="500 mg 2x per dag", days_ago=30, **fields):
    return add_medication(
        membership=member(world),
        by=by or world.anna,
        name=name,
        dose=dose,
        started_on=timezone.localdate() - datetime.timedelta(days=days_ago),
        **fields,
    )


def latest(world, measure):
    return (
        Measurement.objects.filter(membership=member(world), measure=measure)
        .order_by("measured_on", "pk")
        .last()
    )


def test_a_drug_from_the_short_list_gets_its_kind_and_hypo_risk(world):
    medication = add(world, "Gliclazide")
    assert medication.category == Medication.Category.GLUCOSE
    assert medication.hypo_risk
    assert medication.changes.get().kind == MedicationChange.Kind.STARTED


def test_free_text_needs_what_it_is_for(world):
    with pytest.raises(ValidationError) as error:
        add(world, "Eigen merk tablet")
    assert "category" in error.value.message_dict
    assert not Medication.objects.exists()
    medication = add(world, "Eigen merk tablet", category="blood_pressure")
    assert not medication.hypo_risk


def test_the_nurse_enters_medication_for_her_patient(world):
    add(world, "metformine", by=world.petra)
    assert Medication.objects.get().person == world.anna


@pytest.mark.parametrize("name", ["sanne", "kees", "marloes", "frank", "otto"])
def test_nobody_else_changes_the_list(world, name):
    with pytest.raises(ValidationError):
        add(world, "metformine", by=getattr(world, name))
    assert not Medication.objects.exists()


def test_reducing_keeps_the_history_and_who_agreed(world):
    medication = add(world, "gliclazide", dose="80 mg")
    change_medication(
        membership=member(world),
        medication=medication,
        by=world.petra,
        kind=MedicationChange.Kind.REDUCED,
        dose_after="40 mg",
        effective_on=timezone.localdate(),
        agreed_with=MedicationChange.AgreedWith.GP,
        agreed_by_name="Dokter Jansen",
    )
    medication.refresh_from_db()
    assert medication.dose == "40 mg"
    reduced = medication.changes.get(kind="reduced")
    assert (reduced.dose_before, reduced.dose_after) == ("80 mg", "40 mg")
    assert reduced.agreed_by_name == "Dokter Jansen"
    assert reduced.recorded_by == world.petra


def test_a_change_before_the_start_or_in_the_future_is_refused(world):
    medication = add(world, "metformine", days_ago=5)
    for day in (
        timezone.localdate() - datetime.timedelta(days=10),
        timezone.localdate() + datetime.timedelta(days=1),
    ):
        with pytest.raises(ValidationError):
            change_medication(
                membership=member(world),
                medication=medication,
                by=world.anna,
                kind="stopped",
                effective_on=day,
                agreed_with="gp",
            )
    assert MedicationChange.objects.count() == 1


def test_the_number_of_glucose_drugs_follows_the_list(world):
    add(world, "metformine")
    assert latest(world, "glucose_drugs").value == 1
    insulin = add(world, "insuline (langwerkend)", dose="10 E", days_ago=10)
    assert latest(world, "glucose_drugs").value == 2
    assert latest(world, "insulin").value == 1
    add(world, "simvastatine", dose="40 mg")  # cholesterol: not counted
    assert latest(world, "glucose_drugs").value == 2
    change_medication(
        membership=member(world),
        medication=insulin,
        by=world.anna,
        kind="stopped",
        effective_on=timezone.localdate(),
        agreed_with="nurse",
    )
    assert latest(world, "glucose_drugs").value == 1
    assert latest(world, "insulin").value == 0
    assert glucose_drug_count(world.anna, timezone.localdate()) == (1, False)


def test_two_kinds_of_insulin_count_as_one_drug(world):
    add(world, "insuline (langwerkend)", dose="10 E")
    add(world, "insuline (kortwerkend)", dose="4 E")
    assert latest(world, "glucose_drugs").value == 1
