"""The Wagtail page tree every install needs: a root page, our home page and the default site."""

from django.conf import settings
from django.db import transaction
from wagtail.models import Locale, Page, Site

from .models import HomePage

HOME_TITLE = "Herstelcirkel"
HOME_INTRO = (
    "Samen werken aan uw gezondheid met diabetes type 2: in een vaste groep, "
    "met een leefkrachtcoach, een jaar lang."
)


@transaction.atomic
def ensure_site_tree() -> HomePage:
    """Creates whatever part of the tree is missing and returns the home page (idempotent)."""
    locale, _created = Locale.objects.get_or_create(language_code=settings.LANGUAGE_CODE)
    root = Page.get_first_root_node()
    if root is None:
        root = Page.add_root(title="Root", slug="root", locale=locale)
    home = HomePage.objects.first()
    if home is None:
        home = root.add_child(
            instance=HomePage(title=HOME_TITLE, slug="home", intro=HOME_INTRO, locale=locale)
        )
    site = Site.objects.filter(is_default_site=True).first()
    if site is None:
        Site.objects.create(
            hostname="localhost",
            port=80,
            root_page=home,
            is_default_site=True,
            site_name="Herstelcirkel",
        )
    elif site.root_page_id != home.pk:
        site.root_page = home
        site.save(update_fields=["root_page"])
    return home
