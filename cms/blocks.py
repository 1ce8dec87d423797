"""StreamField blocks for content pages and the theme library.

Every block renders plain, accessible HTML without inline script or style: images only
through Wagtail renditions with required alt text, video as a link (no third-party frames:
the Content-Security-Policy and our privacy promise forbid loading other sites).
"""

from urllib.parse import urlsplit

from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.documents.blocks import DocumentChooserBlock
from wagtail.images.blocks import ImageChooserBlock

TEXT_FEATURES = ["h2", "h3", "bold", "italic", "ol", "ul", "link", "document-link"]


class ImageWithAltBlock(blocks.StructBlock):
    """An image with the alt text the editor must write for readers who cannot see it."""

    image = ImageChooserBlock(label=_("image"))
    alt_text = blocks.CharBlock(
        label=_("alternative text"),
        max_length=250,
        help_text=_("Describe what the image shows, for people who cannot see it."),
    )
    caption = blocks.CharBlock(label=_("caption"), required=False, max_length=250)

    class Meta:
        icon = "image"
        label = _("Image")
        template = "cms/blocks/image.html"


class VideoLinkValue(blocks.StructValue):
    def host(self) -> str:
        return urlsplit(self.get("url") or "").hostname or ""


class VideoLinkBlock(blocks.StructBlock):
    """A link to a video elsewhere; shown as a link, never embedded."""

    url = blocks.URLBlock(label=_("web address of the video"))
    title = blocks.CharBlock(label=_("title"), max_length=200)
    description = blocks.TextBlock(label=_("description"), required=False)
    duration = blocks.CharBlock(
        label=_("duration"), required=False, max_length=40, help_text=_("For example: 4 minutes")
    )

    class Meta:
        icon = "media"
        label = _("Video link")
        template = "cms/blocks/video_link.html"
        value_class = VideoLinkValue


class DocumentBlock(blocks.StructBlock):
    """A document to download, such as a worksheet."""

    document = DocumentChooserBlock(label=_("document"))
    title = blocks.CharBlock(
        label=_("link text"),
        required=False,
        max_length=200,
        help_text=_("Leave empty to use the document's title."),
    )
    description = blocks.TextBlock(label=_("description"), required=False)

    class Meta:
        icon = "doc-full"
        label = _("Document to download")
        template = "cms/blocks/document.html"


class DiscussionQuestionsBlock(blocks.StructBlock):
    """Questions the group can talk about together during a session."""

    heading = blocks.CharBlock(
        label=_("heading"),
        required=False,
        max_length=200,
        help_text=_("Leave empty for the standard heading."),
    )
    questions = blocks.ListBlock(blocks.CharBlock(label=_("question")), label=_("questions"))

    class Meta:
        icon = "help"
        label = _("Questions to discuss in the group")
        template = "cms/blocks/discussion_questions.html"


class TipsBlock(blocks.StructBlock):
    """Short practical tips."""

    heading = blocks.CharBlock(
        label=_("heading"),
        required=False,
        max_length=200,
        help_text=_("Leave empty for the standard heading."),
    )
    tips = blocks.ListBlock(blocks.CharBlock(label=_("tip")), label=_("tips"))

    class Meta:
        icon = "pick"
        label = _("Tips")
        template = "cms/blocks/tips.html"


class ContentStreamBlock(blocks.StreamBlock):
    """The body of ordinary content pages."""

    text = blocks.RichTextBlock(label=_("Text"), features=TEXT_FEATURES)
    image = ImageWithAltBlock()
    video = VideoLinkBlock()
    document = DocumentBlock()


class ThemeStreamBlock(ContentStreamBlock):
    """The body of a theme page: content plus questions for the group and tips."""

    questions = DiscussionQuestionsBlock()
    tips = TipsBlock()
