"""Memberships: who is in a cohort in which role, their enrolment and GP consent."""

import datetime

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .cohorts import MAX_AANJAGERS, MAX_PARTICIPANTS, Cohort
from .organisations import Practice

AGE_RANGE = (45, 75)


def age_on(birth_date: datetime.date, day: datetime.date) -> int:
    return day.year - birth_date.year - ((day.month, day.day) < (birth_date.month, birth_date.day))


class ParticipantProfile(models.Model):
    """What the practice and the coach need to know about a participant as a person."""

    person = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="participant_profile"
    )
    date_of_birth = models.DateField(_("date of birth"))
    practice = models.ForeignKey(
        Practice,
        on_delete=models.PROTECT,
        related_name="patients",
        verbose_name=_("GP practice"),
    )
    gp_name = models.CharField(_("GP name"), max_length=150)
    phone = models.CharField(_("phone number"), max_length=30, blank=True)
    needs_large_print = models.BooleanField(_("large print"), default=False)
    needs_hearing_support = models.BooleanField(_("hearing support"), default=False)
    needs_mobility_support = models.BooleanField(_("mobility: accessible venue"), default=False)
    other_needs = models.TextField(_("other needs or preferences"), blank=True)

    class Meta:
        verbose_name = _("participant profile")
        verbose_name_plural = _("participant profiles")

    def __str__(self) -> str:
        return str(self.person)


class MembershipQuerySet(models.QuerySet):
    def holding_a_place(self) -> "MembershipQuerySet":
        return self.filter(place__isnull=False)

    def active(self) -> "MembershipQuerySet":
        return self.filter(status=Membership.Status.ACTIVE)

    def participants(self) -> "MembershipQuerySet":
        return self.filter(role__in=Membership.PARTICIPANT_ROLES)


class Membership(models.Model):
    """A person's place in a cohort as participant, aanjager or coach, with its history.

    A participant holds one of the cohort's 20 numbered places from referral until they
    leave; the unique (cohort, place) constraint keeps the cohort at 20 even when two
    enrolments race. Likewise the two aanjager seats are numbered 1 and 2.
    """

    class Role(models.TextChoices):
        PARTICIPANT = "participant", _("participant")
        AANJAGER = "aanjager", _("aanjager")
        COACH = "coach", _("coach")

    class Status(models.TextChoices):
        REFERRED = "referred", _("referred, waiting for GP consent")
        CONSENTED = "consented", _("GP consent recorded")
        INVITED = "invited", _("invited")
        ACTIVE = "active", _("active")
        LEFT = "left", _("left")
        FINISHED = "finished", _("completed the programme")

    class LeaveReason(models.TextChoices):
        HEALTH = "health", _("health or illness")
        TIME = "time", _("no time (work, care for others)")
        MOVED = "moved", _("moved away")
        NOT_SUITABLE = "not_suitable", _("the programme does not suit them")
        GROUP = "group", _("does not feel at home in the group")
        COSTS = "costs", _("costs")
        OTHER = "other", _("other reason")

    PARTICIPANT_ROLES = (Role.PARTICIPANT, Role.AANJAGER)
    OPEN_STATUSES = (Status.REFERRED, Status.CONSENTED, Status.INVITED, Status.ACTIVE)
    CLOSED_STATUSES = (Status.LEFT, Status.FINISHED)

    person = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships"
    )
    cohort = models.ForeignKey(Cohort, on_delete=models.CASCADE, related_name="memberships")
    role = models.CharField(_("role"), max_length=12, choices=Role.choices)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices)
    place = models.PositiveSmallIntegerField(_("place"), null=True, blank=True)
    aanjager_seat = models.PositiveSmallIntegerField(null=True, blank=True)
    age_exception_reason = models.TextField(_("reason for an age outside 45-75"), blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    accepted_at = models.DateTimeField(_("agreement accepted at"), null=True, blank=True)
    agreement_version = models.CharField(max_length=20, blank=True)
    ended_at = models.DateTimeField(_("left at"), null=True, blank=True)
    end_reason_category = models.CharField(
        _("kind of reason"), max_length=20, choices=LeaveReason.choices, blank=True
    )
    end_reason = models.TextField(_("reason for leaving"), blank=True)

    objects = MembershipQuerySet.as_manager()

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        ordering = ["cohort", "role", "created_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(place__isnull=True) | Q(place__gte=1, place__lte=MAX_PARTICIPANTS),
                name="groups_membership_place_in_range",
            ),
            models.UniqueConstraint(
                fields=["cohort", "place"], name="groups_membership_one_person_per_place"
            ),
            models.CheckConstraint(
                condition=Q(aanjager_seat__isnull=True)
                | Q(aanjager_seat__gte=1, aanjager_seat__lte=MAX_AANJAGERS, role="aanjager"),
                name="groups_membership_aanjager_seat_in_range",
            ),
            models.UniqueConstraint(
                fields=["cohort", "aanjager_seat"], name="groups_membership_one_per_seat"
            ),
            # An open participant membership always holds a place, a closed one never does.
            models.CheckConstraint(
                condition=~Q(role__in=["participant", "aanjager"])
                | Q(status__in=["left", "finished"], place__isnull=True)
                | Q(
                    status__in=["referred", "consented", "invited", "active"], place__isnull=False
                ),
                name="groups_membership_place_while_open",
            ),
            models.CheckConstraint(
                condition=Q(role="coach", place__isnull=True)
                | Q(role__in=["participant", "aanjager"]),
                name="groups_membership_coach_has_no_place",
            ),
            models.UniqueConstraint(
                fields=["person"],
                condition=Q(
                    role__in=["participant", "aanjager"],
                    status__in=["referred", "consented", "invited", "active"],
                ),
                name="groups_membership_one_open_participation",
            ),
            models.UniqueConstraint(
                fields=["person", "cohort"],
                condition=Q(status__in=["referred", "consented", "invited", "active"]),
                name="groups_membership_once_per_cohort",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.person} - {self.cohort} ({self.get_role_display()})"

    @property
    def is_participant(self) -> bool:
        return self.role in self.PARTICIPANT_ROLES

    @property
    def is_open(self) -> bool:
        return self.status in self.OPEN_STATUSES


class GPConsent(models.Model):
    """The GP's explicit consent for one participant to join one cohort."""

    class Method(models.TextChoices):
        IN_WRITING = "in_writing", _("in writing")
        IN_PERSON = "in_person", _("in person, noted by the nurse")
        BY_PHONE = "by_phone", _("by phone, noted by the nurse")
        RECORD_SYSTEM = "record_system", _("in the GP's record system")

    membership = models.OneToOneField(
        Membership, on_delete=models.CASCADE, related_name="gp_consent"
    )
    gp_name = models.CharField(_("GP name"), max_length=150)
    given_on = models.DateField(_("consent given on"))
    method = models.CharField(_("how consent was given"), max_length=20, choices=Method.choices)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("GP consent")
        verbose_name_plural = _("GP consents")

    def __str__(self) -> str:
        return f"{self.gp_name}, {self.given_on}"


class EnrolmentEvent(models.Model):
    """One step in a membership's history: who did what, when, and why."""

    class Kind(models.TextChoices):
        REFERRED = "referred", _("referred by the practice")
        GP_CONSENT = "gp_consent", _("GP consent recorded")
        INVITED = "invited", _("invitation sent")
        ACCEPTED = "accepted", _("agreement and privacy statement accepted")
        COACH_ASSIGNED = "coach_assigned", _("coach assigned")
        AANJAGER_APPOINTED = "aanjager_appointed", _("appointed aanjager")
        AANJAGER_STEPPED_DOWN = "aanjager_stepped_down", _("no longer aanjager")
        LEFT = "left", _("left the cohort")
        ENDED = "ended", _("membership ended by staff")
        FINISHED = "finished", _("completed the programme")

    membership = models.ForeignKey(Membership, on_delete=models.CASCADE, related_name="events")
    kind = models.CharField(max_length=30, choices=Kind.choices)
    at = models.DateTimeField(default=timezone.now)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True
    )
    note = models.TextField(blank=True)

    class Meta:
        verbose_name = _("enrolment event")
        verbose_name_plural = _("enrolment events")
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} ({self.at:%Y-%m-%d})"
