from pathlib import Path

from playwright.sync_api import expect

from tests.browser.test_enrolment_flow import log_in_with_password
from tests.reports.conftest import build_programme


def test_funder_opens_a_cohort_report_and_downloads_the_pdf(page, world, tmp_path):
    cohort, _members = build_programme(world, participants=12, sessions=3, name="Groep Noord")
    log_in_with_password(page, world.frank.email)
    page.goto(f"/rapportage/groep/{cohort.pk}/")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Rapportage over Groep Noord")
    expect(page.get_by_role("heading", name="Bereik en behoud")).to_be_visible()
    expect(page.get_by_role("img", name="Aanwezigheid per maand")).to_be_visible()
    expect(page.get_by_text("een klein beetje veranderd").first).to_be_visible()
    assert "Persoon1" not in page.content()
    # a funder chooses a whole month, quarter or year: no free dates
    period = page.locator("select[name=periode]")
    expect(period).to_be_visible()
    assert page.locator("input[type=date]").count() == 0
    options = period.locator("option").all_text_contents()
    assert options[0].startswith("Sinds de start")
    period.select_option(index=len(options) - 1)  # the oldest month
    page.get_by_role("button", name="Periode tonen").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Rapportage over Groep Noord")

    with page.expect_download() as download_info:
        page.get_by_role("link", name="PDF (om te versturen)").click()
    download = download_info.value
    assert download.suggested_filename.endswith(".pdf")
    target = Path(tmp_path) / download.suggested_filename
    download.save_as(target)
    assert target.read_bytes().startswith(b"%PDF")

    page.get_by_role("link", name="Zo beschermen we de cijfers (de methode)").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Zo beschermen we de cijfers in rapportages"
    )


def test_the_report_fits_a_phone(page, world, tmp_path):
    cohort, _members = build_programme(world, participants=12, sessions=3, name="Groep Zuid")
    page.set_viewport_size({"width": 390, "height": 844})
    log_in_with_password(page, world.frank.email)
    page.goto(f"/rapportage/groep/{cohort.pk}/")
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    # no sideways scrolling of the page; wide tables scroll in their own labelled region
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390, width
    outcomes = page.locator('[aria-labelledby="table-outcomes"][role="region"]')
    outcomes.scroll_into_view_if_needed()
    expect(outcomes).to_be_visible()
    assert outcomes.get_attribute("tabindex") == "0"  # reachable by keyboard to scroll
    # the region is narrower than the page, the table inside it may be wider
    box = outcomes.bounding_box()
    assert box is not None and box["x"] + box["width"] <= 390
    page.screenshot(path=str(Path(tmp_path) / "report-390.png"), full_page=True)
