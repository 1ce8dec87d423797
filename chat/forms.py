from django import forms
from django.utils.translation import gettext_lazy as _

from .models import MAX_MESSAGE_LENGTH, MAX_REASON_LENGTH


class MessageForm(forms.Form):
    # No maxlength attribute: the service explains a too-long message instead of the
    # browser cutting it off silently.
    body = forms.CharField(
        label=_("Your message"),
        help_text=_("At most %(max)d characters. Links become clickable.")
        % {"max": MAX_MESSAGE_LENGTH},
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class HideForm(forms.Form):
    reason = forms.CharField(
        label=_("Why are you hiding this message?"),
        help_text=_("The group sees this reason instead of the message."),
        max_length=MAX_REASON_LENGTH,
    )
