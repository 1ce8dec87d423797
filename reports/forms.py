import datetime
from typing import Any, cast

from django import forms
from django.utils.translation import gettext_lazy as _

from groups.forms import DateInput


class PeriodForm(forms.Form):
    start = forms.DateField(label=_("From"), widget=DateInput())
    end = forms.DateField(label=_("Up to and including"), widget=DateInput())

    def clean(self) -> dict[str, Any]:
        super().clean()
        cleaned = self.cleaned_data
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


class FixedPeriodForm(forms.Form):
    """For funders: one of the fixed periods of reports.periods."""

    periode = forms.ChoiceField(label=_("Period"))

    def __init__(self, *args, periods, **kwargs):
        super().__init__(*args, **kwargs)
        self.periods = {period.key: period for period in periods}
        field = cast(forms.ChoiceField, self.fields["periode"])
        field.choices = [(p.key, p.label) for p in periods]
        field.error_messages["invalid_choice"] = _("Choose one of the periods in the list.")
