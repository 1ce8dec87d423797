"""Reads of CMS content shared by page views and by other apps.

For the themes and sessions features: link a session or a group's theme proposal to a
``cms.ThemePage`` with a foreign key (``on_delete=models.SET_NULL, null=True``) and offer
the choices from ``theme_pages_for_choice()``; show the page with ``page.url`` and
``page.title``. Link the Dutch (default-locale) page: Wagtail serves the visitor its
English translation when the visitor chose English and one is published.
"""

from dataclasses import dataclass

from django.contrib.auth.base_user import AbstractBaseUser
from django.contrib.auth.models import AnonymousUser
from django.db.models import QuerySet
from taggit.models import Tag
from wagtail.models import Locale, Page, PageViewRestriction

from .models import ThemeIndexPage, ThemePage

# Who asks: a logged-in person, an anonymous visitor, or nobody (a page without a request).
type AnyUser = AbstractBaseUser | AnonymousUser | None


def theme_pages_for_choice(*, locale: Locale | None = None) -> QuerySet[ThemePage]:
    """Live theme pages in one language (Dutch by default), by title: for a dropdown."""
    locale = locale or Locale.get_default()
    return ThemePage.objects.live().filter(locale=locale).order_by("title")


@dataclass(frozen=True)
class ThemeLibrary:
    themes: list[ThemePage]
    tags: list[Tag]
    current_tag: Tag | None


def visible_theme_pages(*, index_page: Page, user: AnyUser) -> QuerySet[ThemePage]:
    """Live theme pages below the index that this visitor may open.

    Anonymous visitors see public pages only; logged-in members also see pages restricted
    to logged-in users (members-only material), but not password- or group-restricted ones.
    """
    pages = ThemePage.objects.live().child_of(index_page)
    if user is None or not user.is_authenticated:
        return pages.public()
    for restriction in PageViewRestriction.objects.exclude(
        restriction_type=PageViewRestriction.LOGIN
    ).select_related("page"):
        pages = pages.not_descendant_of(restriction.page, inclusive=True)
    return pages


def theme_library(
    *, index_page: ThemeIndexPage, user: AnyUser = None, query: str = "", tag_slug: str = ""
) -> ThemeLibrary:
    """The theme pages to list, filtered by a tag and/or a search, with the tags to offer."""
    pages = visible_theme_pages(index_page=index_page, user=user)
    tags = list(
        Tag.objects.filter(cms_themepagetag_items__content_object__in=pages)
        .distinct()
        .order_by("name")
    )
    current_tag = next((tag for tag in tags if tag.slug == tag_slug), None)

    themes = pages.prefetch_related("tags")
    if tag_slug:
        themes = themes.filter(tags__slug=tag_slug).distinct()
    if query:
        # Search the plain subtree (the search backend filters on tree fields only), then
        # keep what this visitor may see.
        searchable = ThemePage.objects.live().child_of(index_page)
        ranked_ids = [page.pk for page in searchable.search(query)]
        position = {pk: number for number, pk in enumerate(ranked_ids)}
        found = themes.filter(pk__in=ranked_ids)
        return ThemeLibrary(
            themes=sorted(found, key=lambda page: position[page.pk]),
            tags=tags,
            current_tag=current_tag,
        )
    return ThemeLibrary(themes=list(themes.order_by("path")), tags=tags, current_tag=current_tag)
