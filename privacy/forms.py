from django import forms
from django.utils.translation import gettext_lazy as _

from .models import AccessLogEntry, ConsentChoice, Erasure


class AccessLogSearchForm(forms.Form):
    person = forms.CharField(
        label=_("Whose data (name or e-mail)"), required=False, max_length=100
    )
    actor = forms.CharField(label=_("By whom (name or e-mail)"), required=False, max_length=100)
    date_from = forms.DateField(
        label=_("From"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    date_to = forms.DateField(
        label=_("Up to and including"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    data_kind = forms.ChoiceField(
        label=_("Kind of data"),
        required=False,
        choices=[("", _("all kinds")), *list(AccessLogEntry.DataKind.choices)],
    )
    action = forms.ChoiceField(
        label=_("What happened"),
        required=False,
        choices=[("", _("everything")), *list(AccessLogEntry.Action.choices)],
    )

    def clean(self):
        super().clean()
        cleaned = self.cleaned_data
        start, end = cleaned.get("date_from"), cleaned.get("date_to")
        if start and end and end < start:
            self.add_error("date_to", _("The end date lies before the start date."))
        return cleaned


class ErasureForm(forms.Form):
    confirm = forms.BooleanField(
        label=_("I understand that my name, contact details and own notes are removed for good"),
        required=True,
    )


class StaffErasureForm(forms.Form):
    """The programme manager removes a former participant's data on their behalf."""

    reason = forms.ChoiceField(
        label=_("Why"),
        widget=forms.RadioSelect,
        choices=[
            (
                Erasure.Reason.REQUEST,
                _("They asked for it (by letter, e-mail, phone or in person)"),
            ),
            (
                Erasure.Reason.LEFT,
                _("They left the programme and their data are no longer needed"),
            ),
        ],
    )
    note = forms.CharField(
        label=_("Explanation (kept with the erasure; no health details)"),
        max_length=300,
        widget=forms.TextInput,
    )
    confirm = forms.BooleanField(
        label=_(
            "I understand that their name, contact details and own notes are removed for good"
        ),
        required=True,
    )

    def clean_note(self):
        note = self.cleaned_data["note"].strip()
        if not note:
            raise forms.ValidationError(_("Say briefly why, for example when they asked."))
        return note


class ConsentForm(forms.Form):
    purpose = forms.ChoiceField(choices=ConsentChoice.Purpose.choices)
    given = forms.TypedChoiceField(
        choices=[("yes", _("yes")), ("no", _("no"))], coerce=lambda value: value == "yes"
    )
