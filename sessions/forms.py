import datetime
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from groups.forms import DateInput
from groups.models import Cohort, Membership

from .models import DEFAULT_VOTES_PER_PERSON, Attendance, Session, ThemeProposal
from .services import default_themes_to_choose, local_datetime


def _model_choices(form: forms.BaseForm, name: str) -> forms.ModelChoiceField[Any]:
    """The form's field of that name, a choice of rows (to set its queryset)."""
    field = form.fields[name]
    assert isinstance(field, forms.ModelChoiceField)
    return field


class TimeInput(forms.TimeInput):
    input_type = "time"

    def __init__(self, attrs=None):
        super().__init__(attrs=attrs, format="%H:%M")


def theme_pages():
    """Theme pages of the library (cms/), when that app offers them; none otherwise."""
    from wagtail.models import Page

    try:
        from cms.selectors import theme_pages_for_choice
    except ImportError:  # the theme library is optional for this app
        return Page.objects.none()
    return theme_pages_for_choice()


class ProposalForm(forms.Form):
    title = forms.CharField(
        label=_("Theme"),
        max_length=120,
        required=False,
        help_text=_("Leave empty to use the title of the page from the theme library."),
    )
    reason = forms.CharField(
        label=_("Why does this matter to you?"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        max_length=2000,
    )
    library_page: forms.ModelChoiceField[Any] = forms.ModelChoiceField(
        label=_("From the theme library (optional)"),
        queryset=None,
        required=False,
        empty_label=_("No page from the library"),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        library = theme_pages()
        _model_choices(self, "library_page").queryset = library
        if not library.exists():
            del self.fields["library_page"]
            self.fields["title"].help_text = ""

    def clean(self):
        super().clean()
        cleaned = self.cleaned_data
        if not cleaned.get("title", "").strip() and not cleaned.get("library_page"):
            self.add_error("title", _("Give the theme a name."))
        return cleaned


class OpenRoundForm(forms.Form):
    votes_per_person = forms.IntegerField(
        label=_("Votes per participant"),
        min_value=1,
        max_value=10,
        initial=DEFAULT_VOTES_PER_PERSON,
    )


class CloseRoundForm(forms.Form):
    themes_to_choose = forms.IntegerField(
        label=_("How many themes does the group choose?"),
        help_text=_("Themes that tie for the last place are all chosen."),
        min_value=1,
        max_value=10,
    )

    def __init__(self, *args, open_proposals: int | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        if open_proposals is not None:  # the suggested number, on the page that shows it
            self.fields["themes_to_choose"].initial = default_themes_to_choose(open_proposals)


class VoteForm(forms.Form):
    """One number per open proposal; the service checks the total against the limit."""

    def __init__(self, *args, proposals, votes_per_person: int, **kwargs):
        super().__init__(*args, **kwargs)
        self.proposals = proposals
        for ranked in proposals:
            self.fields[f"votes_{ranked.proposal.pk}"] = forms.IntegerField(
                label=_("Votes for “%(title)s”") % {"title": ranked.proposal.title},
                min_value=0,
                max_value=votes_per_person,
                initial=ranked.mine,
                required=False,
            )

    def allocation(self) -> dict[int, int]:
        return {
            int(name.removeprefix("votes_")): value or 0
            for name, value in self.cleaned_data.items()
            if name.startswith("votes_")
        }


def facilitators(cohort: Cohort):
    return User.objects.filter(
        memberships__cohort=cohort,
        memberships__status=Membership.Status.ACTIVE,
        memberships__role__in=[Membership.Role.COACH, Membership.Role.AANJAGER],
    ).order_by("display_name", "first_name")


class FacilitatorChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return obj.public_name


class SessionForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=150)
    date = forms.DateField(label=_("Date"), widget=DateInput())
    start_time = forms.TimeField(label=_("Start time"), widget=TimeInput())
    end_time = forms.TimeField(label=_("End time"), widget=TimeInput())
    place = forms.CharField(label=_("Place"), max_length=200, required=False)
    online_url = forms.URLField(
        label=_("Online link"),
        required=False,
        help_text=_("Only for a session online, e.g. a video call."),
    )
    themes = forms.ModelMultipleChoiceField(
        label=_("Themes chosen by the group"),
        queryset=ThemeProposal.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    facilitator = FacilitatorChoiceField(
        label=_("Led by"),
        queryset=User.objects.none(),
        required=False,
        empty_label=_("Nobody yet, or a guest"),
    )
    guest_facilitator = forms.CharField(
        label=_("Or a guest who leads it"),
        max_length=150,
        required=False,
        help_text=_("For example: Mirjam Smit, dietitian."),
    )
    agenda = forms.CharField(
        label=_("Agenda"), widget=forms.Textarea(attrs={"rows": 4}), required=False
    )
    notes = forms.CharField(
        label=_("Notes after the meeting"),
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
    )
    material_page: forms.ModelChoiceField[Any] = forms.ModelChoiceField(
        label=_("Material from the theme library"),
        queryset=None,
        required=False,
        empty_label=_("No page from the library"),
    )

    def __init__(self, *args, cohort: Cohort, themes, session: Session | None = None, **kw):
        if session is not None:
            start = timezone.localtime(session.starts_at)
            kw.setdefault(
                "initial",
                {
                    "title": session.title,
                    "date": start.date(),
                    "start_time": start.time(),
                    "end_time": timezone.localtime(session.ends_at).time(),
                    "place": session.place,
                    "online_url": session.online_url,
                    "themes": list(session.themes.all()),
                    "facilitator": session.facilitator,
                    "guest_facilitator": session.guest_facilitator,
                    "agenda": session.agenda,
                    "notes": session.notes,
                    "material_page": session.material_page_id,
                },
            )
        super().__init__(*args, **kw)
        _model_choices(self, "themes").queryset = themes
        _model_choices(self, "facilitator").queryset = facilitators(cohort)
        library = theme_pages()
        _model_choices(self, "material_page").queryset = library
        if not library.exists():
            del self.fields["material_page"]
        if session is None:
            del self.fields["notes"]
            self.fields["place"].initial = cohort.meeting_place

    def clean(self):
        super().clean()
        cleaned = self.cleaned_data
        date, start, end = (cleaned.get(k) for k in ("date", "start_time", "end_time"))
        if date and start and end:
            cleaned["starts_at"] = local_datetime(date, start)
            cleaned["ends_at"] = local_datetime(date, end)
            if end <= start:
                self.add_error("end_time", _("A session must end after it starts."))
        if not cleaned.get("place") and not cleaned.get("online_url"):
            self.add_error("place", _("Fill in a place or an online link."))
        return cleaned

    def service_fields(self) -> dict:
        data = dict(self.cleaned_data)
        for key in ("date", "start_time", "end_time"):
            data.pop(key)
        return data


class SeriesForm(forms.Form):
    title = forms.CharField(
        label=_("Title"),
        max_length=140,
        initial=_("Group meeting"),
        help_text=_("Each session gets a number after it, e.g. “Group meeting 3”."),
    )
    first_date = forms.DateField(label=_("Date of the first session"), widget=DateInput())
    start_time = forms.TimeField(
        label=_("Start time"), widget=TimeInput(), initial=datetime.time(19, 0)
    )
    end_time = forms.TimeField(
        label=_("End time"), widget=TimeInput(), initial=datetime.time(21, 0)
    )
    every_weeks = forms.TypedChoiceField(
        label=_("First, how often"),
        choices=[(1, _("every week")), (2, _("every two weeks")), (3, _("every three weeks"))],
        coerce=int,
        initial=2,
    )
    regular_count = forms.IntegerField(
        label=_("Number of sessions in this first part"), min_value=0, max_value=30, initial=6
    )
    monthly_count = forms.IntegerField(
        label=_("Then, number of monthly sessions"),
        help_text=_("On the same weekday and week of the month, e.g. every second Tuesday."),
        min_value=0,
        max_value=30,
        initial=9,
    )
    place = forms.CharField(label=_("Place"), max_length=200, required=False)
    online_url = forms.URLField(label=_("Online link"), required=False)

    def __init__(self, *args, cohort: Cohort, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["place"].initial = cohort.meeting_place

    def clean(self):
        super().clean()
        cleaned = self.cleaned_data
        if not cleaned.get("place") and not cleaned.get("online_url"):
            self.add_error("place", _("Fill in a place or an online link."))
        return cleaned


class CancelForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason for cancelling"),
        help_text=_("Members get this in their e-mail."),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
    )


class AttendanceForm(forms.Form):
    """For each active participant: present, absent or excused, and a reason if excused.

    Unbound, each row starts from its saved line or else the sign-up (see
    ``selectors.RegisterRow.suggestion``); ``everyone_present`` starts every row at present
    (the "Iedereen aanwezig" button without JavaScript). Errors are given per row, with the
    person's name, so that the summary at the top can link to each of them.
    """

    def __init__(self, *args, register, everyone_present: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.rows = []
        for row in register:
            pid, name = row.membership.person_id, row.membership.person.public_name
            status, reason = row.suggestion
            if everyone_present:
                status, reason = Attendance.Status.PRESENT, ""
            self.fields[f"status_{pid}"] = forms.ChoiceField(
                label=name,
                choices=Attendance.Status.choices,
                widget=forms.RadioSelect,
                initial=status,
                error_messages={
                    "required": _("Choose whether %(name)s was present, absent or excused.")
                    % {"name": name}
                },
            )
            self.fields[f"reason_{pid}"] = forms.CharField(
                label=_("Reason for %(name)s, if excused") % {"name": name},
                max_length=300,
                required=False,
                initial=reason,
            )
            self.rows.append((row, self[f"status_{pid}"], self[f"reason_{pid}"]))

    def entries(self) -> dict[int, tuple[str, str]]:
        return {
            int(name.removeprefix("status_")): (
                value,
                self.cleaned_data.get(f"reason_{name.removeprefix('status_')}", ""),
            )
            for name, value in self.cleaned_data.items()
            if name.startswith("status_")
        }

    def clean(self):
        super().clean()
        cleaned = self.cleaned_data
        for row, status, reason in self.rows:
            if (
                cleaned.get(status.name) == Attendance.Status.EXCUSED
                and not cleaned.get(reason.name, "").strip()
            ):
                self.add_error(
                    reason.name,
                    _("Give the reason why %(name)s was excused.")
                    % {"name": row.membership.person.public_name},
                )
        return cleaned

    def error_links(self) -> list[tuple[str, str]]:
        """(the id of the field to go to, the message) for the summary above the register."""
        links: list[tuple[str, str]] = []
        for _row, status, reason in self.rows:
            for field, target in ((status, f"{status.auto_id}_0"), (reason, reason.auto_id)):
                links.extend((target, str(message)) for message in field.errors)
        return links
