"""Wagtail page types: the public programme site, the theme library and news.

Tree: HomePage > ContentPage, ProgrammePage, FunderPage, ThemeIndexPage > ThemePage,
NewsIndexPage > NewsPage. Members-only pages use Wagtail's view restrictions ("private,
accessible to logged-in users"), set by staff in the admin.
"""

from django.core.paginator import Paginator
from django.db import models
from django.http import Http404
from django.utils.translation import gettext_lazy as _
from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey
from taggit.models import TaggedItemBase
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page
from wagtail.search import index

from .blocks import ContentStreamBlock, ThemeStreamBlock

RICH_TEXT_FEATURES = ["h2", "h3", "bold", "italic", "ol", "ul", "link", "document-link"]


class HomePage(Page):
    """The public front page: what Herstelcirkel is and how to take part."""

    intro = models.CharField(_("introduction"), max_length=300, blank=True)
    body = RichTextField(_("body"), blank=True)

    content_panels = [*Page.content_panels, FieldPanel("intro"), FieldPanel("body")]
    search_fields = [*Page.search_fields, index.SearchField("intro"), index.SearchField("body")]
    parent_page_types = ["wagtailcore.Page"]
    subpage_types = [
        "cms.ContentPage",
        "cms.ProgrammePage",
        "cms.FunderPage",
        "cms.ThemeIndexPage",
        "cms.NewsIndexPage",
    ]

    class Meta:
        verbose_name = _("home page")

    def route(self, request, path_components):
        """Falls back to the other language trees when this one has no page at the path.

        The site's root is the Dutch home page; Wagtail routes an English visitor through
        its English translation. A page that has no English translation yet still lives
        only in the Dutch tree, so it is served from there instead of a 404.
        """
        try:
            return super().route(request, path_components)
        except Http404:
            for other_home in self.get_translations().live().specific().order_by("pk"):
                try:
                    return super(HomePage, other_home).route(request, path_components)
                except Http404:
                    continue
            raise

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["theme_index"] = (
            ThemeIndexPage.objects.live().public().child_of(self).only("pk", "title").first()
        )
        return context


class ContentPage(Page):
    """A standard page of text, images, video links and documents."""

    intro = models.TextField(_("introduction"), blank=True)
    body = StreamField(ContentStreamBlock(), verbose_name=_("body"), blank=True)

    content_panels = [*Page.content_panels, FieldPanel("intro"), FieldPanel("body")]
    search_fields = [*Page.search_fields, index.SearchField("intro"), index.SearchField("body")]
    parent_page_types = ["cms.HomePage", "cms.ContentPage", "cms.ProgrammePage", "cms.FunderPage"]
    subpage_types = ["cms.ContentPage"]

    class Meta:
        verbose_name = _("content page")
        verbose_name_plural = _("content pages")


class ProgrammePage(Page):
    """Explains the programme to patients and practices: what it is, who joins, referral, cost."""

    intro = models.TextField(_("introduction"), blank=True)
    what_it_is = RichTextField(_("what Herstelcirkel is"), features=RICH_TEXT_FEATURES)
    who_can_join = RichTextField(_("who can join"), features=RICH_TEXT_FEATURES)
    how_to_refer = RichTextField(_("how a practice refers"), features=RICH_TEXT_FEATURES)
    participant_costs = RichTextField(
        _("what it costs the participant"), features=RICH_TEXT_FEATURES
    )
    body = StreamField(ContentStreamBlock(), verbose_name=_("more information"), blank=True)

    content_panels = [
        *Page.content_panels,
        FieldPanel("intro"),
        FieldPanel("what_it_is"),
        FieldPanel("who_can_join"),
        FieldPanel("how_to_refer"),
        FieldPanel("participant_costs"),
        FieldPanel("body"),
    ]
    search_fields = [
        *Page.search_fields,
        index.SearchField("intro"),
        index.SearchField("what_it_is"),
        index.SearchField("who_can_join"),
        index.SearchField("how_to_refer"),
        index.SearchField("participant_costs"),
        index.SearchField("body"),
    ]
    parent_page_types = ["cms.HomePage"]
    subpage_types = ["cms.ContentPage"]

    class Meta:
        verbose_name = _("programme page")
        verbose_name_plural = _("programme pages")


class FunderPage(Page):
    """For funders (insurers, municipalities, employers): results and what funding buys."""

    intro = models.TextField(_("introduction"), blank=True)
    results = RichTextField(_("results so far"), features=RICH_TEXT_FEATURES, blank=True)
    body = StreamField(ContentStreamBlock(), verbose_name=_("body"), blank=True)
    contact_email = models.EmailField(_("contact e-mail address"), blank=True)

    content_panels = [
        *Page.content_panels,
        FieldPanel("intro"),
        FieldPanel("results"),
        FieldPanel("body"),
        FieldPanel("contact_email"),
    ]
    search_fields = [
        *Page.search_fields,
        index.SearchField("intro"),
        index.SearchField("results"),
        index.SearchField("body"),
    ]
    parent_page_types = ["cms.HomePage"]
    subpage_types = ["cms.ContentPage"]

    class Meta:
        verbose_name = _("page for funders")
        verbose_name_plural = _("pages for funders")


class ThemePageTag(TaggedItemBase):
    """Links a theme page to a tag such as "voeding" or "bewegen"."""

    content_object = ParentalKey(
        "cms.ThemePage", on_delete=models.CASCADE, related_name="tagged_items"
    )


class ThemeIndexPage(Page):
    """The theme library: every theme page below it, filtered by tag and searchable."""

    intro = models.TextField(_("introduction"), blank=True)

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    search_fields = [*Page.search_fields, index.SearchField("intro")]
    parent_page_types = ["cms.HomePage"]
    subpage_types = ["cms.ThemePage"]
    page_size = 24

    class Meta:
        verbose_name = _("theme library")
        verbose_name_plural = _("theme libraries")

    def get_context(self, request, *args, **kwargs):
        from .selectors import theme_library

        context = super().get_context(request, *args, **kwargs)
        query = request.GET.get("q", "").strip()[:200]
        tag = request.GET.get("tag", "").strip()[:100]
        library = theme_library(index_page=self, user=request.user, query=query, tag_slug=tag)
        paginator = Paginator(library.themes, self.page_size)
        context.update(
            query=query,
            tags=library.tags,
            current_tag=library.current_tag,
            themes=paginator.get_page(request.GET.get("page")),
            filtered=bool(query or tag),
        )
        return context


class ThemePage(Page):
    """One theme of education material that a group can choose for a session."""

    class ReadingLevel(models.TextChoices):
        A2 = "A2", _("A2: very easy")
        B1 = "B1", _("B1: easy (most readers)")
        B2 = "B2", _("B2: somewhat harder")

    summary = models.TextField(
        _("summary"), max_length=500, help_text=_("Two or three short sentences.")
    )
    reading_level = models.CharField(
        _("reading level"),
        max_length=2,
        choices=ReadingLevel.choices,
        default=ReadingLevel.B1,
        help_text=_("Write at level B1 where you can: short sentences, everyday words."),
    )
    body = StreamField(ThemeStreamBlock(), verbose_name=_("body"))
    tags = ClusterTaggableManager(through=ThemePageTag, blank=True, verbose_name=_("tags"))

    content_panels = [
        *Page.content_panels,
        FieldPanel("summary"),
        MultiFieldPanel(
            [FieldPanel("reading_level"), FieldPanel("tags")], heading=_("About this theme")
        ),
        FieldPanel("body"),
    ]
    search_fields = [
        *Page.search_fields,
        index.SearchField("summary"),
        index.SearchField("body"),
        index.RelatedFields("tags", [index.SearchField("name")]),
        index.FilterField("reading_level"),
    ]
    parent_page_types = ["cms.ThemeIndexPage"]
    subpage_types: list[str] = []

    class Meta:
        verbose_name = _("theme page")
        verbose_name_plural = _("theme pages")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["theme_index"] = self.get_parent()
        return context


class NewsIndexPage(Page):
    """The list of news items and announcements, newest first."""

    intro = models.TextField(_("introduction"), blank=True)

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    parent_page_types = ["cms.HomePage"]
    subpage_types = ["cms.NewsPage"]
    page_size = 20

    class Meta:
        verbose_name = _("news overview")
        verbose_name_plural = _("news overviews")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        items = NewsPage.objects.live().public().child_of(self).order_by("-date", "-pk")
        context["news_items"] = Paginator(items, self.page_size).get_page(request.GET.get("page"))
        return context


class NewsPage(Page):
    """A news item or announcement."""

    date = models.DateField(_("date"))
    intro = models.TextField(_("introduction"), blank=True)
    body = StreamField(ContentStreamBlock(), verbose_name=_("body"), blank=True)

    content_panels = [
        *Page.content_panels,
        FieldPanel("date"),
        FieldPanel("intro"),
        FieldPanel("body"),
    ]
    search_fields = [*Page.search_fields, index.SearchField("intro"), index.SearchField("body")]
    parent_page_types = ["cms.NewsIndexPage"]
    subpage_types: list[str] = []

    class Meta:
        verbose_name = _("news item")
        verbose_name_plural = _("news items")
