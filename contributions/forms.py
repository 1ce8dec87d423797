"""Forms for the plan and for payments recorded by hand; the services do the checking."""

from django import forms
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from .models import LedgerLine


class MonthInput(forms.DateInput):
    input_type = "month"

    def format_value(self, value):
        if hasattr(value, "strftime"):
            return value.strftime("%Y-%m")
        return value


class MonthField(forms.DateField):
    """A month as "2026-03" (the browser's month picker) or a date; stored as its first day."""

    widget = MonthInput
    input_formats = ["%Y-%m", "%Y-%m-%d", "%d-%m-%Y", "%m-%Y"]

    def to_python(self, value):
        day = super().to_python(value)
        return day.replace(day=1) if day else day


class PlanForm(forms.Form):
    amount_euro = forms.DecimalField(
        label=_("Amount per month in euro"),
        min_value=0.01,
        max_digits=7,
        decimal_places=2,
        localize=True,
        help_text=_("For example 10,00."),
    )
    start_month = MonthField(label=_("First month"), help_text=_("Year and month, e.g. 2026-03."))
    end_month = MonthField(
        label=_("Last month (optional)"),
        required=False,
        help_text=_("Leave empty when the contribution has no end yet."),
    )

    def service_values(self) -> dict:
        data = self.cleaned_data
        return {
            "amount_cents": int(data["amount_euro"] * 100),  # two decimals: exact
            "start_month": data["start_month"],
            "end_month": data["end_month"],
        }


def _month_choices(lines):
    return [(line.pk, date_format(line.month, "F Y").capitalize()) for line in lines]


class RecordPaymentForm(forms.Form):
    prefix = "payment"  # shares the page with WaiveForm: distinct ids for the labels
    month = forms.TypedChoiceField(label=_("Month"), coerce=int)
    method = forms.ChoiceField(
        label=_("How was it paid?"),
        choices=[
            (LedgerLine.Method.CASH, _("cash")),
            (LedgerLine.Method.BANK_TRANSFER, _("bank transfer")),
        ],
        widget=forms.RadioSelect,
    )
    paid_on = forms.DateField(
        label=_("Paid on"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        initial=timezone.localdate,
    )
    note = forms.CharField(label=_("Note (optional)"), max_length=200, required=False)

    def __init__(self, *args, open_lines, **kwargs):
        super().__init__(*args, **kwargs)
        month = self.fields["month"]
        assert isinstance(month, forms.ChoiceField)
        month.choices = _month_choices(open_lines)


class WaiveForm(forms.Form):
    prefix = "waive"
    month = forms.TypedChoiceField(label=_("Month"), coerce=int)
    reason = forms.CharField(
        label=_("Reason"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=1000,
        help_text=_("Only staff see this reason, never the participant's group."),
    )

    def __init__(self, *args, open_lines, **kwargs):
        super().__init__(*args, **kwargs)
        month = self.fields["month"]
        assert isinstance(month, forms.ChoiceField)
        month.choices = _month_choices(open_lines)
