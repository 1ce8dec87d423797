from django import template
from django.utils.translation import get_language
from wagtail.models import Site

from cms.library_link import remembered_url
from cms.models import ThemeIndexPage

register = template.Library()


def theme_library_url(request) -> str:
    """The theme library's address in the visitor's language, or "" while there is none."""
    if request is None:
        return ""
    return remembered_url(request.get_host(), get_language(), lambda: _look_up(request))


def _look_up(request) -> str:
    site = Site.find_for_request(request)
    if site is None:
        return ""
    home = site.root_page.localized
    index = ThemeIndexPage.objects.live().public().descendant_of(home).first()
    if index is None and home.pk != site.root_page_id:
        index = ThemeIndexPage.objects.live().public().descendant_of(site.root_page).first()
    return index.get_url(request) if index else ""


@register.inclusion_tag("cms/includes/theme_library_nav_item.html", takes_context=True)
def theme_library_nav_item(context):
    """A menu item for the theme library (nothing while no library is published)."""
    return {"url": theme_library_url(context.get("request"))}
