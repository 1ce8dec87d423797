"""Small builders for CMS test pages, through Wagtail's own tree API (as editors do)."""

from wagtail.models import Page

from cms.models import ThemeIndexPage, ThemePage
from cms.site_tree import ensure_site_tree


def publish_child(parent: Page, page: Page) -> Page:
    parent.add_child(instance=page)
    page.save_revision().publish()
    page.refresh_from_db()
    return page


def make_theme_index(*, slug: str = "themas") -> ThemeIndexPage:
    home = ensure_site_tree()
    return publish_child(home, ThemeIndexPage(title="Thema's", slug=slug, intro="Alle thema's."))


def make_theme(
    index: ThemeIndexPage,
    title: str,
    *,
    tags: tuple[str, ...] = (),
    summary: str = "Een korte samenvatting.",
    text: str = "<p>Uitleg in gewone woorden.</p>",
    slug: str | None = None,
    body: list | None = None,
) -> ThemePage:
    page = ThemePage(
        title=title,
        slug=slug or "",
        summary=summary,
        body=body if body is not None else [{"type": "text", "value": text}],
    )
    if tags:
        page.tags.add(*tags)
    return publish_child(index, page)


def make_editor(email: str, group_name: str | None = None):
    """A staff member with a password, optionally in one of the Wagtail editor groups."""
    from django.contrib.auth.models import Group

    from accounts.models import User

    user = User.objects.create_user(email=email, password="a-long-test-password-42")
    if group_name:
        user.groups.add(Group.objects.get(name=group_name))
    return user
