"""The short list of drugs to choose from (Dutch names), with what the safety net needs to
know: the kind, and whether the drug can cause a hypo (insulin, sulfonylureas)."""

from dataclasses import dataclass


@dataclass(frozen=True)
class KnownDrug:
    name: str
    category: str
    hypo_risk: bool = False
    is_insulin: bool = False


GLUCOSE, BLOOD_PRESSURE, CHOLESTEROL = "glucose", "blood_pressure", "cholesterol"

KNOWN_DRUGS: dict[str, KnownDrug] = {
    drug.name: drug
    for drug in [
        KnownDrug("metformine", GLUCOSE),
        KnownDrug("gliclazide", GLUCOSE, hypo_risk=True),
        KnownDrug("glimepiride", GLUCOSE, hypo_risk=True),
        KnownDrug("tolbutamide", GLUCOSE, hypo_risk=True),
        KnownDrug("sitagliptine", GLUCOSE),
        KnownDrug("dapagliflozine", GLUCOSE),
        KnownDrug("empagliflozine", GLUCOSE),
        KnownDrug("semaglutide", GLUCOSE),
        KnownDrug("liraglutide", GLUCOSE),
        KnownDrug("dulaglutide", GLUCOSE),
        KnownDrug("insuline (langwerkend)", GLUCOSE, hypo_risk=True, is_insulin=True),
        KnownDrug("insuline (kortwerkend)", GLUCOSE, hypo_risk=True, is_insulin=True),
        KnownDrug("insuline (mix)", GLUCOSE, hypo_risk=True, is_insulin=True),
        KnownDrug("hydrochloorthiazide", BLOOD_PRESSURE),
        KnownDrug("chloortalidon", BLOOD_PRESSURE),
        KnownDrug("enalapril", BLOOD_PRESSURE),
        KnownDrug("lisinopril", BLOOD_PRESSURE),
        KnownDrug("perindopril", BLOOD_PRESSURE),
        KnownDrug("losartan", BLOOD_PRESSURE),
        KnownDrug("valsartan", BLOOD_PRESSURE),
        KnownDrug("amlodipine", BLOOD_PRESSURE),
        KnownDrug("metoprolol", BLOOD_PRESSURE),
        KnownDrug("simvastatine", CHOLESTEROL),
        KnownDrug("atorvastatine", CHOLESTEROL),
        KnownDrug("rosuvastatine", CHOLESTEROL),
        KnownDrug("pravastatine", CHOLESTEROL),
        KnownDrug("ezetimib", CHOLESTEROL),
    ]
}
