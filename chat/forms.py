import datetime
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .models import MAX_MESSAGE_LENGTH, MAX_REASON_LENGTH
from .reminders import MORNING, quick_choices


class MessageForm(forms.Form):
    # No maxlength attribute: the service explains a too-long message instead of the
    # browser cutting it off silently.
    body = forms.CharField(
        label=_("Your message"),
        help_text=_("At most %(max)d characters. Links become clickable.")
        % {"max": MAX_MESSAGE_LENGTH},
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class HideForm(forms.Form):
    reason = forms.CharField(
        label=_("Why are you hiding this message?"),
        help_text=_("The group sees this reason instead of the message."),
        max_length=MAX_REASON_LENGTH,
    )


class ReminderForm(forms.Form):
    """When to be reminded: a ready-made moment, or a day and time of one's own."""

    when = forms.ChoiceField(label=_("When shall we remind you?"), widget=forms.RadioSelect)
    day = forms.DateField(
        label=_("Day"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        help_text=_("Only for 'On a day of my choice'."),
    )
    time = forms.TimeField(
        label=_("Time"),
        required=False,
        initial=MORNING,
        widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
    )

    def __init__(self, *args, now: datetime.datetime | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.quick = {choice.key: choice for choice in quick_choices(now)}
        when = self.fields["when"]
        assert isinstance(when, forms.ChoiceField)
        when.choices = [
            *((key, choice.label) for key, choice in self.quick.items()),
            ("other", _("On a day of my choice")),
        ]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        when = data.get("when")
        if when in self.quick:
            data["remind_at"] = self.quick[when].at
        elif when == "other":
            if not data.get("day"):
                self.add_error("day", _("Fill in the day."))
            else:
                moment = datetime.datetime.combine(data["day"], data.get("time") or MORNING)
                data["remind_at"] = timezone.make_aware(moment)
        return data
