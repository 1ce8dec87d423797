"""The reader's text size: normal, large or very large, on every page.

The choice lives in a cookie (so it works before logging in and without JavaScript) and,
for someone logged in, on their account too, so it follows them to another phone.
"""

from django.conf import settings
from django.db import models
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

COOKIE_NAME = "hc_text_size"
COOKIE_AGE = 365 * 24 * 60 * 60


class TextSize(models.TextChoices):
    NORMAL = "normal", _("Normal")
    LARGE = "large", _("Large")
    VERY_LARGE = "very-large", _("Very large")


def text_size_for(request: HttpRequest) -> str:
    """The size to show: this browser's choice first, else the account's, else normal."""
    chosen = request.COOKIES.get(COOKIE_NAME, "")
    if chosen in TextSize.values:
        return chosen
    user = getattr(request, "user", None)
    stored = getattr(user, "text_size", "") if user is not None else ""
    if stored in TextSize.values:
        return stored
    return TextSize.NORMAL


def cookie_kwargs() -> dict[str, object]:
    return {
        "max_age": COOKIE_AGE,
        "samesite": "Lax",
        "secure": settings.LANGUAGE_COOKIE_SECURE,
        "httponly": True,
    }
