"""The Dutch nl-core (zib 2020) profiles we send, as a table, and a check against it.

``fhir.resources`` validates the FHIR R4 structure (cardinality, data types); it does not
know Nictiz's profiles. This module holds what those profiles require of the resources
we make (read from Nictiz-R4-zib2020, ``resources/nl-core`` and the ``zib-*`` and
``pattern-VitalSigns`` profiles they derive from) and ``profile_errors`` checks it:

- every vital sign (pattern-VitalSigns): ``category`` holds observation-category
  ``vital-signs``, ``code.coding`` at least one, ``subject`` a Patient, ``effective[x]``
  present and precise to the day (vs-1), a value or components (vs-2);
- zib-BodyWeight: LOINC 29463-7, value a UCUM Quantity in kg or g (zib-BodyWeight-units);
- zib-BodyHeight: LOINC 8302-2, value a UCUM Quantity in cm or [in_i] (ucum-bodylength);
- zib-BloodPressure: LOINC 85354-9, exactly one component LOINC 8480-6 (systolic) and one
  LOINC 8462-4 (diastolic), each a UCUM Quantity in mm[Hg];
- zib-LaboratoryTestResult: ``category`` holds observation-category ``laboratory``,
  ``code`` a code of the Dutch lab code set (LOINC; our three are listed in LAB_CODES),
  value a UCUM Quantity in the test's unit.
"""

VITAL_SIGNS_CATEGORY = (
    "http://terminology.hl7.org/CodeSystem/observation-category",
    "vital-signs",
)
LABORATORY_CATEGORY = ("http://terminology.hl7.org/CodeSystem/observation-category", "laboratory")
SURVEY_CATEGORY = ("http://terminology.hl7.org/CodeSystem/observation-category", "survey")
LOINC = "http://loinc.org"
UCUM = "http://unitsofmeasure.org"
NICTIZ = "http://nictiz.nl/fhir/StructureDefinition/"

BODY_WEIGHT = NICTIZ + "nl-core-BodyWeight"
BODY_HEIGHT = NICTIZ + "nl-core-BodyHeight"
BLOOD_PRESSURE = NICTIZ + "nl-core-BloodPressure"
LABORATORY_TEST_RESULT = NICTIZ + "nl-core-LaboratoryTestResult"
PATIENT = NICTIZ + "nl-core-Patient"

# measure key -> (LOINC code, display, UCUM unit); Dutch labs report in these units.
LAB_CODES = {
    "hba1c": ("59261-8", "Hemoglobin A1c/Hemoglobin.total in Blood by IFCC protocol", "mmol/mol"),
    "cholesterol_total": ("14647-2", "Cholesterol [Moles/volume] in Serum or Plasma", "mmol/L"),
    "ldl": ("22748-8", "Cholesterol in LDL [Moles/volume] in Serum or Plasma", "mmol/L"),
}
SYSTOLIC = ("8480-6", "Systolic blood pressure")
DIASTOLIC = ("8462-4", "Diastolic blood pressure")

# profile -> (fixed LOINC code of Observation.code or None, category, allowed UCUM units)
VITAL_PROFILES = {
    BODY_WEIGHT: ("29463-7", VITAL_SIGNS_CATEGORY, {"kg", "g"}),
    BODY_HEIGHT: ("8302-2", VITAL_SIGNS_CATEGORY, {"cm", "[in_i]"}),
    BLOOD_PRESSURE: ("85354-9", VITAL_SIGNS_CATEGORY, None),
}


def _codings(concept: dict | None) -> list[tuple[str, str]]:
    return [(c.get("system"), c.get("code")) for c in (concept or {}).get("coding", [])]


def _has_category(resource: dict, category: tuple[str, str]) -> bool:
    return any(category in _codings(c) for c in resource.get("category", []))


def _quantity_errors(quantity: dict | None, units: set[str], where: str) -> list[str]:
    if not quantity or quantity.get("value") is None:
        return [f"{where}: a Quantity with a value is required"]
    if quantity.get("system") != UCUM or quantity.get("code") not in units:
        return [f"{where}: unit must be UCUM {sorted(units)}, not {quantity.get('code')!r}"]
    return []


def _observation_basics(resource: dict) -> list[str]:
    errors = []
    if resource.get("resourceType") != "Observation":
        errors.append("resourceType must be Observation")
    if not resource.get("status"):
        errors.append("status is required")
    if not resource.get("code", {}).get("coding"):
        errors.append("code.coding: at least one coding is required")
    if not str(resource.get("subject", {}).get("reference", "")).startswith("Patient/"):
        errors.append("subject must reference a Patient")
    effective = resource.get("effectiveDateTime") or resource.get("effectivePeriod")
    if not effective:
        errors.append("effective[x] is required")
    elif isinstance(effective, str) and len(effective) < 10:
        errors.append("vs-1: effectiveDateTime must be precise to the day")
    return errors


def profile_errors(resource: dict) -> list[str]:
    """What the resource lacks for the profile it claims in meta.profile (empty: fine)."""
    profiles = resource.get("meta", {}).get("profile", [])
    if not profiles:
        return ["meta.profile: the resource claims no profile"]
    errors = []
    for profile in profiles:
        if profile in VITAL_PROFILES:
            code, category, units = VITAL_PROFILES[profile]
            errors += _observation_basics(resource)
            if not _has_category(resource, category):
                errors.append(f"category must hold {category[1]}")
            if (LOINC, code) not in _codings(resource.get("code")):
                errors.append(f"code must hold LOINC {code}")
            if units is None:  # blood pressure: its components carry the units
                errors += _blood_pressure_errors(resource)
            else:
                errors += _quantity_errors(resource.get("valueQuantity"), units, "value")
        elif profile == LABORATORY_TEST_RESULT:
            errors += _observation_basics(resource)
            if not _has_category(resource, LABORATORY_CATEGORY):
                errors.append("category must hold laboratory")
            known = {(LOINC, code): unit for code, _display, unit in LAB_CODES.values()}
            found = [c for c in _codings(resource.get("code")) if c in known]
            if not found:
                errors.append("code must be a LOINC code of the Dutch lab code set")
            else:
                errors += _quantity_errors(
                    resource.get("valueQuantity"), {known[found[0]]}, "value"
                )
        elif profile != PATIENT:
            errors.append(f"unknown profile {profile}")
    return errors


def _blood_pressure_errors(resource: dict) -> list[str]:
    errors = []
    components = resource.get("component", [])
    for code, _display in (SYSTOLIC, DIASTOLIC):
        matching = [c for c in components if (LOINC, code) in _codings(c.get("code"))]
        if len(matching) != 1:
            errors.append(f"component: exactly one LOINC {code} is required")
            continue
        errors += _quantity_errors(
            matching[0].get("valueQuantity"), {"mm[Hg]"}, f"component {code}"
        )
    return errors
