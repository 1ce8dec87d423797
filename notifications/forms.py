from django import forms
from django.utils.translation import gettext_lazy as _

from .models import NotificationSettings


class NotificationSettingsForm(forms.ModelForm):
    class Meta:
        model = NotificationSettings
        fields = [
            "chat",
            "quiet_minutes",
            "chat_text",
            "voting",
            "notices",
            "session_reminders",
            "session_changes",
            "attention_digest",
        ]
        widgets = {"chat": forms.RadioSelect}
        help_texts = {
            "quiet_minutes": _("Only when you chose “once, when the group has been quiet”."),
        }

    def __init__(self, *args, attention_digest: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        if not attention_digest:  # only for those who get the weekly e-mail (coaches)
            del self.fields["attention_digest"]
