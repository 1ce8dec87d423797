"""The research export: consenting participants only, pseudonymous, validated, logged."""

import csv
import io
import zipfile

import pytest
from django.urls import reverse

from coupling import services, validator
from coupling.codebook import MOMENT_COLUMNS, PSEUDONYM, SESSION_COLUMNS
from coupling.models import ResearchExport, Study, StudyPseudonym
from privacy.models import AccessLogEntry
from privacy.services import set_consent
from tests import factories


@pytest.fixture
def study(world, measured):
    study = Study.objects.create(name="Evaluatie Noord", organisation=world.organisation)
    study.cohorts.add(world.cohort)
    study.eva = factories.make_person("eva@example.org", first_name="Eva")
    study.evaluators.add(study.eva)
    set_consent(person=world.anna, purpose="research", given=True)
    return study


def _files(body: bytes) -> dict[str, str | bytes]:
    with zipfile.ZipFile(io.BytesIO(body)) as archive:
        return {
            name: archive.read(name) if name.endswith(".xlsx") else archive.read(name).decode()
            for name in archive.namelist()
        }


def _rows(text):
    return list(csv.reader(io.StringIO(text)))


def test_only_participants_with_research_consent_are_in_it(world, study):
    body, export = services.export_research_data(study=study, by=study.eva)
    files = _files(body)
    codes = {row[0] for row in _rows(files["moments.csv"])[1:]}
    anna_code = StudyPseudonym.objects.get(study=study, person=world.anna).pseudonym
    assert codes == {anna_code}  # kees never said yes
    assert export.participants == 1
    assert not StudyPseudonym.objects.filter(person=world.kees).exists()


def test_a_withdrawal_applies_to_the_next_export(world, study):
    services.export_research_data(study=study, by=study.eva)
    set_consent(person=world.anna, purpose="research", given=False)
    body, export = services.export_research_data(study=study, by=study.eva)
    assert export.participants == 0
    assert len(_rows(_files(body)["moments.csv"])) == 1  # the header only


def test_no_name_email_or_date_of_birth(world, study):
    body, _export = services.export_research_data(study=study, by=study.eva)
    everything = " ".join(v for v in _files(body).values() if isinstance(v, str))
    profile = world.anna.participant_profile
    for identifying in (
        world.anna.email,
        world.anna.first_name,
        profile.date_of_birth.isoformat(),
        profile.date_of_birth.strftime("%d-%m-%Y"),
        "@",
    ):
        assert identifying not in everything


def test_the_columns_are_exact_and_the_values_those_measured(world, study):
    files = _files(services.export_research_data(study=study, by=study.eva)[0])
    moments = _rows(files["moments.csv"])
    assert moments[0] == [c.name for c in MOMENT_COLUMNS]
    assert _rows(files["sessions.csv"])[0] == [c.name for c in SESSION_COLUMNS]
    row = dict(zip(moments[0], moments[1], strict=True))
    assert row["moment"] == "baseline"
    assert row["moment_day"] == "0"
    # measured three days ago: inside the baseline window only if the cohort started lately
    assert row["age_band"].count("-") == 1 or row["age_band"] in {"<45", ">=80"}
    assert {"codebook.csv", "codebook.xlsx", "README.txt"} <= set(files)
    book = _rows(files["codebook.csv"])
    assert book[0] == ["file", "column", "meaning", "unit", "allowed values"]
    assert len(book) == 1 + len(SESSION_COLUMNS) + len(MOMENT_COLUMNS)


def test_pseudonyms_are_stable_within_a_study_and_differ_between_studies(world, study):
    first = _rows(
        _files(services.export_research_data(study=study, by=study.eva)[0])["moments.csv"]
    )
    again = _rows(
        _files(services.export_research_data(study=study, by=study.eva)[0])["moments.csv"]
    )
    assert first[1][0] == again[1][0]
    other = Study.objects.create(name="Tweede studie", organisation=world.organisation)
    other.cohorts.add(world.cohort)
    other.evaluators.add(study.eva)
    elsewhere = _rows(
        _files(services.export_research_data(study=other, by=study.eva)[0])["moments.csv"]
    )
    assert elsewhere[1][0] != first[1][0]
    assert PSEUDONYM.match(first[1][0])


def test_every_export_is_logged(world, study):
    services.export_research_data(study=study, by=study.eva)
    assert ResearchExport.objects.get().by == study.eva
    entry = AccessLogEntry.objects.get(subject=world.anna, actor=study.eva)
    assert (entry.action, entry.actor_role) == ("export", "other")


def test_the_validator_accepts_the_export_and_catches_bad_files(world, study):
    files = _files(services.export_research_data(study=study, by=study.eva)[0])
    assert validator.validate("moments.csv", files["moments.csv"]) == []
    assert validator.validate("sessions.csv", files["sessions.csv"]) == []
    header = ",".join(c.name for c in SESSION_COLUMNS)
    swapped = "cohort_id,participant_id,session_day,attendance\n"
    assert "header must be exactly" in validator.validate("sessions.csv", swapped)[0]
    bad = (
        f"{header}\nanna@example.org,C1,3,present\nPABCDEF01,C1,3,maybe\nPABCDEF01,C1,x,present\n"
    )
    problems = validator.validate("sessions.csv", bad)
    assert problems == [
        "sessions.csv line 2, participant_id: identifying value",
        "sessions.csv line 3, attendance: not one of the allowed values",
        "sessions.csv line 4, session_day: not a number",
    ]
    dated = f"{header}\nPABCDEF01,C1,2026-01-02,present\n"
    assert validator.validate("sessions.csv", dated) == [
        "sessions.csv line 2, session_day: identifying value"
    ]


@pytest.mark.parametrize(
    ("name", "status"),
    [
        ("eva", 200),
        ("marloes", 404),
        ("sanne", 404),
        ("petra", 404),
        ("frank", 404),
        ("anna", 404),
    ],
)
def test_only_the_studys_evaluator_downloads(client, world, study, name, status):
    person = study.eva if name == "eva" else getattr(world, name)
    client.force_login(person)
    response = client.post(reverse("coupling:research_export", args=[study.pk]))
    assert response.status_code == status
    if status == 200:
        assert response["Content-Type"] == "application/zip"
    assert client.get(reverse("coupling:research_export", args=[study.pk])).status_code == 405


def test_the_studies_page_lists_only_ones_own_studies(client, world, study):
    client.force_login(study.eva)
    assert "Evaluatie Noord" in client.get(reverse("coupling:studies")).text
    client.force_login(world.marloes)
    assert "Evaluatie Noord" not in client.get(reverse("coupling:studies")).text
