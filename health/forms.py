from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .measures import MEASURES
from .models import Goal, GoalVersion, Measurement


class GoalForm(forms.ModelForm):
    """The goal in the participant's own words, with what makes it work."""

    class Meta:
        model = GoalVersion
        fields = [
            "title",
            "why",
            "actions",
            "timeline",
            "target_date",
            "progress_sign",
            "when_hard",
            "support",
        ]
        widgets = {
            "why": forms.Textarea(attrs={"rows": 3}),
            "actions": forms.Textarea(attrs={"rows": 3}),
            "progress_sign": forms.Textarea(attrs={"rows": 2}),
            "when_hard": forms.Textarea(attrs={"rows": 2}),
            "target_date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        }
        help_texts = {
            "title": _("For example: three times a week a half-hour walk with my neighbour."),
            "why": _("The life goal behind it: what do you want to be able to do again?"),
            "actions": _("Small, concrete steps: what, when, where."),
            "timeline": _("For example: from next week, every Monday, Wednesday and Friday."),
            "progress_sign": _("What will you notice, or what will others notice?"),
            "when_hard": _("What helps you keep going on a bad day?"),
            "support": _("A person, the group, your coach."),
        }


class NewGoalForm(GoalForm):
    sharing = forms.ChoiceField(
        label=_("Who may see this goal"),
        choices=Goal.Sharing.choices,
        initial=Goal.Sharing.PRIVATE,
        widget=forms.RadioSelect,
        help_text=_("Your coach always sees your goals. Funders never do."),
    )


class SharingForm(forms.Form):
    sharing = forms.ChoiceField(choices=Goal.Sharing.choices)


class CheckInForm(forms.Form):
    confidence = forms.TypedChoiceField(
        label=_("How confident are you that you will reach this goal?"),
        help_text=_("0 is not at all, 10 is completely sure."),
        choices=[(str(n), str(n)) for n in range(11)],
        coerce=int,
        widget=forms.RadioSelect(attrs={"class": "scale"}),
        error_messages={"required": _("Choose a number from 0 to 10.")},
    )
    note = forms.CharField(
        label=_("How is it going? (optional)"),
        max_length=500,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class MeasurementForm(forms.Form):
    """All values measured on one day; the service checks units and ranges."""

    measured_on = forms.DateField(
        label=_("Date of the measurement"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    source = forms.ChoiceField(
        label=_("Where does the value come from?"), choices=Measurement.Source.choices
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["measured_on"].initial = timezone.localdate()
        for key, measure in MEASURES.items():
            if measure.yes_no:
                self.fields[key] = forms.ChoiceField(
                    label=measure.label,
                    required=False,
                    choices=[("", _("not measured")), ("0", _("no")), ("1", _("yes"))],
                )
                continue
            label = f"{measure.label} ({measure.unit})" if measure.unit else measure.label
            # Text, not a number field: the service explains a wrong unit in words, and
            # "7,2" with a Dutch comma is accepted.
            self.fields[key] = forms.CharField(
                label=label,
                required=False,
                max_length=10,
                widget=forms.TextInput(attrs={"inputmode": "decimal", "autocomplete": "off"}),
            )

    def measure_values(self) -> dict[str, str]:
        return {key: self.cleaned_data.get(key, "") for key in MEASURES}


class QuestionnaireForm(forms.Form):
    """One radio group per item; the service refuses too few answers and names the open ones."""

    def __init__(self, *args, instrument, **kwargs):
        super().__init__(*args, **kwargs)
        options = [(str(o.value), o.label) for o in instrument.options.all()]
        self.items = list(instrument.items.all())
        for item in self.items:
            self.fields[f"item_{item.number}"] = forms.TypedChoiceField(
                label=f"{item.number}. {item.text}",
                choices=options,
                coerce=int,
                required=False,
                empty_value=None,
                widget=forms.RadioSelect,
            )

    def answers(self) -> dict[int, int | None]:
        return {item.number: self.cleaned_data.get(f"item_{item.number}") for item in self.items}


class MeasurementMomentsForm(forms.Form):
    """The cohort's timing of baseline, 6 and 12 months: months after the start and window."""

    def __init__(self, *args, moments, **kwargs):
        super().__init__(*args, **kwargs)
        self.moments = moments
        for moment in moments:
            self.fields[f"{moment.key}_months"] = forms.IntegerField(
                label=_("Months after the start"),
                min_value=0,
                max_value=36,
                initial=moment.months_after_start,
            )
            self.fields[f"{moment.key}_window"] = forms.IntegerField(
                label=_("Window in days before and after"),
                min_value=1,
                max_value=120,
                initial=moment.window_days,
            )

    def rows(self):
        return [
            (moment, self[f"{moment.key}_months"], self[f"{moment.key}_window"])
            for moment in self.moments
        ]

    def timing(self) -> dict[str, tuple[int, int]]:
        return {
            moment.key: (
                self.cleaned_data[f"{moment.key}_months"],
                self.cleaned_data[f"{moment.key}_window"],
            )
            for moment in self.moments
        }
