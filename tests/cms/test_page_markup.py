"""CMS pages keep to the strict Content-Security-Policy and render images accessibly."""

import re
from io import BytesIO

import pytest
from django.core.files.images import ImageFile
from PIL import Image as PillowImage
from wagtail.images import get_image_model
from wagtail.models import Page

from cms import demo
from cms.models import ContentPage, ThemeIndexPage
from cms.site_tree import ensure_site_tree
from tests.cms.pages import make_theme, make_theme_index, publish_child

INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)(?![^>]*application/json)[^>]*>", re.I)
STYLE_ATTRIBUTE = re.compile(r"<[^>]+\sstyle=", re.I)
FRAME = re.compile(r"<iframe", re.I)


def make_image(title="Groente op een bord"):
    buffer = BytesIO()
    PillowImage.new("RGB", (640, 480), (30, 120, 60)).save(buffer, "PNG")
    return get_image_model().objects.create(
        title=title, file=ImageFile(buffer, name="groente.png")
    )


@pytest.fixture
def all_pages(db, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    demo.load()
    index = ThemeIndexPage.objects.get(locale__language_code="nl")
    image = make_image()
    make_theme(
        index,
        "Met beeld en video",
        body=[
            {"type": "text", "value": "<p>Tekst.</p>"},
            {
                "type": "image",
                "value": {"image": image.pk, "alt_text": "Een bord met groente", "caption": ""},
            },
            {
                "type": "video",
                "value": {
                    "url": "https://video.example.org/bewegen",
                    "title": "Bewegen in de stoel",
                    "description": "",
                    "duration": "5 minuten",
                },
            },
        ],
    )
    return Page.objects.live().filter(depth__gte=2).specific()


def test_no_cms_page_has_inline_script_style_or_frames(client, anna, all_pages):
    client.force_login(anna)  # members-only pages too
    for page in all_pages:
        response = client.get(page.get_url())
        assert response.status_code == 200, page.url_path
        text = response.text
        assert not INLINE_SCRIPT.search(text), page.url_path
        assert not STYLE_ATTRIBUTE.search(text), page.url_path
        assert not FRAME.search(text), page.url_path
        assert "unsafe-inline" not in response["Content-Security-Policy"]


def test_image_block_uses_a_rendition_with_the_editors_alt_text(client, all_pages):
    text = client.get("/themas/met-beeld-en-video/").text
    match = re.search(r'<img [^>]*alt="Een bord met groente"[^>]*>', text)
    assert match, text
    assert "/media/images/" in match.group(0)  # a rendition, not the original upload
    assert "original_images" not in match.group(0)


def test_video_is_a_link_that_says_where_it_opens(client, all_pages):
    text = client.get("/themas/met-beeld-en-video/").text
    assert 'href="https://video.example.org/bewegen"' in text
    assert "Bekijk de video: Bewegen in de stoel" in text
    assert "video.example.org" in text


def test_alt_text_is_required_for_an_image_block():
    from cms.blocks import ImageWithAltBlock

    assert ImageWithAltBlock().child_blocks["alt_text"].required


def test_content_page_shows_a_downloadable_document(client, db, settings, tmp_path):
    from django.core.files.base import ContentFile
    from wagtail.documents import get_document_model

    settings.MEDIA_ROOT = tmp_path
    document = get_document_model()(title="Weekmenu")
    document.file.save("weekmenu.pdf", ContentFile(b"%PDF-1.4"), save=False)
    document.save()
    publish_child(
        ensure_site_tree(),
        ContentPage(
            title="Materiaal",
            slug="materiaal",
            body=[
                {
                    "type": "document",
                    "value": {"document": document.pk, "title": "", "description": ""},
                }
            ],
        ),
    )
    text = client.get("/materiaal/").text
    assert f'<a href="{document.url}">Weekmenu</a>' in text
    assert "PDF" in text


def test_theme_index_page_in_a_fresh_tree_is_reachable(client, db):
    index = make_theme_index(slug="bibliotheek")
    assert client.get("/bibliotheek/").status_code == 200
    assert index.url == "/bibliotheek/"
