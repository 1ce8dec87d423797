"""Writes: goals and their versions, sharing, check-ins, cheers, measurements, answers."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone, translation

from health import services
from health.measures import bmi
from health.models import (
    Answer,
    CheckIn,
    Cheer,
    Goal,
    Instrument,
    Measurement,
    QuestionnaireResponse,
)

from .conftest import make_goal, member

TODAY = timezone.localdate


def record(world, by=None, person=None, *, measured_on=None, source="session", **values):
    return services.record_measurements(
        membership=member(world, person or world.anna),
        by=by or world.anna,
        measured_on=measured_on or TODAY(),
        source=source,
        values=values,
    )


def messages_of(error: ValidationError) -> dict[str, list[str]]:
    return {key: [str(m) for m in value] for key, value in error.message_dict.items()}


# --- goals --------------------------------------------------------------------------------


def test_a_goal_starts_private_with_version_one(world):
    goal = make_goal(world, why="Met de kleinkinderen spelen")
    assert goal.sharing == Goal.Sharing.PRIVATE
    assert goal.current_version.number == 1
    assert goal.current_version.why == "Met de kleinkinderen spelen"


def test_revising_keeps_every_version(world):
    goal = make_goal(world, title="Wandelen")
    services.revise_goal(goal=goal, by=world.anna, title="Drie keer per week wandelen")
    services.revise_goal(goal=goal, by=world.anna, title="Vier keer per week wandelen")
    goal.refresh_from_db()
    assert [v.title for v in goal.versions.order_by("number")] == [
        "Wandelen",
        "Drie keer per week wandelen",
        "Vier keer per week wandelen",
    ]
    assert goal.current_version.number == 3


def test_a_goal_needs_words_and_nothing_is_saved_without(world):
    with pytest.raises(ValidationError) as error:
        make_goal(world, title="   ")
    assert "title" in error.value.message_dict
    assert not Goal.objects.exists()


def test_only_the_participant_sets_and_changes_their_goals(world):
    with pytest.raises(ValidationError):
        services.create_goal(membership=member(world, world.anna), by=world.sanne, title="X")
    goal = make_goal(world)
    for call in (
        lambda: services.revise_goal(goal=goal, by=world.sanne, title="Y"),
        lambda: services.set_goal_sharing(goal=goal, by=world.kees, sharing="group"),
        lambda: services.record_check_in(goal=goal, by=world.sanne, confidence=5),
    ):
        with pytest.raises(ValidationError):
            call()


def test_making_a_goal_private_again_removes_the_cheers(world):
    goal = make_goal(world, sharing="group")
    services.cheer_goal(goal=goal, by=world.kees)
    services.cheer_goal(goal=goal, by=world.kees)  # twice changes nothing
    assert Cheer.objects.count() == 1
    services.set_goal_sharing(goal=goal, by=world.anna, sharing="private")
    assert Cheer.objects.count() == 0
    with pytest.raises(ValidationError):
        services.cheer_goal(goal=goal, by=world.kees)


def test_nobody_cheers_their_own_goal(world):
    goal = make_goal(world, sharing="group")
    with pytest.raises(ValidationError):
        services.cheer_goal(goal=goal, by=world.anna)


@pytest.mark.parametrize("confidence", [-1, 11, 100])
def test_a_check_in_confidence_is_0_to_10(world, confidence):
    goal = make_goal(world)
    with pytest.raises(ValidationError) as error:
        services.record_check_in(goal=goal, by=world.anna, confidence=confidence)
    assert "0 tot en met 10" in str(error.value)
    assert not CheckIn.objects.exists()


def test_a_check_in_on_a_reached_goal_is_refused(world):
    goal = make_goal(world)
    services.record_check_in(goal=goal, by=world.anna, confidence=10, note="Gehaald!")
    services.set_goal_status(goal=goal, by=world.anna, status="reached")
    with pytest.raises(ValidationError):
        services.record_check_in(goal=goal, by=world.anna, confidence=10)


def test_an_invitee_has_no_plan_yet(world):
    invitee = world.cohort.memberships.get(person=world.ivo)
    with pytest.raises(ValidationError):
        services.create_goal(membership=invitee, by=world.ivo, title="Wandelen")


# --- measurements -------------------------------------------------------------------------


def test_values_record_who_entered_them_and_from_where(world):
    record(world, weight="82,5", height="172")
    record(world, by=world.petra, source="annual_checkup", hba1c="58", insulin="0")
    record(world, by=world.sanne, waist=101)
    rows = {m.measure: m for m in Measurement.objects.all()}
    assert rows["weight"].value == Decimal("82.5")
    assert rows["weight"].entered_as == "participant"
    assert rows["hba1c"].entered_as == "nurse"
    assert rows["hba1c"].source == "annual_checkup"
    assert rows["waist"].entered_as == "coach"
    assert rows["insulin"].value == 0


@pytest.mark.parametrize(
    ("field", "value", "expected"),
    [
        ("weight", "0", "Gewicht in kilogram (kg), meestal tussen 30 en 300."),
        ("weight", "700", "Gewicht in kilogram (kg), meestal tussen 30 en 300."),
        ("weight", "tachtig", "Gewicht in kilogram (kg), meestal tussen 30 en 300."),
        ("height", "1.75", "1,75 m is 175 cm"),
        ("hba1c", "7.2", "HbA1c in als mmol/mol"),
        ("hba1c", "5", "5 lijkt een percentage"),
        ("hba1c", "200", "HbA1c in mmol/mol, meestal tussen 20 en 150."),
        ("cholesterol_total", "200", "mmol/L"),
        ("ldl", "0", "LDL-cholesterol in mmol/L"),
        ("glucose_drugs", "1.5", "heel getal"),
        ("glucose_drugs", "9", "heel getal"),
        ("insulin", "2", "Insuline: ja of nee."),
    ],
)
def test_impossible_values_get_a_dutch_error_naming_the_unit(world, field, value, expected):
    with pytest.raises(ValidationError) as error:
        record(world, **{field: value})
    assert expected in " ".join(messages_of(error.value)[field])


def test_hba1c_as_a_percentage_explains_mmol_per_mol(world):
    with pytest.raises(ValidationError) as error:
        record(world, hba1c="7,2")
    message = messages_of(error.value)["hba1c"][0]
    assert "percentage" in message
    assert "mmol/mol" in message and "meestal tussen 20 en 150" in message


def test_one_bad_value_saves_nothing(world):
    with pytest.raises(ValidationError) as error:
        record(world, weight="82", hba1c="7.2", bp_systolic="135", bp_diastolic="85")
    assert set(error.value.message_dict) == {"hba1c"}
    assert not Measurement.objects.exists()


def test_a_date_in_the_future_is_refused(world):
    with pytest.raises(ValidationError) as error:
        record(world, measured_on=TODAY() + datetime.timedelta(days=1), weight="80")
    assert "toekomst" in messages_of(error.value)["measured_on"][0]


def test_blood_pressure_needs_both_values_the_lower_one_lower(world):
    with pytest.raises(ValidationError) as error:
        record(world, bp_systolic="85", bp_diastolic="135")
    assert "onderdruk" in messages_of(error.value)["bp_diastolic"][0]
    with pytest.raises(ValidationError) as error:
        record(world, bp_systolic="135")
    assert "allebei" in messages_of(error.value)["bp_diastolic"][0]


def test_an_empty_form_is_refused(world):
    with pytest.raises(ValidationError) as error:
        record(world, weight="", hba1c="")
    assert "minstens één waarde" in str(error.value)


def test_people_without_a_relation_cannot_enter_values(world):
    for person in (world.kees, world.frank, world.olga):
        with pytest.raises(ValidationError):
            record(world, by=person, weight="80")


def test_bmi_is_worked_out_not_stored():
    assert bmi(Decimal("80"), Decimal("175")) == Decimal("26.1")
    assert bmi(None, Decimal("175")) is None
    assert "bmi" not in {f.name for f in Measurement._meta.get_fields()}


# --- questionnaires -----------------------------------------------------------------------


def test_a_complete_who5_is_scored(world):
    who5 = Instrument.objects.get(key="who5")
    response = services.submit_questionnaire(
        membership=member(world, world.anna),
        instrument=who5,
        by=world.anna,
        answers={1: 3, 2: 2, 3: 4, 4: 1, 5: 3},
    )
    assert (response.raw_score, response.score) == (Decimal(13), Decimal(52))
    assert response.answers.count() == 5


def test_a_who5_with_a_missing_answer_is_refused_naming_it_and_nothing_is_stored(world):
    who5 = Instrument.objects.get(key="who5")
    with translation.override("nl"), pytest.raises(ValidationError) as error:
        services.submit_questionnaire(
            membership=member(world, world.anna),
            instrument=who5,
            by=world.anna,
            answers={1: 3, 2: None, 3: 4, 4: None, 5: 3},
        )
    assert error.value.message_dict == {
        "item_2": ["Vraag 2: kies een antwoord."],
        "item_4": ["Vraag 4: kies een antwoord."],
    }
    assert not QuestionnaireResponse.objects.exists()
    assert not Answer.objects.exists()


def test_a_placeholder_scale_cannot_be_filled_in(world):
    with pytest.raises(ValidationError):
        services.submit_questionnaire(
            membership=member(world, world.anna),
            instrument=Instrument.objects.get(key="zelfmanagement"),
            by=world.anna,
            answers={},
        )
    assert not QuestionnaireResponse.objects.exists()


def test_only_the_participant_fills_in_their_questionnaire(world):
    with pytest.raises(ValidationError):
        services.submit_questionnaire(
            membership=member(world, world.anna),
            instrument=Instrument.objects.get(key="who5"),
            by=world.sanne,
            answers={1: 1},
        )


# --- measurement moments ------------------------------------------------------------------


def test_only_the_manager_sets_the_measurement_moments(world):
    from health.models import MeasurementMoment

    for person in (world.sanne, world.petra, world.anna):
        with pytest.raises(ValidationError):
            services.configure_measurement_moments(
                cohort=world.cohort, by=person, timing={"month_6": (5, 28)}
            )
    assert not MeasurementMoment.objects.exists()
    services.configure_measurement_moments(
        cohort=world.cohort, by=world.marloes, timing={"month_6": (5, 28)}
    )
    assert MeasurementMoment.objects.get().months_after_start == 5


@pytest.mark.parametrize(
    ("timing", "expected"),
    [
        ({"month_6": (12, 28)}, "moet later komen dan na 6 maanden"),
        ({"month_6": (1, 28)}, "overlappen"),
        ({"month_12": (7, 60)}, "overlappen"),
        ({"baseline": (0, 0), "month_6": (5, 28)}, "Begin (nulmeting)"),
    ],
)
def test_moments_in_the_wrong_order_or_overlapping_save_nothing(world, timing, expected):
    from health.models import MeasurementMoment

    with pytest.raises(ValidationError) as caught:
        services.configure_measurement_moments(
            cohort=world.cohort, by=world.marloes, timing=timing
        )
    assert expected.lower() in " ".join(caught.value.messages).lower()
    assert not MeasurementMoment.objects.exists()


def test_without_consent_the_coach_cannot_enter_values(world, monkeypatch):
    from access.policy import memberships

    monkeypatch.setattr(memberships, "coach_may_see_measurements", lambda membership: False)
    with pytest.raises(ValidationError):
        record(world, by=world.sanne, weight="90")
    record(world, by=world.petra, weight="90")  # the practice nurse still may
    assert Measurement.objects.get().entered_as == "nurse"
