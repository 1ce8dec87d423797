from django import forms
from django.utils.translation import gettext_lazy as _

from .models import MAX_NOTICE_LENGTH


class NoticeForm(forms.Form):
    # No maxlength attribute: the service explains a too-long notice instead of the
    # browser cutting it off silently.
    body = forms.CharField(
        label=_("Your notice to the group"),
        help_text=_(
            "At most %(max)d characters. The whole group sees it above the chat and on their "
            "overview until they have read it. The e-mail only says that there is a notice: "
            "never what it says."
        )
        % {"max": MAX_NOTICE_LENGTH},
        widget=forms.Textarea(attrs={"rows": 4}),
    )
