"""The Dutch demo content: enough real theme pages, loaded once however often it runs."""

import re

from wagtail.documents import get_document_model
from wagtail.models import Page, PageViewRestriction

from cms import demo
from cms.models import FunderPage, HomePage, ProgrammePage, ThemeIndexPage, ThemePage


def test_demo_has_programme_funders_and_at_least_six_theme_pages(db, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    demo.load()
    assert ProgrammePage.objects.live().filter(locale__language_code="nl").count() == 1
    assert FunderPage.objects.live().count() == 1
    assert ThemeIndexPage.objects.live().count() == 1
    themes = ThemePage.objects.live()
    assert themes.count() >= 6
    titles = " ".join(themes.values_list("title", flat=True)).lower()
    for subject in ("eten", "bewegen", "medicijnen", "hba1c", "slaap", "voeten", "budget"):
        assert subject in titles
    for theme in themes:
        assert theme.tags.exists(), theme.title
        assert theme.reading_level == ThemePage.ReadingLevel.B1
        kinds = {block.block_type for block in theme.body}
        assert {"text", "tips", "questions"} <= kinds, theme.title
    home = HomePage.objects.get(locale__language_code="nl")
    assert "Herstelcirkel" in home.body


def test_demo_text_is_real_dutch_not_placeholder(db, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    demo.load()
    for page in ThemePage.objects.live():
        text = f"{page.summary} {page.body.render_as_block()}".lower()
        assert "lorem" not in text and "ipsum" not in text
        assert re.search(r"\b(u|uw)\b", text), page.title  # written to the reader, formally


def test_demo_loads_twice_without_changing_anything(db, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    demo.load()
    before = (
        list(Page.objects.order_by("path").values_list("url_path", "live", "latest_revision_id")),
        get_document_model().objects.count(),
        PageViewRestriction.objects.count(),
    )
    demo.load()
    after = (
        list(Page.objects.order_by("path").values_list("url_path", "live", "latest_revision_id")),
        get_document_model().objects.count(),
        PageViewRestriction.objects.count(),
    )
    assert after == before


def test_demo_has_an_english_home_and_a_members_only_worksheet_page(
    client, db, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    demo.load()
    assert HomePage.objects.filter(locale__language_code="en", live=True).exists()
    response = client.get("/werkbladen/")
    assert response.status_code == 302
    assert response["Location"].startswith("/account/login/")
