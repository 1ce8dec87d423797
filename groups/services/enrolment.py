"""Enrolment: the nurse refers, the GP consents, the participant accepts the agreement."""

import datetime

from allauth.account.models import EmailAddress
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User

from ..models import (
    AGE_RANGE,
    MAX_PARTICIPANTS,
    Cohort,
    EnrolmentEvent,
    GPConsent,
    Membership,
    ParticipantProfile,
    Practice,
    age_on,
)
from ..tasks import send_invitation
from .history import record_event

AGREEMENT_VERSION = "2026-11"


def _free_place(cohort: Cohort) -> int:
    taken = set(cohort.memberships.holding_a_place().values_list("place", flat=True))
    for place in range(1, MAX_PARTICIPANTS + 1):
        if place not in taken:
            return place
    raise ValidationError(
        _("This cohort is full: it already has %(max)d participants.") % {"max": MAX_PARTICIPANTS}
    )


@transaction.atomic
def refer_participant(
    *,
    cohort: Cohort,
    by: User,
    email: str,
    first_name: str,
    last_name: str,
    date_of_birth: datetime.date,
    practice: Practice,
    gp_name: str,
    phone: str = "",
    needs_large_print: bool = False,
    needs_hearing_support: bool = False,
    needs_mobility_support: bool = False,
    other_needs: str = "",
    age_exception_reason: str = "",
) -> Membership:
    """The practice nurse refers a patient to a forming cohort; this reserves a place."""
    # Locking the cohort row makes concurrent referrals queue; the unique (cohort, place)
    # constraint below is the database's own guarantee should anything bypass the lock.
    cohort = Cohort.objects.select_for_update().get(pk=cohort.pk)
    if cohort.status != Cohort.Status.FORMING:
        raise ValidationError(_("Patients can only be referred to a cohort that is forming."))
    if practice.organisation_id != cohort.organisation_id:
        raise ValidationError(
            {"practice": _("This practice does not belong to the cohort's organisation.")}
        )
    age = age_on(date_of_birth, cohort.start_date)
    if not AGE_RANGE[0] <= age <= AGE_RANGE[1] and not age_exception_reason.strip():
        raise ValidationError(
            {
                "age_exception_reason": _(
                    "On the start date this person is %(age)d, outside 45 to 75. "
                    "Give a reason to refer them anyway."
                )
                % {"age": age}
            }
        )
    email = User.objects.normalize_email(email).lower()
    person = User.objects.filter(email__iexact=email).first()
    if person is None:
        person = User.objects.create_user(
            email=email, first_name=first_name, last_name=last_name, display_name=first_name
        )
    elif person.memberships.participants().filter(status__in=Membership.OPEN_STATUSES).exists():
        raise ValidationError(
            {"email": _("This person already takes part in a cohort (or is referred to one).")}
        )
    else:
        # A returning person keeps their account; names the practice knows fill any gaps.
        person.first_name = person.first_name or first_name
        person.last_name = person.last_name or last_name
        person.save(update_fields=["first_name", "last_name"])
    EmailAddress.objects.get_or_create(
        user=person, email=email, defaults={"primary": True, "verified": False}
    )
    profile = ParticipantProfile.objects.filter(person=person).first() or ParticipantProfile(
        person=person
    )
    profile.date_of_birth = date_of_birth
    profile.practice = practice
    profile.gp_name = gp_name
    profile.phone = phone
    profile.needs_large_print = needs_large_print
    profile.needs_hearing_support = needs_hearing_support
    profile.needs_mobility_support = needs_mobility_support
    profile.other_needs = other_needs
    profile.full_clean()
    profile.save()

    membership = Membership(
        person=person,
        cohort=cohort,
        role=Membership.Role.PARTICIPANT,
        status=Membership.Status.REFERRED,
        place=_free_place(cohort),
        age_exception_reason=age_exception_reason.strip(),
    )
    try:
        with transaction.atomic():
            membership.save()
    except IntegrityError as error:
        raise ValidationError(
            _("This cohort is full: it already has %(max)d participants.")
            % {"max": MAX_PARTICIPANTS}
        ) from error
    record_event(membership, EnrolmentEvent.Kind.REFERRED, by)
    return membership


@transaction.atomic
def record_gp_consent(
    *,
    membership: Membership,
    by: User,
    gp_name: str,
    given_on: datetime.date,
    method: str,
) -> Membership:
    """Records the GP's explicit consent and sends the invitation once it is committed."""
    membership = Membership.objects.select_for_update().get(pk=membership.pk)
    if membership.status != Membership.Status.REFERRED:
        raise ValidationError(_("GP consent has already been recorded for this referral."))
    if given_on > timezone.localdate():
        raise ValidationError({"given_on": _("The date of consent cannot be in the future.")})
    consent = GPConsent(
        membership=membership, gp_name=gp_name, given_on=given_on, method=method, recorded_by=by
    )
    consent.full_clean()
    consent.save()
    membership.status = Membership.Status.CONSENTED
    membership.save(update_fields=["status"])
    record_event(membership, EnrolmentEvent.Kind.GP_CONSENT, by)
    return invite_participant(membership=membership, by=by)


@transaction.atomic
def invite_participant(*, membership: Membership, by: User) -> Membership:
    """E-mails the invitation; allowed only after GP consent, and again to resend it."""
    if membership.status not in (Membership.Status.CONSENTED, Membership.Status.INVITED):
        raise ValidationError(_("An invitation can only be sent after the GP has consented."))
    if not GPConsent.objects.filter(membership=membership).exists():
        raise ValidationError(_("An invitation can only be sent after the GP has consented."))
    membership.status = Membership.Status.INVITED
    membership.save(update_fields=["status"])
    record_event(membership, EnrolmentEvent.Kind.INVITED, by)
    transaction.on_commit(lambda: send_invitation.enqueue(membership_id=membership.pk))
    return membership


@transaction.atomic
def accept_agreement(
    *, membership: Membership, by: User, agreement: bool, privacy: bool
) -> Membership:
    """The participant accepts the programme agreement and privacy statement: now active."""
    membership = Membership.objects.select_for_update().get(pk=membership.pk)
    if membership.person_id != by.pk or membership.status != Membership.Status.INVITED:
        raise ValidationError(_("This invitation is not open (any more)."))
    errors = {}
    if not agreement:
        errors["agreement"] = _("Please accept the programme agreement to take part.")
    if not privacy:
        errors["privacy"] = _("Please accept the privacy statement to take part.")
    if errors:
        raise ValidationError(errors)
    membership.status = Membership.Status.ACTIVE
    membership.accepted_at = timezone.now()
    membership.agreement_version = AGREEMENT_VERSION
    membership.save(update_fields=["status", "accepted_at", "agreement_version"])
    EmailAddress.objects.filter(user=by, email__iexact=by.email).update(verified=True)
    record_event(membership, EnrolmentEvent.Kind.ACCEPTED, by, f"version {AGREEMENT_VERSION}")
    return membership
