"""Erasure reaches the safety net and coupling: free text goes, shares end, counts stay."""

import datetime

from django.utils import timezone

from coupling import services as coupling_services
from coupling.models import PracticeShare
from groups import services as group_services
from privacy import services as privacy_services
from privacy.models import ConsentChoice
from safety.models import AlertComment, GlucoseReading, HypoReport, Medication, MedicationChange
from safety.services.alerts import add_comment
from safety.services.medication import add_medication, change_medication
from safety.services.reports import report_hypo
from tests.safety.conftest import member


def _annas_safety_records(world):
    anna = member(world)
    own = add_medication(
        membership=anna,
        by=world.anna,
        name="Druppels van dokter Jansen uit Tiel",
        dose="10 druppels",
        started_on=timezone.localdate() - datetime.timedelta(days=40),
        category=Medication.Category.GLUCOSE,
    )
    listed = add_medication(
        membership=anna,
        by=world.anna,
        name="gliclazide",
        dose="80 mg",
        started_on=timezone.localdate() - datetime.timedelta(days=40),
    )
    change_medication(
        membership=anna,
        medication=listed,
        by=world.anna,
        kind=MedicationChange.Kind.REDUCED,
        effective_on=timezone.localdate() - datetime.timedelta(days=10),
        agreed_with=MedicationChange.AgreedWith.GP,
        dose_after="40 mg",
        agreed_by_name="dokter Jansen",
    )
    alert = report_hypo(
        membership=anna,
        by=world.anna,
        occurred_at=timezone.now() - datetime.timedelta(hours=3),
        symptoms=["shaking"],
        symptoms_other="Trillen in de winkel van mijn dochter",
        action_taken="other",
        action_other="Mijn buurman Piet belde",
        needed_help=True,
        value="3,1",
    ).alert
    add_comment(alert=alert, by=world.petra, text="Anna gebeld; haar man was erbij.")
    return own, listed


def _erase_anna(world):
    group_services.leave_cohort(membership=member(world), by=world.anna, reason="Verhuisd")
    privacy_services.erase_person(person=world.anna, by=world.anna)


def test_erasure_removes_free_text_and_keeps_the_coded_facts(world):
    own, listed = _annas_safety_records(world)
    readings = GlucoseReading.objects.filter(person=world.anna).count()

    _erase_anna(world)

    own.refresh_from_db()
    listed.refresh_from_db()
    assert own.name == "–" and own.category == Medication.Category.GLUCOSE
    assert listed.name == "gliclazide" and listed.hypo_risk
    change = listed.changes.get(kind=MedicationChange.Kind.REDUCED)
    assert change.agreed_by_name == "" and change.agreed_with == MedicationChange.AgreedWith.GP
    report = HypoReport.objects.get(person=world.anna)
    assert (report.symptoms_other, report.action_other) == ("", "")
    assert report.needed_help and report.symptoms == ["shaking"]
    assert AlertComment.objects.get(alert__person=world.anna).text == "–"
    assert GlucoseReading.objects.filter(person=world.anna).count() == readings


def test_erasure_leaves_other_peoples_records_alone(world):
    _annas_safety_records(world)
    kees = member(world, world.kees)
    add_medication(
        membership=kees,
        by=world.kees,
        name="Eigen kruidenthee",
        dose="1 kop",
        started_on=timezone.localdate(),
        category=Medication.Category.GLUCOSE,
    )

    _erase_anna(world)

    assert Medication.objects.get(person=world.kees).name == "Eigen kruidenthee"


def test_erasure_ends_the_share_with_the_practice_and_research_consent(world):
    share = coupling_services.start_practice_share(person=world.anna)
    privacy_services.set_consent(
        person=world.anna, purpose=ConsentChoice.Purpose.RESEARCH, given=True
    )

    _erase_anna(world)

    share.refresh_from_db()
    assert share.ended_at is not None
    assert not PracticeShare.objects.active().filter(person=world.anna).exists()
    assert not privacy_services.consent_given(
        person=world.anna, purpose=ConsentChoice.Purpose.RESEARCH
    )
