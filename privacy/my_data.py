"""The printable "Mijn gegevens" page: one person's own data per topic, in plain words.

Each topic is one query (or two with a prefetch), however much data there is, so the page
takes a fixed number of queries. Internal fields (ids, sequence numbers, raw scores,
seats, Stripe references) are left out; the JSON download (privacy.export) has them all.
"""

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from django.db.models import Prefetch
from django.utils import timezone
from django.utils.formats import date_format, localize
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from chat.models import ChatMessage
from contributions.models import LedgerLine
from contributions.money import euro_cents
from groups.models import GPConsent, Membership, ParticipantProfile
from health.models import CheckIn, Goal, Measurement, QuestionnaireResponse
from sessions.models import Attendance

from . import selectors
from .models import ConsentChoice

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise


@dataclass
class Topic:
    """One heading of the page: a short explanation and a table (or an empty note)."""

    title: str
    intro: str
    headings: list[str]
    rows: list[list[str]] = field(default_factory=list)
    empty: "StrOrPromise" = gettext_lazy("Nothing recorded.")  # noqa: RUF009 (immutable)
    facts: bool = False  # rows are (label, value) pairs of one list, not records

    @property
    def records(self) -> list[list[tuple[str, str]]]:
        """Each row as (heading, value) pairs: a card on the page, readable on a phone."""
        return [list(zip(self.headings, row, strict=True)) for row in self.rows]


def _day(value) -> str:
    if value is None:
        return "–"
    if hasattr(value, "tzinfo"):
        value = timezone.localtime(value)
    return date_format(value, "j F Y")


def _moment(value) -> str:
    return "–" if value is None else date_format(timezone.localtime(value), "j F Y, H:i")


def _yes_no(value: bool) -> str:
    return _("yes") if value else _("no")


def _text(value) -> str:
    return str(value) if value not in (None, "") else "–"


def details(person) -> Topic:
    profile = ParticipantProfile.objects.select_related("practice").filter(person=person).first()
    rows = [[_("Name"), _text(person.get_full_name())], [_("E-mail address"), person.email]]
    if person.display_name:
        rows.append([_("Name the group sees"), person.display_name])
    if profile is not None:
        needs = [
            label
            for flag, label in (
                (profile.needs_large_print, _("large print")),
                (profile.needs_hearing_support, _("hearing support")),
                (profile.needs_mobility_support, _("an accessible venue")),
            )
            if flag
        ]
        rows += [
            [_("Date of birth"), _day(profile.date_of_birth)],
            [_("Phone number"), _text(profile.phone)],
            [_("GP practice"), _text(profile.practice)],
            [_("GP"), _text(profile.gp_name)],
            [_("What helps you take part"), ", ".join(needs) or "–"],
            [_("Other needs or wishes"), _text(profile.other_needs)],
        ]
    return Topic(
        _("My details"), _("What we know about you."), [_("What"), _("Recorded")], rows, facts=True
    )


def _memberships(person):
    return list(
        Membership.objects.filter(person=person).select_related("cohort").order_by("created_at")
    )


def group(memberships) -> Topic:
    rows = [
        [
            m.cohort.name,
            m.get_role_display(),
            m.get_status_display(),
            _day(m.accepted_at),
            _day(m.ended_at),
            _text(m.end_reason),
        ]
        for m in memberships
    ]
    return Topic(
        _("My group"),
        _("The groups you were invited to or took part in."),
        [_("Group"), _("Role"), _("Status"), _("Joined"), _("Left"), _("Reason for leaving")],
        rows,
    )


def sessions(person) -> Topic:
    attendance = (
        Attendance.objects.filter(person=person)
        .select_related("session")
        .order_by("session__starts_at")
    )
    rows = [
        [
            _day(a.session.starts_at),
            _text(a.session.title),
            a.get_status_display(),
            _text(a.reason),
        ]
        for a in attendance
    ]
    return Topic(
        _("Sessions"),
        _("Whether you were there, as the coach or an aanjager noted it."),
        [_("Date"), _("Session"), _("Attendance"), _("Reason")],
        rows,
    )


def goals(memberships) -> Topic:
    found = (
        Goal.objects.filter(membership__in=memberships)
        .select_related("current_version")
        .prefetch_related(Prefetch("check_ins", queryset=CheckIn.objects.order_by("created_at")))
        .order_by("created_at")
    )
    rows = []
    for goal in found:
        version = goal.current_version
        rows.append(
            [
                _text(version.title if version else ""),
                _text(version.actions if version else ""),
                goal.get_sharing_display(),
                goal.get_status_display(),
                "; ".join(
                    f"{_day(c.created_at)}: {c.confidence}/10 {c.note}".strip()
                    for c in goal.check_ins.all()
                )
                or "–",
            ]
        )
    return Topic(
        _("Goals and check-ins"),
        _("The goals you set yourself, and how you said it was going."),
        [_("My goal"), _("What I will do"), _("Who may see it"), _("Status"), _("Check-ins")],
        rows,
    )


def values(memberships) -> Topic:
    found = Measurement.objects.filter(membership__in=memberships).order_by(
        "measure", "measured_on"
    )
    rows = [
        [
            m.get_measure_display(),
            f"{localize(m.display_value)} {m.unit}".strip(),
            _day(m.measured_on),
            m.get_source_display(),
        ]
        for m in found
    ]
    return Topic(
        _("Values"),
        _("Your measurements, such as weight, HbA1c and blood pressure."),
        [_("Measure"), _("Value"), _("Measured on"), _("Where from")],
        rows,
    )


def questionnaires(memberships) -> Topic:
    found = (
        QuestionnaireResponse.objects.filter(membership__in=memberships)
        .select_related("instrument")
        .order_by("completed_on")
    )
    rows = [
        [r.instrument.name, _day(r.completed_on), _text(localize(r.score) if r.score else "")]
        for r in found
    ]
    return Topic(
        _("Questionnaires"),
        _("The questionnaires you filled in, with the score."),
        [_("Questionnaire"), _("Filled in on"), _("Score")],
        rows,
    )


def contributions(memberships) -> Topic:
    found = LedgerLine.objects.filter(membership__in=memberships).order_by("month")
    rows = [
        [
            date_format(line.month, "F Y"),
            euro_cents(line.amount_cents),
            line.get_status_display(),
            _text(line.get_method_display() if line.method else ""),
            _day(line.paid_on),
        ]
        for line in found
    ]
    return Topic(
        _("Contributions"),
        _("Your monthly contribution, month by month."),
        [_("Month"), _("Amount"), _("Status"), _("Paid by"), _("Paid on")],
        rows,
    )


def chat_messages(person) -> Topic:
    found = (
        ChatMessage.objects.filter(author=person)
        .select_related("room__cohort")
        .order_by("created_at")
    )
    rows = []
    for message in found:
        if message.deleted_at is not None:
            text = _("(you deleted this message)")
        elif message.hidden_at is not None:
            text = _("%(text)s (hidden by a moderator)") % {"text": message.body}
        else:
            text = message.body
        rows.append([_moment(message.created_at), message.room.cohort.name, text])
    return Topic(
        _("Chat messages"),
        _("The messages you wrote in the group chat."),
        [_("When"), _("Group"), _("Message")],
        rows,
    )


def consents(person, memberships) -> Topic:
    rows = [
        [_("Your GP agreed that you take part"), _day(c.given_on), _text(c.gp_name)]
        for c in GPConsent.objects.filter(membership__in=memberships).order_by("given_on")
    ]
    rows += [
        [
            _("You agreed to the group's agreements"),
            _day(m.accepted_at),
            m.cohort.name,
        ]
        for m in memberships
        if m.accepted_at
    ]
    rows += [
        [c.get_purpose_display(), _moment(c.at), _("agreed") if c.given else _("withdrawn")]
        for c in ConsentChoice.objects.filter(person=person).order_by("at")
    ]
    return Topic(
        _("Consents"),
        _("What you and your GP agreed to, and what you withdrew."),
        [_("What"), _("When"), _("Details")],
        rows,
    )


def access(person) -> Topic:
    rows = [
        [
            _moment(entry.at),
            entry.actor.public_name if entry.actor else _("the platform itself"),
            entry.get_actor_role_display(),
            entry.get_action_display(),
            entry.get_data_kind_display(),
        ]
        for entry in selectors.access_to_my_data(person=person)
    ]
    return Topic(
        _("Who looked at my data"),
        _("Who viewed, changed or downloaded your data, and when."),
        [_("When"), _("Who"), _("As"), _("What happened"), _("Which data")],
        rows,
    )


def topics(person) -> list[Topic]:
    memberships = _memberships(person)
    return [
        details(person),
        group(memberships),
        goals(memberships),
        values(memberships),
        questionnaires(memberships),
        sessions(person),
        contributions(memberships),
        chat_messages(person),
        consents(person, memberships),
        access(person),
    ]
