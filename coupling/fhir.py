"""A participant's shared record as a FHIR R4 Bundle following nl-core (zib 2020).

Every resource is checked twice before it leaves: by ``fhir.resources`` (the FHIR
structure; its R4B models, which for Patient, Observation, QuestionnaireResponse and
Bundle are the R4 structure) and by ``coupling.profiles`` (Nictiz's required elements and
fixed codes). A resource that fails either raises: nothing half-right is sent.
"""

import datetime
from decimal import Decimal

from django.utils import timezone
from fhir.resources.R4B.bundle import Bundle
from fhir.resources.R4B.observation import Observation
from fhir.resources.R4B.operationoutcome import OperationOutcome
from fhir.resources.R4B.patient import Patient
from fhir.resources.R4B.questionnaireresponse import QuestionnaireResponse

from health.models import Measurement
from health.models import QuestionnaireResponse as Response

from . import profiles
from .selectors import SharedRecord

PLATFORM = "https://herstelcirkel.nl/fhir/"
PARTICIPANT_IDENTIFIER = PLATFORM + "NamingSystem/participant"
SCORE_CODES = PLATFORM + "CodeSystem/questionnaire-score"
QUESTIONNAIRE = PLATFORM + "Questionnaire/"
MEDIA_TYPE = "application/fhir+json"

_VITALS = {
    "weight": (profiles.BODY_WEIGHT, "29463-7", "Body weight", "kg"),
    "height": (profiles.BODY_HEIGHT, "8302-2", "Body height", "cm"),
}


class ProfileError(ValueError):
    """A resource we built does not meet its nl-core profile."""


def _number(value: Decimal) -> float | int:
    value = Decimal(value).normalize()
    return int(value) if value == value.to_integral_value() else float(value)


def _quantity(value: Decimal, unit: str) -> dict:
    return {"value": _number(value), "unit": unit, "system": profiles.UCUM, "code": unit}


def _category(category: tuple[str, str], display: str) -> list[dict]:
    return [{"coding": [{"system": category[0], "code": category[1], "display": display}]}]


def _checked(model, data: dict) -> dict:
    errors = profiles.profile_errors(data) if "meta" in data else []
    if errors:
        raise ProfileError(f"{data.get('id')}: {'; '.join(errors)}")
    return model.model_validate(data).model_dump(mode="json", exclude_none=True)


def patient_resource(person) -> dict:
    profile = person.participant_profile
    return _checked(
        Patient,
        {
            "resourceType": "Patient",
            "id": str(person.pk),
            "meta": {"profile": [profiles.PATIENT]},
            "identifier": [{"system": PARTICIPANT_IDENTIFIER, "value": str(person.pk)}],
            "active": person.is_active,
            "name": [
                {
                    "use": "official",
                    "text": person.get_full_name() or str(person),
                    **({"family": person.last_name} if person.last_name else {}),
                    **({"given": [person.first_name]} if person.first_name else {}),
                }
            ],
            "birthDate": profile.date_of_birth.isoformat(),
        },
    )


def _observation(person, resource_id: str, profile: str, day: datetime.date, **rest) -> dict:
    return {
        "resourceType": "Observation",
        "id": resource_id,
        "meta": {"profile": [profile]},
        "status": "final",
        "subject": {"reference": f"Patient/{person.pk}", "type": "Patient"},
        "effectiveDateTime": day.isoformat(),
        **rest,
    }


def vital_sign_resource(person, measurement: Measurement) -> dict:
    profile, code, display, unit = _VITALS[measurement.measure]
    return _checked(
        Observation,
        _observation(
            person,
            f"m{measurement.pk}",
            profile,
            measurement.measured_on,
            category=_category(profiles.VITAL_SIGNS_CATEGORY, "Vital Signs"),
            code={"coding": [{"system": profiles.LOINC, "code": code, "display": display}]},
            valueQuantity=_quantity(measurement.value, unit),
        ),
    )


def blood_pressure_resource(person, day, systolic, diastolic, measurement) -> dict:
    def component(code_display, value):
        code, display = code_display
        return {
            "code": {"coding": [{"system": profiles.LOINC, "code": code, "display": display}]},
            "valueQuantity": _quantity(value, "mm[Hg]"),
        }

    return _checked(
        Observation,
        _observation(
            person,
            f"bp{measurement.pk}",
            profiles.BLOOD_PRESSURE,
            day,
            category=_category(profiles.VITAL_SIGNS_CATEGORY, "Vital Signs"),
            code={
                "coding": [
                    {
                        "system": profiles.LOINC,
                        "code": "85354-9",
                        "display": "Blood pressure panel with all children optional",
                    }
                ]
            },
            component=[
                component(profiles.SYSTOLIC, systolic),
                component(profiles.DIASTOLIC, diastolic),
            ],
        ),
    )


def laboratory_resource(person, measurement: Measurement) -> dict:
    code, display, unit = profiles.LAB_CODES[measurement.measure]
    return _checked(
        Observation,
        _observation(
            person,
            f"m{measurement.pk}",
            profiles.LABORATORY_TEST_RESULT,
            measurement.measured_on,
            category=_category(profiles.LABORATORY_CATEGORY, "Laboratory"),
            code={"coding": [{"system": profiles.LOINC, "code": code, "display": display}]},
            valueQuantity=_quantity(measurement.value, unit),
        ),
    )


def questionnaire_response_resource(person, response: Response) -> dict:
    items = [
        {"linkId": str(answer.item.number), "answer": [{"valueInteger": answer.value}]}
        for answer in sorted(response.answers.all(), key=lambda a: a.item.number)
    ]
    return _checked(
        QuestionnaireResponse,
        {
            "resourceType": "QuestionnaireResponse",
            "id": f"q{response.pk}",
            "questionnaire": QUESTIONNAIRE + response.instrument.key,
            "status": "completed",
            "subject": {"reference": f"Patient/{person.pk}", "type": "Patient"},
            "authored": response.completed_on.isoformat(),
            "source": {"reference": f"Patient/{person.pk}", "type": "Patient"},
            **({"item": items} if items else {}),
        },
    )


def score_resource(person, response: Response) -> dict:
    """The questionnaire's score (WHO-5: 0-100) as an Observation derived from the answers."""
    assert response.score is not None  # the record holds scored responses only
    return _checked(
        Observation,
        {
            "resourceType": "Observation",
            "id": f"s{response.pk}",
            "status": "final",
            "category": _category(profiles.SURVEY_CATEGORY, "Survey"),
            "code": {
                "coding": [
                    {
                        "system": SCORE_CODES,
                        "code": response.instrument.key,
                        "display": f"{response.instrument.name_en or response.instrument.name_nl}"
                        " (0-100)",
                    }
                ],
                "text": response.instrument.name_nl,
            },
            "subject": {"reference": f"Patient/{person.pk}", "type": "Patient"},
            "effectiveDateTime": response.completed_on.isoformat(),
            "valueQuantity": {
                "value": _number(response.score),
                "unit": "{score}",
                "system": profiles.UCUM,
                "code": "{score}",
            },
            "derivedFrom": [{"reference": f"QuestionnaireResponse/q{response.pk}"}],
        },
    )


def record_resources(record: SharedRecord, *, include_patient: bool = True) -> list[dict]:
    person = record.person
    resources = [patient_resource(person)] if include_patient else []
    for measurement in record.measurements:
        if measurement.measure in _VITALS:
            resources.append(vital_sign_resource(person, measurement))
        elif measurement.measure in profiles.LAB_CODES:
            resources.append(laboratory_resource(person, measurement))
    for day, systolic, diastolic, measurement in record.blood_pressures():
        resources.append(blood_pressure_resource(person, day, systolic, diastolic, measurement))
    for response in record.responses:
        resources.append(questionnaire_response_resource(person, response))
        resources.append(score_resource(person, response))
    return resources


def bundle(resources: list[dict], *, base_url: str, kind: str = "collection") -> dict:
    """A Bundle of the resources: ``collection`` for a download, ``searchset`` for the API."""
    base_url = base_url.rstrip("/")
    data: dict[str, object] = {
        "resourceType": "Bundle",
        "type": kind,
        "timestamp": timezone.now().isoformat(timespec="seconds"),
        "entry": [
            {
                "fullUrl": f"{base_url}/{resource['resourceType']}/{resource['id']}",
                "resource": resource,
                **({"search": {"mode": "match"}} if kind == "searchset" else {}),
            }
            for resource in resources
        ],
    }
    if kind == "searchset":
        data["total"] = len(resources)
    return Bundle.model_validate(data).model_dump(mode="json", exclude_none=True)


def operation_outcome(code: str, message: str, *, severity: str = "error") -> dict:
    """An error as FHIR says it: issue code (e.g. not-found, forbidden) and a human text."""
    return OperationOutcome.model_validate(
        {
            "resourceType": "OperationOutcome",
            "issue": [{"severity": severity, "code": code, "diagnostics": message}],
        }
    ).model_dump(mode="json", exclude_none=True)
