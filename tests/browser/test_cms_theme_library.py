from playwright.sync_api import expect

from tests.cms.pages import make_theme, make_theme_index


def test_visitor_filters_searches_and_opens_a_theme(page):
    index = make_theme_index()
    make_theme(index, "Gezond eten", tags=("voeding",), text="<p>Eet elke dag groente.</p>")
    make_theme(
        index,
        "Koken met een klein budget",
        tags=("voeding", "geld"),
        text="<p>Linzen en bonen zijn goedkoop en gezond.</p>",
    )
    make_theme(index, "Goed voor uw voeten zorgen", tags=("voeten",))

    page.goto("/")
    page.get_by_role("navigation", name="Hoofdmenu").get_by_role(
        "link", name="Themabibliotheek"
    ).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Thema's")
    results = page.get_by_role("region", name="Alle thema's")
    expect(results.get_by_role("heading", level=3)).to_have_count(3)

    page.get_by_role("navigation", name="Kies een onderwerp").get_by_role(
        "link", name="voeding"
    ).click()
    expect(page.get_by_role("heading", name="2 thema's gevonden")).to_be_visible()
    expect(page.get_by_role("link", name="Goed voor uw voeten zorgen")).to_have_count(0)

    page.get_by_label("Zoek in de thema's").fill("linzen")
    page.get_by_role("button", name="Zoeken").click()
    expect(page.get_by_role("heading", name="1 thema gevonden")).to_be_visible()

    page.get_by_role("link", name="Koken met een klein budget").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Koken met een klein budget")
    expect(page.get_by_text("Linzen en bonen zijn goedkoop en gezond.")).to_be_visible()
