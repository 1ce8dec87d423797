"""The Bundle validates with fhir.resources and carries nl-core's required elements and codes."""

import pytest
from fhir.resources.R4B.bundle import Bundle

from coupling import fhir, profiles, selectors


def _bundle(world):
    record = selectors.shared_record(person=world.anna)
    return fhir.bundle(fhir.record_resources(record), base_url="https://example.org/fhir/")


def _by_profile(bundle, profile):
    return [
        e["resource"]
        for e in bundle["entry"]
        if profile in e["resource"].get("meta", {}).get("profile", [])
    ]


def _codes(concept):
    return {(c["system"], c["code"]) for c in concept["coding"]}


def test_the_bundle_validates_with_fhir_resources(world, measured):
    bundle = _bundle(world)
    parsed = Bundle.model_validate(bundle)
    assert parsed.type == "collection"
    kinds = sorted(e.resource.get_resource_type() for e in parsed.entry)
    assert kinds.count("Patient") == 1
    assert "QuestionnaireResponse" in kinds


def test_every_profiled_resource_meets_its_profile(world, measured):
    for entry in _bundle(world)["entry"]:
        resource = entry["resource"]
        if resource.get("meta"):
            assert profiles.profile_errors(resource) == [], resource["id"]


def test_body_weight_follows_nl_core(world, measured):
    (weight,) = _by_profile(_bundle(world), profiles.BODY_WEIGHT)
    assert (profiles.LOINC, "29463-7") in _codes(weight["code"])
    assert any(
        ("http://terminology.hl7.org/CodeSystem/observation-category", "vital-signs") in _codes(c)
        for c in weight["category"]
    )
    assert weight["valueQuantity"] == {
        "value": 84.5,
        "unit": "kg",
        "system": "http://unitsofmeasure.org",
        "code": "kg",
    }
    assert weight["subject"]["reference"] == f"Patient/{world.anna.pk}"
    assert (
        weight["effectiveDateTime"]
        == measured.measurements.get(
            measure="weight", entered_as="participant"
        ).measured_on.isoformat()
    )


def test_the_value_the_practice_entered_itself_is_not_sent_back(world, measured):
    weights = _by_profile(_bundle(world), profiles.BODY_WEIGHT)
    assert [w["valueQuantity"]["value"] for w in weights] == [84.5]


def test_body_height_in_cm(world, measured):
    (height,) = _by_profile(_bundle(world), profiles.BODY_HEIGHT)
    assert (profiles.LOINC, "8302-2") in _codes(height["code"])
    assert height["valueQuantity"]["code"] == "cm"


def test_blood_pressure_has_both_components_in_mm_hg(world, measured):
    (pressure,) = _by_profile(_bundle(world), profiles.BLOOD_PRESSURE)
    assert (profiles.LOINC, "85354-9") in _codes(pressure["code"])
    components = {
        next(iter(_codes(c["code"])))[1]: c["valueQuantity"] for c in pressure["component"]
    }
    assert components["8480-6"]["value"] == 138
    assert components["8462-4"]["value"] == 86
    assert {q["code"] for q in components.values()} == {"mm[Hg]"}


def test_laboratory_results_hba1c_in_mmol_per_mol_and_cholesterol(world, measured):
    labs = _by_profile(_bundle(world), profiles.LABORATORY_TEST_RESULT)
    by_code = {next(iter(_codes(lab["code"])))[1]: lab for lab in labs}
    assert by_code["59261-8"]["valueQuantity"]["code"] == "mmol/mol"
    assert by_code["59261-8"]["valueQuantity"]["value"] == 53
    assert by_code["14647-2"]["valueQuantity"] == {
        "value": 5.2,
        "unit": "mmol/L",
        "system": "http://unitsofmeasure.org",
        "code": "mmol/L",
    }
    assert by_code["22748-8"]["valueQuantity"]["value"] == 3.1
    for lab in labs:
        assert any(
            ("http://terminology.hl7.org/CodeSystem/observation-category", "laboratory")
            in _codes(c)
            for c in lab["category"]
        )


def test_who5_as_questionnaire_response_and_score(world, measured):
    bundle = _bundle(world)
    (response,) = [
        e["resource"]
        for e in bundle["entry"]
        if e["resource"]["resourceType"] == "QuestionnaireResponse"
    ]
    assert response["status"] == "completed"
    assert response["questionnaire"].endswith("/who5")
    assert [i["answer"][0]["valueInteger"] for i in response["item"]] == [3] * 5
    (score,) = [
        e["resource"]
        for e in bundle["entry"]
        if e["resource"]["resourceType"] == "Observation"
        and e["resource"]["code"]["coding"][0]["code"] == "who5"
    ]
    assert score["valueQuantity"]["value"] == 60
    assert score["derivedFrom"] == [{"reference": f"QuestionnaireResponse/{response['id']}"}]


def test_waist_has_no_profile_and_stays_out(world, measured):
    values = [e["resource"].get("valueQuantity", {}).get("value") for e in _bundle(world)["entry"]]
    assert 101 not in values


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda r: r["code"]["coding"][0].update(code="3141-9"), "LOINC 29463-7"),
        (lambda r: r["valueQuantity"].update(code="[lb_av]"), "unit must be UCUM"),
        (lambda r: r.pop("category"), "vital-signs"),
        (lambda r: r.pop("effectiveDateTime"), "effective[x]"),
        (lambda r: r["subject"].update(reference="Group/1"), "Patient"),
    ],
)
def test_the_profile_check_catches_what_the_profile_forbids(world, measured, change, message):
    (weight,) = _by_profile(_bundle(world), profiles.BODY_WEIGHT)
    change(weight)
    assert any(message in error for error in profiles.profile_errors(weight))


def test_blood_pressure_without_diastolic_fails_the_check(world, measured):
    (pressure,) = _by_profile(_bundle(world), profiles.BLOOD_PRESSURE)
    pressure["component"] = pressure["component"][:1]
    assert "component: exactly one LOINC 8462-4 is required" in profiles.profile_errors(pressure)


def test_the_builder_refuses_to_send_a_resource_that_misses_its_profile(world, measured):
    weight = measured.measurements.filter(measure="weight").first()
    weight.measure = "height"
    weight.value = 2  # still fine for the structure, but a profile has to agree on the unit
    resource = fhir.vital_sign_resource(world.anna, weight)
    assert profiles.profile_errors(resource) == []
    with pytest.raises(fhir.ProfileError):
        fhir._checked(
            fhir.Observation,
            {**resource, "valueQuantity": {**resource["valueQuantity"], "code": "m"}},
        )
