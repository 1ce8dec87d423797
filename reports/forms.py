import datetime

from django import forms
from django.utils.translation import gettext_lazy as _

from groups.forms import DateInput


class PeriodForm(forms.Form):
    start = forms.DateField(label=_("From"), widget=DateInput())
    end = forms.DateField(label=_("Up to and including"), widget=DateInput())

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("start"), cleaned.get("end")
        if start and end and end < start:
            raise forms.ValidationError(_("The end of the period comes before its start."))
        if start and end and end - start > datetime.timedelta(days=366 * 5):
            raise forms.ValidationError(_("Choose a period of at most five years."))
        return cleaned


class CostForm(forms.Form):
    cost_per_participant = forms.DecimalField(
        label=_("Programme cost per participant (euro)"),
        min_value=0,
        max_digits=8,
        decimal_places=2,
        localize=True,
    )
