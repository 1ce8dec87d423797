"""Which page may go where, and staff can create a theme page in the admin."""

from django.urls import reverse
from wagtail.models import Page
from wagtail.test.utils import WagtailPageTestCase
from wagtail.test.utils.form_data import nested_form_data, rich_text, streamfield

from accounts.models import User
from cms.models import (
    ContentPage,
    FunderPage,
    HomePage,
    NewsIndexPage,
    NewsPage,
    ProgrammePage,
    ThemeIndexPage,
    ThemePage,
)
from cms.site_tree import ensure_site_tree
from tests.cms.pages import make_theme_index


class PageTreeRulesTests(WagtailPageTestCase):
    def test_home_page_holds_the_programme_site_sections(self):
        self.assertAllowedSubpageTypes(
            HomePage,
            {ContentPage, ProgrammePage, FunderPage, ThemeIndexPage, NewsIndexPage},
        )
        self.assertAllowedParentPageTypes(HomePage, {Page})

    def test_theme_pages_live_only_in_the_theme_library(self):
        self.assertAllowedParentPageTypes(ThemePage, {ThemeIndexPage})
        self.assertAllowedSubpageTypes(ThemeIndexPage, {ThemePage})
        self.assertAllowedSubpageTypes(ThemePage, set())
        self.assertCanNotCreateAt(HomePage, ThemePage)
        self.assertCanNotCreateAt(ContentPage, ThemePage)

    def test_news_items_live_in_the_news_overview(self):
        self.assertAllowedParentPageTypes(NewsPage, {NewsIndexPage})
        self.assertAllowedSubpageTypes(NewsIndexPage, {NewsPage})

    def test_content_pages_nest_below_sections(self):
        self.assertAllowedParentPageTypes(
            ContentPage, {HomePage, ContentPage, ProgrammePage, FunderPage}
        )
        self.assertCanCreateAt(FunderPage, ContentPage)


class CreateInAdminTests(WagtailPageTestCase):
    def setUp(self):
        self.admin = User.objects.create_superuser(email="beheer@example.org", password="x" * 20)
        self.client.force_login(self.admin)
        self.home = ensure_site_tree()

    def test_staff_creates_a_theme_page_with_every_block(self):
        index = make_theme_index()
        self.assertCanCreate(
            index,
            ThemePage,
            nested_form_data(
                {
                    "title": "Suiker in drinken",
                    "summary": "Hoeveel suiker zit er in frisdrank en sap?",
                    "reading_level": "B1",
                    "tags": "voeding, drinken",
                    "body": streamfield(
                        [
                            ("text", rich_text("<p>Frisdrank bevat veel suiker.</p>")),
                            (
                                "video",
                                {
                                    "url": "https://video.example.org/suiker",
                                    "title": "Suiker zien",
                                    "description": "",
                                    "duration": "3 minuten",
                                },
                            ),
                            (
                                "questions",
                                {
                                    "heading": "",
                                    "questions": streamfield(
                                        [("item", "Wat drinkt u op een dag?")]
                                    ),
                                },
                            ),
                            (
                                "tips",
                                {"heading": "", "tips": streamfield([("item", "Drink water.")])},
                            ),
                        ]
                    ),
                }
            ),
        )
        page = ThemePage.objects.get(title="Suiker in drinken")
        assert page.live
        assert sorted(page.tags.names()) == ["drinken", "voeding"]
        assert [block.block_type for block in page.body] == ["text", "video", "questions", "tips"]

    def test_staff_creates_a_programme_page(self):
        self.assertCanCreate(
            self.home,
            ProgrammePage,
            nested_form_data(
                {
                    "title": "Over het programma",
                    "intro": "Een jaar samen.",
                    "what_it_is": rich_text("<p>Een groep.</p>"),
                    "who_can_join": rich_text("<p>Mensen met diabetes type 2.</p>"),
                    "how_to_refer": rich_text("<p>Via de praktijkondersteuner.</p>"),
                    "participant_costs": rich_text("<p>Een kleine bijdrage.</p>"),
                    "body": streamfield([]),
                }
            ),
        )
        response = self.client.get("/over-het-programma/")
        self.assertContains(response, "Via de praktijkondersteuner.")

    def test_demo_pages_render_and_open_in_the_editor(self):
        from cms import demo

        demo.load()
        for page in Page.objects.live().filter(depth__gte=2).specific():
            # Members-only pages redirect anonymous visitors; rendering is checked as staff.
            self.assertPageIsRenderable(page, user=self.admin)
            self.client.force_login(self.admin)
            edit = self.client.get(reverse("wagtailadmin_pages:edit", args=[page.pk]))
            assert edit.status_code == 200, page.url_path
