from pathlib import Path

from playwright.sync_api import expect

from tests.browser.test_enrolment_flow import log_in_with_password
from tests.reports.conftest import build_programme


def test_funder_opens_a_cohort_report_and_downloads_the_pdf(page, world, tmp_path):
    cohort, _members = build_programme(world, participants=6, sessions=3, name="Groep Noord")
    log_in_with_password(page, world.frank.email)
    page.goto(f"/rapportage/groep/{cohort.pk}/")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Rapportage over Groep Noord")
    expect(page.get_by_role("heading", name="Bereik en behoud")).to_be_visible()
    expect(page.get_by_role("img", name="Aanwezigheid per maand")).to_be_visible()
    assert "Persoon1" not in page.content()

    with page.expect_download() as download_info:
        page.get_by_role("link", name="PDF (om te versturen)").click()
    download = download_info.value
    assert download.suggested_filename.endswith(".pdf")
    target = Path(tmp_path) / download.suggested_filename
    download.save_as(target)
    assert target.read_bytes().startswith(b"%PDF")
