"""Organisations, cohorts, who belongs where in which role, and the enrolment record."""

import datetime
from typing import TYPE_CHECKING

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

if TYPE_CHECKING:
    from .roles import AnyUser

MIN_PARTICIPANTS = 16
MAX_PARTICIPANTS = 20
MAX_AANJAGERS = 2
PROGRAMME_MONTHS = 12
AGE_RANGE = (45, 75)


def add_months(day: datetime.date, months: int) -> datetime.date:
    """The same day `months` later, or the month's last day when it has no such day."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    for candidate in (day.day, 30, 29, 28):
        try:
            return day.replace(year=year, month=month, day=candidate)
        except ValueError:
            continue
    raise AssertionError("unreachable")


def age_on(birth_date: datetime.date, day: datetime.date) -> int:
    return day.year - birth_date.year - ((day.month, day.day) < (birth_date.month, birth_date.day))


class Organisation(models.Model):
    """A care group (zorggroep) that runs the programme: cohorts, practices, staff."""

    name = models.CharField(_("name"), max_length=150, unique=True)

    class Meta:
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Practice(models.Model):
    """A GP practice (huisartsenpraktijk) of the organisation whose nurses refer patients."""

    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="practices"
    )
    name = models.CharField(_("name"), max_length=150)

    class Meta:
        verbose_name = _("GP practice")
        verbose_name_plural = _("GP practices")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "name"], name="groups_practice_unique_name"
            )
        ]

    def __str__(self) -> str:
        return self.name


class Funder(models.Model):
    """An insurer, municipality or employer that pays for cohorts and reads their reports."""

    class Kind(models.TextChoices):
        INSURER = "insurer", _("health insurer")
        MUNICIPALITY = "municipality", _("municipality")
        EMPLOYER = "employer", _("employer")
        OTHER = "other", _("other")

    name = models.CharField(_("name"), max_length=150, unique=True)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)

    class Meta:
        verbose_name = _("funder")
        verbose_name_plural = _("funders")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class StaffRole(models.Model):
    """A person's role for an organisation (manager, practice nurse) or a funder (contact)."""

    class Role(models.TextChoices):
        MANAGER = "manager", _("programme manager")
        PRACTICE_NURSE = "practice_nurse", _("practice nurse")
        FUNDER = "funder", _("funder")

    person = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="staff_roles"
    )
    role = models.CharField(_("role"), max_length=20, choices=Role.choices)
    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, null=True, blank=True, related_name="staff"
    )
    practice = models.ForeignKey(
        Practice, on_delete=models.CASCADE, null=True, blank=True, related_name="nurses"
    )
    funder = models.ForeignKey(
        Funder, on_delete=models.CASCADE, null=True, blank=True, related_name="contacts"
    )

    class Meta:
        verbose_name = _("staff role")
        verbose_name_plural = _("staff roles")
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(
                        role="manager",
                        organisation__isnull=False,
                        practice__isnull=True,
                        funder__isnull=True,
                    )
                    | Q(
                        role="practice_nurse",
                        organisation__isnull=False,
                        practice__isnull=False,
                        funder__isnull=True,
                    )
                    | Q(
                        role="funder",
                        organisation__isnull=True,
                        practice__isnull=True,
                        funder__isnull=False,
                    )
                ),
                name="groups_staffrole_scope_matches_role",
            ),
            models.UniqueConstraint(
                fields=["person", "organisation"],
                condition=Q(role="manager"),
                name="groups_staffrole_unique_manager",
            ),
            models.UniqueConstraint(
                fields=["person", "practice"],
                condition=Q(role="practice_nurse"),
                name="groups_staffrole_unique_nurse",
            ),
            models.UniqueConstraint(
                fields=["person", "funder"],
                condition=Q(role="funder"),
                name="groups_staffrole_unique_funder",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.person} ({self.get_role_display()})"


class CohortQuerySet(models.QuerySet["Cohort"]):
    def visible_to(self, user: "AnyUser") -> "QuerySet[Cohort]":
        """Cohorts this user may open: their own, their organisation's, or funded by them."""
        from .roles import visible_cohorts  # roles builds on these models

        return visible_cohorts(user, self)


class Cohort(models.Model):
    """One group (kring) of 16 to 20 participants that runs the programme for a year or more."""

    class Status(models.TextChoices):
        FORMING = "forming", _("forming")
        RUNNING = "running", _("running")
        FINISHED = "finished", _("finished")

    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="cohorts",
        verbose_name=_("organisation"),
    )
    name = models.CharField(_("name"), max_length=120)
    meeting_place = models.CharField(_("meeting place"), max_length=200)
    start_date = models.DateField(_("start date"))
    planned_end_date = models.DateField(
        _("planned end date"), help_text=_("At least 12 months after the start.")
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.FORMING
    )
    monthly_contribution_cents = models.PositiveIntegerField(
        _("monthly contribution (euro cents)"),
        help_text=_("What each participant pays per month, in cents: 1000 is EUR 10.00."),
    )
    funders = models.ManyToManyField(
        Funder, blank=True, related_name="cohorts", verbose_name=_("funders")
    )
    started_at = models.DateTimeField(_("started at"), null=True, blank=True)
    small_start_reason = models.TextField(
        _("reason for starting with fewer than 16 participants"), blank=True
    )
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)

    objects = CohortQuerySet.as_manager()

    class Meta:
        verbose_name = _("cohort")
        verbose_name_plural = _("cohorts")
        ordering = ["-start_date", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "name"], name="groups_cohort_unique_name"
            ),
            models.CheckConstraint(
                condition=Q(planned_end_date__gt=models.F("start_date")),
                name="groups_cohort_end_after_start",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def clean(self):
        super().clean()
        if self.start_date and self.planned_end_date:
            earliest_end = add_months(self.start_date, PROGRAMME_MONTHS)
            if self.planned_end_date < earliest_end:
                raise ValidationError(
                    {
                        "planned_end_date": _(
                            "The programme lasts at least 12 months: the planned end "
                            "must be on or after %(date)s."
                        )
                        % {"date": earliest_end.strftime("%d-%m-%Y")}
                    }
                )


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


class CohortEvent(models.Model):
    """A change of a cohort's life cycle (started, finished), with who and why."""

    class Kind(models.TextChoices):
        CREATED = "created", _("created")
        STARTED = "started", _("started")
        FINISHED = "finished", _("finished")

    cohort = models.ForeignKey(Cohort, on_delete=models.CASCADE, related_name="events")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    at = models.DateTimeField(default=timezone.now)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    note = models.TextField(blank=True)

    class Meta:
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"{self.cohort}: {self.get_kind_display()}"
