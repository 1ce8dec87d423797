"""Forms of the safety net: thin, the services validate and refuse."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from groups.forms import DateInput

from .medicines import KNOWN_DRUGS
from .models import GlucoseReading, Medication, MedicationChange, PracticeProtocol
from .services.reports import ACTIONS, SYMPTOMS


class MedicationForm(forms.Form):
    name = forms.CharField(
        label=_("Medicine"),
        max_length=100,
        help_text=_("Choose from the list, or type the name from the box or the leaflet."),
        widget=forms.TextInput(attrs={"list": "known-drugs", "autocomplete": "off"}),
    )
    category = forms.ChoiceField(
        label=_("What is it for? (only for a name not on the list)"),
        choices=[("", "---------"), *Medication.Category.choices],
        required=False,
    )
    dose = forms.CharField(
        label=_("Dose"), max_length=100, help_text=_("For example: 500 mg twice a day.")
    )
    started_on = forms.DateField(label=_("Started on"), widget=DateInput())
    agreed_with = forms.ChoiceField(
        label=_("Prescribed or agreed with"), choices=MedicationChange.AgreedWith.choices
    )
    agreed_by_name = forms.CharField(label=_("Name (optional)"), max_length=150, required=False)

    known_drugs = sorted(KNOWN_DRUGS)


class MedicationChangeForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("What changed?"),
        choices=[
            (MedicationChange.Kind.REDUCED, _("Lower dose (reduced)")),
            (MedicationChange.Kind.INCREASED, _("Higher dose")),
            (MedicationChange.Kind.STOPPED, _("Stopped")),
        ],
        widget=forms.RadioSelect,
    )
    dose_after = forms.CharField(
        label=_("New dose (not needed when stopped)"), max_length=100, required=False
    )
    effective_on = forms.DateField(label=_("From"), widget=DateInput())
    agreed_with = forms.ChoiceField(
        label=_("Agreed with"), choices=MedicationChange.AgreedWith.choices
    )
    agreed_by_name = forms.CharField(
        label=_("Name of who agreed (optional)"), max_length=150, required=False
    )


class DateTimeLocalInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, attrs=None):
        super().__init__(attrs, format="%Y-%m-%dT%H:%M")


def _now_local():
    return timezone.localtime().replace(second=0, microsecond=0)


class GlucoseForm(forms.Form):
    value = forms.CharField(
        label=_("Blood sugar (mmol/L)"),
        max_length=10,
        help_text=_("The number on your meter, for example 5,8."),
        widget=forms.TextInput(attrs={"inputmode": "decimal", "autocomplete": "off"}),
    )
    context = forms.ChoiceField(
        label=_("When did you measure?"),
        choices=GlucoseReading.Context.choices,
        widget=forms.RadioSelect,
    )
    measured_at = forms.DateTimeField(
        label=_("Date and time"), initial=_now_local, widget=DateTimeLocalInput()
    )


class HypoForm(forms.Form):
    occurred_at = forms.DateTimeField(
        label=_("When did it happen?"), initial=_now_local, widget=DateTimeLocalInput()
    )
    value = forms.CharField(
        label=_("Blood sugar (mmol/L), if you measured"),
        max_length=10,
        required=False,
        widget=forms.TextInput(attrs={"inputmode": "decimal", "autocomplete": "off"}),
    )
    symptoms = forms.MultipleChoiceField(
        label=_("What did you feel?"),
        choices=list(SYMPTOMS.items()),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    symptoms_other = forms.CharField(label=_("Something else"), max_length=200, required=False)
    action_taken = forms.ChoiceField(
        label=_("What did you do?"), choices=list(ACTIONS.items()), widget=forms.RadioSelect
    )
    action_other = forms.CharField(label=_("What else?"), max_length=200, required=False)
    needed_help = forms.TypedChoiceField(
        label=_("Did someone else have to help you?"),
        choices=[("no", _("No, I managed myself")), ("yes", _("Yes, someone had to help me"))],
        coerce=lambda value: value == "yes",
        widget=forms.RadioSelect,
    )


class CommentForm(forms.Form):
    text = forms.CharField(
        label=_("Comment"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class ProtocolForm(forms.ModelForm):
    class Meta:
        model = PracticeProtocol
        fields = ["hypo_below", "high_above", "high_count", "high_days", "second_contact"]

    def __init__(self, *args, contacts=None, **kwargs):
        super().__init__(*args, **kwargs)
        second_contact = self.fields["second_contact"]
        assert isinstance(second_contact, forms.ModelChoiceField)
        second_contact.queryset = contacts
        second_contact.help_text = _(
            "Gets alerts nobody acknowledged in time, with the programme manager."
        )
