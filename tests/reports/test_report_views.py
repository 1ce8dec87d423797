import io
import zipfile

import pypdf
import pytest
from django.urls import reverse

from groups.models import Membership
from tests import factories

from .conftest import build_programme


def report_url(kind, pk, fmt=None):
    if fmt:
        return reverse("reports:report_export", args=[kind, pk, fmt])
    return reverse("reports:report", args=[kind, pk])


# cohort report: who gets what (anonymous goes to log in)
COHORT_REPORT = {
    "sanne": 200,
    "marloes": 200,
    "frank": 200,  # coach, manager, funder of the cohort
    "anna": 403,
    "kees": 403,
    "petra": 403,
    "ivo": 403,  # members without the right
    "otto": 404,
    "olga": 404,  # outsiders
}


@pytest.mark.parametrize("name", list(COHORT_REPORT))
def test_cohort_report_permissions(client, world, name):
    client.force_login(getattr(world, name))
    assert client.get(report_url("groep", world.cohort.pk)).status_code == COHORT_REPORT[name]


def test_anonymous_is_sent_to_log_in(client, world):
    response = client.get(report_url("groep", world.cohort.pk))
    assert response.status_code == 302 and "/account/login/" in response.url


def test_report_refuses_post(client, world):
    client.force_login(world.marloes)
    assert client.post(report_url("groep", world.cohort.pk)).status_code == 405


def test_a_funder_of_cohort_a_gets_404_for_cohort_b(client, world):
    client.force_login(world.frank)
    assert client.get(report_url("groep", world.other_cohort.pk)).status_code == 404
    other_funder = factories.make_funder("Gemeente Elders")
    assert client.get(report_url("financier", other_funder.pk)).status_code == 404
    assert client.get(report_url("programma", world.organisation.pk)).status_code == 404


def test_only_managers_open_the_programme_report(client, world):
    client.force_login(world.marloes)
    assert client.get(report_url("programma", world.organisation.pk)).status_code == 200
    client.force_login(world.sanne)
    assert client.get(report_url("programma", world.organisation.pk)).status_code == 404
    client.force_login(world.petra)
    assert client.get(report_url("programma", world.organisation.pk)).status_code == 403


def export_text(response) -> str:
    if response["Content-Type"].startswith("application/vnd.openxml"):
        with zipfile.ZipFile(io.BytesIO(response.content)) as archive:
            return " ".join(archive.read(name).decode() for name in archive.namelist())
    if response["Content-Type"] == "application/pdf":
        reader = pypdf.PdfReader(io.BytesIO(response.content))
        return " ".join(page.extract_text() for page in reader.pages)
    return response.content.decode()


@pytest.mark.parametrize("fmt", [None, "csv", "xlsx", "pdf"])
@pytest.mark.parametrize("kind", ["groep", "financier"])
def test_no_funder_report_shows_a_person(client, world, programme, kind, fmt):
    cohort, _members = programme
    client.force_login(world.frank)
    pk = cohort.pk if kind == "groep" else world.funder.pk
    response = client.get(report_url(kind, pk, fmt))
    assert response.status_code == 200
    text = export_text(response)
    people = Membership.objects.filter(cohort=cohort).select_related("person")
    for membership in people:
        person = membership.person
        for secret in (person.email, person.first_name, person.last_name, person.display_name):
            if secret and len(secret) > 2 and secret != "Test":
                assert secret not in text, (secret, fmt)
    assert "/leden/" not in text and "/verwijzingen/" not in text
    subject = cohort.name if kind == "groep" else world.funder.name
    assert subject in text  # the export is readable, so the absence above means something


def test_pdf_is_a_dated_dutch_document(client, world, programme):
    cohort, _members = programme
    client.force_login(world.frank)
    response = client.get(report_url("groep", cohort.pk, "pdf"))
    assert response.content.startswith(b"%PDF")
    assert 'attachment; filename="herstelcirkel-' in response["Content-Disposition"]


def test_csv_export_parses_and_uses_dutch_numbers(client, world, programme):
    import csv

    from reports.disclosure import Cell, record_key, released_count

    cohort, members = programme
    client.force_login(world.marloes)
    content = client.get(report_url("groep", cohort.pk, "csv")).content.decode()
    rows = list(csv.reader(io.StringIO(content), delimiter=";"))
    flat = {row[0]: row[1:] for row in rows if row}
    everyone = Cell(len(members), sum(record_key(m.person_id) for m in members))
    # perturbed by the cell key of exactly these people: the same figure every time
    assert flat["Ingeschreven (afspraken geaccepteerd)"] == [str(released_count(everyone))]
    assert abs(released_count(everyone) - 12) <= 2
    assert flat["Bijeenkomsten gehouden"] == ["4"]
    weight = next(
        row for row in rows if row and row[0].startswith("Gewicht") and row[1] == "12 maanden"
    )
    assert weight[2] == str(released_count(everyone))  # n: every weight pairs
    assert weight[7] == "-3,0"  # mean change, Dutch decimal comma


def test_small_groups_show_no_magnitudes_and_no_small_counts(client, world):
    cohort, _members = build_programme(world, participants=3, sessions=2, name="Kleine Groep")
    client.force_login(world.frank)
    text = client.get(report_url("groep", cohort.pk)).text
    assert "&lt; 5" not in text
    assert "x¹" in text  # withheld, with its footnote
    assert "minder dan 10 mensen" in text
    assert "Gewicht" in text


def test_the_long_csv_has_one_figure_per_row(client, world, programme):
    import csv

    cohort, _members = programme
    client.force_login(world.marloes)
    content = client.get(report_url("groep", cohort.pk, "long.csv")).content.decode()
    rows = list(csv.reader(io.StringIO(content)))
    assert rows[0] == ["section", "measure", "moment", "statistic", "value", "withheld", "unit"]
    change = next(
        row
        for row in rows
        if row[0] == "outcomes"
        and row[1].startswith("Gewicht")
        and row[2] == "12 maanden"
        and row[3] == "Gemiddelde verandering"
    )
    assert float(change[4]) == -3.0 and change[5] == "" and change[6] == "number"


def test_xlsx_cells_are_typed(client, world, programme):
    import openpyxl

    cohort, _members = programme
    client.force_login(world.marloes)
    response = client.get(report_url("groep", cohort.pk, "xlsx"))
    workbook = openpyxl.load_workbook(io.BytesIO(response.content))
    sheet = next(ws for ws in workbook.worksheets if ws.title.startswith("Uitkomsten"))
    headers = [cell.value for cell in sheet[1]]
    weight = next(
        row
        for row in sheet.iter_rows(min_row=2)
        if str(row[0].value).startswith("Gewicht") and row[1].value == "12 maanden"
    )
    by_header = dict(zip(headers, weight, strict=False))
    change = by_header["Gemiddelde verandering"]
    assert isinstance(change.value, int | float) and change.value == -3.0
    assert change.number_format == "0.0"  # shown with one decimal, the Dutch way in Excel
    assert isinstance(by_header["Start: gemiddelde"].value, int | float)
    assert isinstance(by_header["Start: SD"].value, int | float)  # a column of its own
    assert isinstance(by_header["CI 95%: laag"].value, int | float)
    assert by_header["Verbeterd"].number_format.endswith("%")
    assert isinstance(by_header["n (paren)"].value, int)


def test_report_queries_do_not_grow_with_people_or_sessions(
    client, world, django_assert_num_queries
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    small, _ = build_programme(world, participants=6, sessions=2, name="Groep Klein")
    large, _ = build_programme(world, participants=16, sessions=6, name="Groep Groot")
    client.force_login(world.marloes)
    client.get(report_url("groep", small.pk))  # warm the per-process caches (site, session)
    counts = []
    for cohort in (small, large):
        with CaptureQueriesContext(connection) as queries:
            assert client.get(report_url("groep", cohort.pk)).status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1]


def test_manager_enters_the_cost_per_participant(client, world, programme):
    cohort, _members = programme
    client.force_login(world.marloes)
    client.post(reverse("reports:cohort_cost", args=[cohort.pk]), {"cost_per_participant": "1750"})
    text = client.get(report_url("groep", cohort.pk)).text
    assert "€\xa01.750,00" in text
    client.force_login(world.frank)
    assert (
        client.post(
            reverse("reports:cohort_cost", args=[cohort.pk]), {"cost_per_participant": "1"}
        ).status_code
        == 403
    )


def test_a_period_with_the_end_before_the_start_is_refused(client, world, programme):
    cohort, _members = programme
    client.force_login(world.marloes)
    text = client.get(
        report_url("groep", cohort.pk), {"start": "2026-05-01", "end": "2026-01-01"}
    ).text
    assert "komt vóór" in text or "voor het begin" in text
