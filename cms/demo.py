"""Demo content for the embedded mode: the programme site and the theme library, in Dutch.

Safe to run again: a page that exists (found by its slug) is left as it is, so edits made
in the admin survive. The texts are in ``cms.demo_content``.
"""

from collections.abc import Sequence
from datetime import date

from django.contrib.auth.models import Group
from django.core.files.base import ContentFile
from django.db import transaction
from wagtail.documents import get_document_model
from wagtail.models import Collection, CollectionViewRestriction, Locale, Page, PageViewRestriction

from accounts.demo import DEMO_STAFF_PASSWORD, ensure_demo_user

from . import demo_content as text
from .models import (
    ContentPage,
    FunderPage,
    NewsIndexPage,
    NewsPage,
    ProgrammePage,
    ThemeIndexPage,
    ThemePage,
)
from .site_tree import ensure_site_tree

WORKSHEET_COLLECTION = "Werkbladen voor deelnemers"


def ensure_child(parent: Page, page: Page, *, tags: Sequence[str] = ()) -> Page:
    """Adds and publishes ``page`` below ``parent`` unless a page with its slug is there."""
    existing = parent.get_children().filter(slug=page.slug).specific().first()
    if existing is not None:
        return existing
    page.locale = parent.locale
    if tags:
        page.tags.add(*tags)
    parent.add_child(instance=page)
    page.save_revision().publish()
    return page


def ensure_translation(page: Page, locale: Locale, **fields) -> Page:
    """Creates and publishes the translation of ``page`` in ``locale`` unless there is one."""
    existing = page.get_translation_or_none(locale)
    if existing is not None:
        return existing.specific
    translated = page.copy_for_translation(locale)
    for name, value in fields.items():
        setattr(translated, name, value)
    translated.save_revision().publish()
    return translated


def ensure_worksheet():
    """A members-only worksheet in a collection that only logged-in people may download."""
    root = Collection.get_first_root_node()
    collection = root.get_children().filter(name=WORKSHEET_COLLECTION).first()
    if collection is None:
        collection = root.add_child(name=WORKSHEET_COLLECTION)
    CollectionViewRestriction.objects.get_or_create(
        collection=collection, restriction_type=CollectionViewRestriction.LOGIN
    )
    Document = get_document_model()
    document = Document.objects.filter(title=text.WORKSHEET_TITLE).first()
    if document is None:
        document = Document(title=text.WORKSHEET_TITLE, collection=collection)
        document.file.save(
            "werkblad-eetdagboek.txt", ContentFile(text.WORKSHEET_TEXT.encode()), save=False
        )
        document.save()
    return document


def ensure_editors() -> None:
    """A programme manager who edits content in the Wagtail admin (not a superuser)."""
    manager = ensure_demo_user(
        email="redactie@herstelcirkel.test",
        role="content editor, Wagtail group Programmabeheer (/cms/)",
        display_name="Redactie",
        first_name="Petra",
        password=DEMO_STAFF_PASSWORD,
        is_staff=True,
    )
    group = Group.objects.filter(name="Programmabeheer").first()
    if group is not None:
        manager.groups.add(group)


@transaction.atomic
def load() -> None:
    home = ensure_site_tree()
    if not home.body:
        home.body = text.HOME_BODY
        home.save_revision().publish()

    programme = ensure_child(home, ProgrammePage(**text.PROGRAMME))
    ensure_child(home, FunderPage(**{**text.FUNDERS, "body": [text_block(text.FUNDERS["body"])]}))

    library = ensure_child(home, ThemeIndexPage(**text.THEME_INDEX))
    for theme in text.THEMES:
        ensure_child(
            library,
            ThemePage(
                title=theme["title"],
                slug=theme["slug"],
                summary=theme["summary"],
                reading_level=ThemePage.ReadingLevel.B1,
                body=[
                    text_block(theme["text"]),
                    {"type": "tips", "value": {"heading": "", "tips": theme["tips"]}},
                    {
                        "type": "questions",
                        "value": {"heading": "", "questions": theme["questions"]},
                    },
                ],
            ),
            tags=theme["tags"],
        )

    worksheet = ensure_worksheet()
    members = ensure_child(
        home,
        ContentPage(
            title=text.MEMBERS_PAGE["title"],
            slug=text.MEMBERS_PAGE["slug"],
            intro=text.MEMBERS_PAGE["intro"],
            body=[
                text_block(text.MEMBERS_PAGE["text"]),
                {
                    "type": "document",
                    "value": {"document": worksheet.pk, "title": "", "description": ""},
                },
            ],
        ),
    )
    PageViewRestriction.objects.get_or_create(
        page=members, restriction_type=PageViewRestriction.LOGIN
    )

    news = ensure_child(home, NewsIndexPage(**text.NEWS_INDEX))
    ensure_child(
        news,
        NewsPage(
            title=text.NEWS_ITEM["title"],
            slug=text.NEWS_ITEM["slug"],
            intro=text.NEWS_ITEM["intro"],
            date=date(2026, 11, 2),
            body=[text_block(text.NEWS_ITEM["text"])],
        ),
    )

    english, _created = Locale.objects.get_or_create(language_code="en")
    ensure_translation(home, english, **text.ENGLISH_HOME)
    ensure_translation(programme, english, **text.ENGLISH_PROGRAMME)

    ensure_editors()


def text_block(html: str) -> dict:
    return {"type": "text", "value": html}
