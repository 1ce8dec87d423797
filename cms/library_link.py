"""The theme library's address for the menu of every page, kept in the shared cache.

Working it out took four queries (the site, the locale, the view restrictions, the index
page) on every page of the site. The address is the same for everyone on one host in one
language and changes only when pages, view restrictions, sites or locales do: every such
change forgets it (now, and again when its transaction commits, so that a request that
read the old state meanwhile cannot keep it); ``KEEP_SECONDS`` bounds what a change made
around the ORM (a raw UPDATE) could leave.
"""

from collections.abc import Callable

from django.db import transaction
from django.db.models.signals import post_delete, post_save
from wagtail.models import Locale, Page, PageViewRestriction, Site
from wagtail.signals import page_published, page_unpublished, post_page_move

from chat.caching import shared as shared_cache

KEY = "cms:theme-library-url"
KEEP_SECONDS = 10 * 60


def remembered_url(host: str, language: str, look_up: Callable[[], str]) -> str:
    """The address for this host and language: from the cache, or looked up and kept."""
    cache = shared_cache()
    known = cache.get(KEY) or {}
    key = f"{host} {language}"
    if key not in known:
        known = {**known, key: look_up()}
        cache.set(KEY, known, KEEP_SECONDS)
    return known[key]


def forget(**_kwargs) -> None:
    shared_cache().delete(KEY)
    transaction.on_commit(lambda: shared_cache().delete(KEY))


def _forget_on_change(sender, **kwargs) -> None:
    if issubclass(sender, Page | PageViewRestriction | Site | Locale):
        forget()


def connect() -> None:
    """Called once from CmsConfig.ready."""
    post_save.connect(_forget_on_change, dispatch_uid="cms-library-link-save")
    post_delete.connect(_forget_on_change, dispatch_uid="cms-library-link-delete")
    for signal in (page_published, page_unpublished, post_page_move):
        signal.connect(forget, dispatch_uid=f"cms-library-link-{id(signal)}")
