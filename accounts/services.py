"""Writes on a person's own account."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from .models import User
from .text_size import TextSize


@transaction.atomic
def set_text_size(*, user: User, size: str) -> User:
    """Remembers the text size on the account, so it follows the person to another device."""
    if size not in TextSize.values:
        raise ValidationError(_("Choose one of the text sizes."))
    user.text_size = size
    user.save(update_fields=["text_size"])
    return user
