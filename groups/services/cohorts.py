"""Organisations' staff and cohorts: creating, coaching, starting and finishing a cohort."""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User

from ..models import (
    MIN_PARTICIPANTS,
    Cohort,
    CohortEvent,
    EnrolmentEvent,
    Funder,
    Membership,
    Organisation,
    Practice,
    StaffRole,
)
from .history import record_event
from .leaving import close_membership


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
        record_event(membership, EnrolmentEvent.Kind.COACH_ASSIGNED, by)
    return membership


@transaction.atomic
def remove_coach(*, membership: Membership, by: User, reason: str = "") -> None:
    if membership.role != Membership.Role.COACH or not membership.is_open:
        raise ValidationError(_("This person is not a coach of this cohort."))
    close_membership(membership, status=Membership.Status.LEFT, reason=reason)
    record_event(membership, EnrolmentEvent.Kind.ENDED, by, reason)


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
        close_membership(membership, status=Membership.Status.FINISHED)
        record_event(membership, EnrolmentEvent.Kind.FINISHED, by)
    cohort.status = Cohort.Status.FINISHED
    cohort.finished_at = timezone.now()
    cohort.save(update_fields=["status", "finished_at"])
    CohortEvent.objects.create(cohort=cohort, kind=CohortEvent.Kind.FINISHED, by=by)
    return cohort
