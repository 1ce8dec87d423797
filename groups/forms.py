from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from .models import Cohort, Funder, GPConsent, Membership, Practice


class DateInput(forms.DateInput):
    """The browser's own date picker; it shows dd-mm-jjjj to Dutch users."""

    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs=attrs, format="%Y-%m-%d")


class CohortForm(forms.ModelForm):
    monthly_contribution = forms.DecimalField(
        label=_("Monthly contribution (euro)"),
        min_value=0,
        max_digits=6,
        decimal_places=2,
        localize=True,  # "7,50" in Dutch
    )

    class Meta:
        model = Cohort
        fields = ["name", "meeting_place", "start_date", "planned_end_date"]
        widgets = {"start_date": DateInput(), "planned_end_date": DateInput()}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.initial["monthly_contribution"] = self.instance.monthly_contribution_cents / 100

    def clean(self):
        super().clean()
        cleaned = self.cleaned_data
        euros = cleaned.pop("monthly_contribution", None)
        if euros is not None:
            cleaned["monthly_contribution_cents"] = int(euros * 100)
        return cleaned


class CohortFundersForm(forms.Form):
    funders = forms.ModelMultipleChoiceField(
        label=_("Funders"),
        queryset=Funder.objects.all(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )


class AssignCoachForm(forms.Form):
    email = forms.EmailField(
        label=_("Coach's e-mail address"),
        help_text=_("If this person has no account yet, one is made; they log in by code."),
    )
    first_name = forms.CharField(label=_("First name"), max_length=150, required=False)


class StartCohortForm(forms.Form):
    confirm_small_start = forms.BooleanField(
        label=_("Start with fewer than 16 participants"), required=False
    )
    reason = forms.CharField(
        label=_("Reason (needed when starting with fewer than 16)"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
    )


class ReasonForm(forms.Form):
    category = forms.ChoiceField(
        label=_("What kind of reason is it?"),
        choices=[("", "---------"), *Membership.LeaveReason.choices],
    )
    reason = forms.CharField(
        label=_("Reason"), widget=forms.Textarea(attrs={"rows": 3}), max_length=2000
    )


class ReferralForm(forms.Form):
    cohort = forms.ModelChoiceField(label=_("Cohort"), queryset=Cohort.objects.none())
    first_name = forms.CharField(label=_("First name"), max_length=150)
    last_name = forms.CharField(label=_("Last name"), max_length=150)
    email = forms.EmailField(label=_("E-mail address"))
    date_of_birth = forms.DateField(label=_("Date of birth"), widget=DateInput())
    practice = forms.ModelChoiceField(label=_("GP practice"), queryset=Practice.objects.none())
    gp_name = forms.CharField(label=_("GP name"), max_length=150)
    phone = forms.CharField(label=_("Phone number"), max_length=30, required=False)
    needs_large_print = forms.BooleanField(label=_("Needs large print"), required=False)
    needs_hearing_support = forms.BooleanField(label=_("Needs hearing support"), required=False)
    needs_mobility_support = forms.BooleanField(
        label=_("Needs an accessible venue (mobility)"), required=False
    )
    other_needs = forms.CharField(
        label=_("Other needs or preferences"),
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
    )
    age_exception_reason = forms.CharField(
        label=_("Reason, if the person is younger than 45 or older than 75 at the start"),
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
    )

    def __init__(self, *args, cohorts, practices, **kwargs):
        super().__init__(*args, **kwargs)
        for name, choices in (("cohort", cohorts), ("practice", practices)):
            field = self.fields[name]
            assert isinstance(field, forms.ModelChoiceField)
            field.queryset = choices
        if practices.count() == 1:
            self.fields["practice"].initial = practices.first()


class ConsentForm(forms.Form):
    gp_name = forms.CharField(label=_("GP name"), max_length=150)
    given_on = forms.DateField(label=_("Date the GP gave consent"), widget=DateInput())
    method = forms.ChoiceField(
        label=_("How the GP gave consent"), choices=GPConsent.Method.choices
    )
    explicit = forms.BooleanField(
        label=_("The GP has explicitly agreed that this patient takes part."),
        error_messages={"required": _("Consent must be explicit: tick this box to confirm.")},
    )


class AcceptInvitationForm(forms.Form):
    agreement = forms.BooleanField(
        label=_("I have read the programme agreement and I agree to it."), required=False
    )
    privacy = forms.BooleanField(
        label=_("I have read the privacy statement and I agree to it."), required=False
    )


def add_service_error(form: forms.BaseForm, error: ValidationError) -> None:
    """Shows a service's ValidationError on the form: by field where it names one.

    Every app's views use it after calling a service (services raise, views show).
    """
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error)
