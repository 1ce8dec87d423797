"""Writes for data rights: erasure (pseudonymisation), retention, consent choices."""

import datetime
from collections.abc import Iterable
from typing import Any

from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from allauth.usersessions.models import UserSession
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models import QuerySet
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from accounts.models import User
from groups.models import Cohort, Membership, ParticipantProfile
from groups.roles import is_staff_person

from . import access_log
from .models import ConsentChoice, Erasure
from .signals import person_erased

# Apps whose rows hold the participant's own words about their health; group content
# (chat messages, theme proposals) stays, under the pseudonym "former participant".
SCRUBBED_APPS = {"health"}


def erasure_refusal(person: User, *, by: User | None = None) -> str | None:
    """Why this person cannot be erased now, or None when they can.

    ``by``: the staff member acting on the person's behalf (the wording is for them).
    """
    on_behalf = by is not None and by.pk != person.pk
    if Erasure.objects.filter(person=person).exists():
        return _("These data have already been removed.")
    if is_staff_person(person):
        return _("Staff accounts are removed by the programme manager.")
    if Membership.objects.filter(person=person, status__in=Membership.OPEN_STATUSES).exists():
        if on_behalf:
            return _(
                "This person is still in a group (or invited to one). End their membership "
                "first; then their data can be removed."
            )
        return _("Leave your group first; then you can have your data removed.")
    return None


@transaction.atomic
def erase_person(
    *, person: User, by: User | None, reason: str = Erasure.Reason.REQUEST, note: str = ""
) -> Erasure:
    """Removes a former participant's personal data; the counts the reports use stay.

    The same for every path: the person themselves, the programme manager on their behalf
    or after they left (``by`` the manager, with a ``note`` saying why), and retention
    (``by`` None). Who did it is in the access log entry.

    Name, e-mail address, phone, date of birth (kept as 1 July of the year, for age
    groups), GP, needs, reasons for leaving and their own words in health records are
    removed; the account is closed and every session ended; a share with the practice ends
    and research consent is withdrawn; apps that keep other words of the person listen to
    ``signals.person_erased``. Membership rows, attendance,
    measurements and payments stay, tied to the pseudonym, so aggregates do not move.
    """
    person = User.objects.select_for_update().get(pk=person.pk)
    refusal = erasure_refusal(person, by=by)
    if refusal:
        raise ValidationError(refusal)
    with translation.override(settings.LANGUAGE_CODE):
        pseudonym = _("Former participant")
    person.email = f"verwijderd-{person.pk}@herstelcirkel.invalid"
    person.first_name = ""
    person.last_name = ""
    person.display_name = pseudonym
    person.is_active = False
    person.set_unusable_password()
    person.save()
    EmailAddress.objects.filter(user=person).delete()
    Authenticator.objects.filter(user=person).delete()
    for session in UserSession.objects.filter(user=person):
        session.end()
    for profile in ParticipantProfile.objects.filter(person=person):
        ParticipantProfile.objects.filter(pk=profile.pk).update(
            date_of_birth=datetime.date(profile.date_of_birth.year, 7, 1),
            gp_name="",
            phone="",
            needs_large_print=False,
            needs_hearing_support=False,
            needs_mobility_support=False,
            other_needs="",
        )
    Membership.objects.filter(person=person).update(end_reason="")
    _scrub_own_words(person)
    if consent_given(person=person, purpose=ConsentChoice.Purpose.RESEARCH):
        # research exports made from now on leave the person out (earlier ones stay as made)
        ConsentChoice.objects.create(
            person=person, purpose=ConsentChoice.Purpose.RESEARCH, given=False
        )
    person_erased.send(sender=Erasure, person=person)
    erasure = Erasure.objects.create(person=person, reason=reason, note=note)
    access_log.record(
        actor=by,
        subject=person,
        action=access_log.Action.ERASE,
        data_kind=access_log.DataKind.ALL_DATA,
        actor_role=None if by is not None else access_log.ActorRole.SYSTEM,
    )
    return erasure


def _scrub_own_words(person: User) -> None:
    from .export import collect

    for section in collect(person):
        if section.model._meta.app_label not in SCRUBBED_APPS:
            continue
        text_fields = [
            f
            for f in section.model._meta.concrete_fields
            if isinstance(f, models.CharField | models.TextField) and not f.choices
        ]
        changes = {f.name: ("" if f.blank else "–") for f in text_fields}
        if changes:
            section.model._default_manager.filter(pk__in=[r.pk for r in section.rows]).update(
                **changes
            )


def people_past_retention(*, today: datetime.date | None = None) -> list[User]:
    """Former participants of cohorts finished longer ago than the retention period."""
    today = today or timezone.localdate()
    cutoff = today - datetime.timedelta(days=settings.DATA_RETENTION_DAYS_AFTER_FINISH)
    finished = Cohort.objects.filter(status=Cohort.Status.FINISHED, finished_at__date__lt=cutoff)
    candidates = (
        User.objects.filter(
            memberships__cohort__in=finished,
            memberships__role__in=Membership.PARTICIPANT_ROLES,
        )
        .exclude(erasure__isnull=False)
        .distinct()
    )
    return [person for person in candidates if erasure_refusal(person) is None]


def apply_retention(*, today: datetime.date | None = None) -> int:
    """Pseudonymises everyone past the retention period; returns how many."""
    people = people_past_retention(today=today)
    for person in people:
        erase_person(person=person, by=None, reason=Erasure.Reason.RETENTION)
    return len(people)


# Optional uses and whether they apply until the participant says otherwise: the coach's
# view of measurements is part of the programme agreement (withdrawable); research is not.
CONSENT_DEFAULTS = {
    ConsentChoice.Purpose.COACH_MEASUREMENTS: True,
    ConsentChoice.Purpose.RESEARCH: False,
}


def consent_given(*, person: User, purpose: str) -> bool:
    """The participant's latest choice for this use, else what the agreement says."""
    choice = (
        ConsentChoice.objects.filter(person=person, purpose=purpose).order_by("-at", "-pk").first()
    )
    return CONSENT_DEFAULTS[ConsentChoice.Purpose(purpose)] if choice is None else choice.given


def withdrawn_people(*, purpose: str, people: Iterable[int] | QuerySet[Any]) -> set[int]:
    """Of these people (ids or a queryset), those whose latest choice for the use is no."""
    from django.db.models import OuterRef, Subquery

    latest = ConsentChoice.objects.filter(person=OuterRef("pk"), purpose=purpose).order_by(
        "-at", "-pk"
    )
    return set(
        User.objects.filter(pk__in=people)
        .annotate(latest=Subquery(latest.values("given")[:1]))
        .filter(latest=False)
        .values_list("pk", flat=True)
    )


@transaction.atomic
def set_consent(*, person: User, purpose: str, given: bool) -> ConsentChoice:
    """Records a yes or no to an optional use; it applies from the next request on."""
    purpose = ConsentChoice.Purpose(purpose)
    choice = ConsentChoice.objects.create(person=person, purpose=purpose, given=given)
    access_log.record(
        actor=person,
        subject=person,
        action=access_log.Action.CHANGE,
        data_kind=access_log.DataKind.CONSENT,
    )
    return choice
