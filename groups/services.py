"""Writes for cohorts, staff roles and the enrolment flow.

Every function validates, writes in one transaction and raises ValidationError with a
translated message when the input is wrong, so that nothing is saved then.
"""

import datetime

from allauth.account.models import EmailAddress
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from chat import services as chat_services
from contributions.services import end_contributions_for_membership

from .models import (
    AGE_RANGE,
    MAX_AANJAGERS,
    MAX_PARTICIPANTS,
    MIN_PARTICIPANTS,
    Cohort,
    CohortEvent,
    EnrolmentEvent,
    Funder,
    GPConsent,
    Membership,
    Organisation,
    ParticipantProfile,
    Practice,
    StaffRole,
    age_on,
)
from .tasks import send_invitation

AGREEMENT_VERSION = "2026-11"


def _record(membership: Membership, kind: str, by: User | None, note: str = "") -> None:
    EnrolmentEvent.objects.create(membership=membership, kind=kind, by=by, note=note)


# --- organisations and cohorts -------------------------------------------------------------


@transaction.atomic
def grant_staff_role(
    *,
    person: User,
    role: str,
    organisation: Organisation | None = None,
    practice: Practice | None = None,
    funder: Funder | None = None,
) -> StaffRole:
    if practice is not None and organisation is None:
        organisation = practice.organisation
    staff_role, _created = StaffRole.objects.get_or_create(
        person=person, role=role, organisation=organisation, practice=practice, funder=funder
    )
    return staff_role


@transaction.atomic
def create_cohort(
    *,
    organisation: Organisation,
    name: str,
    meeting_place: str,
    start_date: datetime.date,
    planned_end_date: datetime.date,
    monthly_contribution_cents: int,
    by: User,
) -> Cohort:
    cohort = Cohort(
        organisation=organisation,
        name=name,
        meeting_place=meeting_place,
        start_date=start_date,
        planned_end_date=planned_end_date,
        monthly_contribution_cents=monthly_contribution_cents,
    )
    cohort.full_clean()
    cohort.save()
    CohortEvent.objects.create(cohort=cohort, kind=CohortEvent.Kind.CREATED, by=by)
    return cohort


@transaction.atomic
def update_cohort(*, cohort: Cohort, by: User, **fields: object) -> Cohort:
    for name, value in fields.items():
        setattr(cohort, name, value)
    cohort.full_clean()
    cohort.save()
    return cohort


@transaction.atomic
def set_cohort_funders(*, cohort: Cohort, funders: list[Funder], by: User) -> None:
    cohort.funders.set(funders)


@transaction.atomic
def assign_coach(*, cohort: Cohort, coach: User, by: User) -> Membership:
    if cohort.status == Cohort.Status.FINISHED:
        raise ValidationError(_("This cohort has finished; it cannot get a new coach."))
    existing = cohort.memberships.filter(person=coach).exclude(
        status__in=Membership.CLOSED_STATUSES
    )
    if existing.filter(role__in=Membership.PARTICIPANT_ROLES).exists():
        raise ValidationError(_("A participant of this cohort cannot also be its coach."))
    membership = existing.filter(role=Membership.Role.COACH).first()
    if membership is None:
        membership = Membership.objects.create(
            person=coach,
            cohort=cohort,
            role=Membership.Role.COACH,
            status=Membership.Status.ACTIVE,
        )
        _record(membership, EnrolmentEvent.Kind.COACH_ASSIGNED, by)
    return membership


@transaction.atomic
def remove_coach(*, membership: Membership, by: User, reason: str = "") -> None:
    if membership.role != Membership.Role.COACH or not membership.is_open:
        raise ValidationError(_("This person is not a coach of this cohort."))
    _close(membership, status=Membership.Status.LEFT, reason=reason)
    _record(membership, EnrolmentEvent.Kind.ENDED, by, reason)


@transaction.atomic
def start_cohort(
    *, cohort: Cohort, by: User, confirm_small_start: bool = False, reason: str = ""
) -> Cohort:
    cohort = Cohort.objects.select_for_update().get(pk=cohort.pk)
    if cohort.status != Cohort.Status.FORMING:
        raise ValidationError(_("Only a forming cohort can be started."))
    active = cohort.memberships.participants().active().count()
    if active < MIN_PARTICIPANTS:
        if not confirm_small_start or not reason.strip():
            raise ValidationError(
                _(
                    "This cohort has %(count)d active participants, fewer than %(minimum)d. "
                    "Confirm that you want to start anyway and give a reason."
                )
                % {"count": active, "minimum": MIN_PARTICIPANTS}
            )
        cohort.small_start_reason = reason.strip()
    cohort.status = Cohort.Status.RUNNING
    cohort.started_at = timezone.now()
    cohort.save(update_fields=["status", "started_at", "small_start_reason"])
    CohortEvent.objects.create(
        cohort=cohort, kind=CohortEvent.Kind.STARTED, by=by, note=cohort.small_start_reason
    )
    return cohort


@transaction.atomic
def finish_cohort(*, cohort: Cohort, by: User) -> Cohort:
    cohort = Cohort.objects.select_for_update().get(pk=cohort.pk)
    if cohort.status != Cohort.Status.RUNNING:
        raise ValidationError(_("Only a running cohort can be finished."))
    for membership in cohort.memberships.filter(status__in=Membership.OPEN_STATUSES):
        _close(membership, status=Membership.Status.FINISHED)
        _record(membership, EnrolmentEvent.Kind.FINISHED, by)
    cohort.status = Cohort.Status.FINISHED
    cohort.finished_at = timezone.now()
    cohort.save(update_fields=["status", "finished_at"])
    CohortEvent.objects.create(cohort=cohort, kind=CohortEvent.Kind.FINISHED, by=by)
    return cohort


# --- enrolment -----------------------------------------------------------------------------


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
    _record(membership, EnrolmentEvent.Kind.REFERRED, by)
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
    _record(membership, EnrolmentEvent.Kind.GP_CONSENT, by)
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
    _record(membership, EnrolmentEvent.Kind.INVITED, by)
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
    _record(membership, EnrolmentEvent.Kind.ACCEPTED, by, f"version {AGREEMENT_VERSION}")
    return membership


# --- aanjagers and leaving -----------------------------------------------------------------


@transaction.atomic
def appoint_aanjager(*, membership: Membership, by: User) -> Membership:
    cohort = Cohort.objects.select_for_update().get(pk=membership.cohort_id)
    membership = Membership.objects.select_for_update().get(pk=membership.pk)
    if membership.role == Membership.Role.AANJAGER:
        return membership
    if membership.role != Membership.Role.PARTICIPANT or membership.status != (
        Membership.Status.ACTIVE
    ):
        raise ValidationError(_("Only an active participant can be appointed aanjager."))
    taken = set(
        cohort.memberships.filter(aanjager_seat__isnull=False).values_list(
            "aanjager_seat", flat=True
        )
    )
    free = [seat for seat in range(1, MAX_AANJAGERS + 1) if seat not in taken]
    if not free:
        raise ValidationError(_("A cohort has at most two aanjagers. Let one step down first."))
    membership.role = Membership.Role.AANJAGER
    membership.aanjager_seat = free[0]
    membership.save(update_fields=["role", "aanjager_seat"])
    _record(membership, EnrolmentEvent.Kind.AANJAGER_APPOINTED, by)
    return membership


@transaction.atomic
def step_down_aanjager(*, membership: Membership, by: User) -> Membership:
    membership = Membership.objects.select_for_update().get(pk=membership.pk)
    if membership.role != Membership.Role.AANJAGER:
        raise ValidationError(_("This participant is not an aanjager."))
    membership.role = Membership.Role.PARTICIPANT
    membership.aanjager_seat = None
    membership.save(update_fields=["role", "aanjager_seat"])
    _record(membership, EnrolmentEvent.Kind.AANJAGER_STEPPED_DOWN, by)
    return membership


def _close(membership: Membership, *, status: str, reason: str = "", category: str = "") -> None:
    membership.status = status
    membership.place = None
    membership.aanjager_seat = None
    if membership.role == Membership.Role.AANJAGER:
        membership.role = Membership.Role.PARTICIPANT
    membership.ended_at = timezone.now()
    membership.end_reason = reason
    membership.end_reason_category = category
    membership.save(
        update_fields=[
            "status",
            "place",
            "aanjager_seat",
            "role",
            "ended_at",
            "end_reason",
            "end_reason_category",
        ]
    )
    # Closes the member's live chat sockets once this commits (robustly: never fails it).
    chat_services.disconnect_member(cohort_id=membership.cohort_id, user_id=membership.person_id)
    transaction.on_commit(lambda: end_contributions_for_membership(membership=membership))


def _require_reason(reason: str, category: str) -> str:
    errors = {}
    if category not in Membership.LeaveReason.values:
        errors["category"] = _("Please choose what kind of reason it is.")
    if not reason.strip():
        errors["reason"] = _("Please give a reason.")
    if errors:
        raise ValidationError(errors)
    return reason.strip()


@transaction.atomic
def leave_cohort(
    *, membership: Membership, by: User, reason: str, category: str = "other"
) -> Membership:
    """The participant leaves; the history stays and the place frees up."""
    reason = _require_reason(reason, category)
    membership = Membership.objects.select_for_update().get(pk=membership.pk)
    if membership.person_id != by.pk or not membership.is_participant or not membership.is_open:
        raise ValidationError(_("You are not taking part in this cohort."))
    _close(membership, status=Membership.Status.LEFT, reason=reason, category=category)
    _record(membership, EnrolmentEvent.Kind.LEFT, by, reason)
    return membership


@transaction.atomic
def end_membership(
    *, membership: Membership, by: User, reason: str, category: str = "other"
) -> Membership:
    """The coach or manager ends a participant's membership, with a reason."""
    reason = _require_reason(reason, category)
    membership = Membership.objects.select_for_update().get(pk=membership.pk)
    if not membership.is_participant or not membership.is_open:
        raise ValidationError(_("This membership has already ended."))
    _close(membership, status=Membership.Status.LEFT, reason=reason, category=category)
    _record(membership, EnrolmentEvent.Kind.ENDED, by, reason)
    return membership
