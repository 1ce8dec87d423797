from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import User

from .models import AttentionSettings


class FollowUpForm(forms.Form):
    note = forms.CharField(
        label=_("What happened?"),
        max_length=300,
        help_text=_("For example: called, is coming next time."),
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    contacted_on = forms.DateField(
        label=_("Date"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["contacted_on"].initial = timezone.localdate()


class AanjagerChoiceField(forms.ModelChoiceField[User]):
    def label_from_instance(self, obj: User) -> str:
        return obj.get_full_name()


class AskAanjagerForm(forms.Form):
    aanjager = AanjagerChoiceField(
        label=_("Aanjager"), queryset=User.objects.none(), empty_label=None
    )

    def __init__(self, *args, aanjagers, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["aanjager"]
        assert isinstance(field, AanjagerChoiceField)
        field.queryset = aanjagers


class ThresholdsForm(forms.ModelForm):
    class Meta:
        model = AttentionSettings
        fields = [
            "missed_in_a_row",
            "signup_days",
            "quiet_weeks",
            "check_in_weeks",
            "first_sessions",
            "rhythm_weeks",
            "stalled_referred_days",
            "stalled_consented_days",
            "stalled_invited_days",
            "stalled_accepted_days",
            "reminder_days",
            "nurse_told_days",
        ]
