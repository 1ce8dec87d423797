"""The safety net: a participant's medication with its history, self-measured glucose and
hypo reports, each practice's protocol, and the alerts that reach the practice."""

from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from groups.models import Practice

from .protocol import DEFAULTS


class Medication(models.Model):
    """One drug a participant takes (or took): the current dose, and when it started."""

    class Category(models.TextChoices):
        GLUCOSE = "glucose", _("glucose-lowering")
        BLOOD_PRESSURE = "blood_pressure", _("blood pressure")
        CHOLESTEROL = "cholesterol", _("cholesterol")

    person = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="medications"
    )
    category = models.CharField(_("kind"), max_length=20, choices=Category.choices)
    name = models.CharField(_("name"), max_length=100)
    # Insulin and sulfonylureas carry the risk of a hypo when food or exercise change.
    hypo_risk = models.BooleanField(_("can cause a hypo"), default=False)
    is_insulin = models.BooleanField(_("insulin"), default=False)
    dose = models.CharField(_("dose"), max_length=100)
    started_on = models.DateField(_("started on"))
    stopped_on = models.DateField(_("stopped on"), null=True, blank=True)

    class Meta:
        verbose_name = _("medication")
        verbose_name_plural = _("medication")
        ordering = ["person", "category", "name", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(stopped_on__isnull=True) | Q(stopped_on__gte=models.F("started_on")),
                name="safety_medication_stops_after_start",
            )
        ]

    def __str__(self) -> str:
        return f"{self.name} {self.dose}"

    @property
    def is_current(self) -> bool:
        return self.stopped_on is None


class MedicationChange(models.Model):
    """One step in a drug's history: started, dose changed, reduced or stopped, and who agreed."""

    class Kind(models.TextChoices):
        STARTED = "started", _("started")
        INCREASED = "increased", _("dose increased")
        REDUCED = "reduced", _("dose reduced")
        STOPPED = "stopped", _("stopped")

    class AgreedWith(models.TextChoices):
        GP = "gp", _("the GP")
        NURSE = "nurse", _("the practice nurse")
        SPECIALIST = "specialist", _("the specialist")
        NOBODY = "nobody", _("nobody (my own choice)")

    medication = models.ForeignKey(Medication, on_delete=models.CASCADE, related_name="changes")
    kind = models.CharField(_("what changed"), max_length=12, choices=Kind.choices)
    dose_before = models.CharField(_("dose before"), max_length=100, blank=True)
    dose_after = models.CharField(_("dose after"), max_length=100, blank=True)
    effective_on = models.DateField(_("from"))
    agreed_with = models.CharField(_("agreed with"), max_length=12, choices=AgreedWith.choices)
    agreed_by_name = models.CharField(_("name of who agreed"), max_length=150, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("medication change")
        verbose_name_plural = _("medication changes")
        ordering = ["medication", "effective_on", "pk"]

    def __str__(self) -> str:
        return f"{self.medication.name}: {self.kind} ({self.effective_on})"


class GlucoseReading(models.Model):
    """One blood glucose value the participant measured themselves, in mmol/L."""

    class Context(models.TextChoices):
        FASTING = "fasting", _("fasting (before breakfast)")
        BEFORE_MEAL = "before_meal", _("before a meal")
        AFTER_MEAL = "after_meal", _("after a meal")
        SYMPTOMS = "symptoms", _("because I felt unwell")
        OTHER = "other", _("another moment")

    person = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="glucose_readings"
    )
    value = models.DecimalField(_("glucose (mmol/L)"), max_digits=4, decimal_places=1)
    context = models.CharField(_("when"), max_length=12, choices=Context.choices)
    measured_at = models.DateTimeField(_("measured at"))
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("glucose reading")
        verbose_name_plural = _("glucose readings")
        ordering = ["person", "-measured_at", "-pk"]
        indexes = [models.Index(fields=["person", "measured_at"])]

    def __str__(self) -> str:
        return f"{self.value} mmol/L ({self.measured_at:%Y-%m-%d %H:%M})"


class HypoReport(models.Model):
    """A participant's short report of a hypo: what they felt, what they did, who helped."""

    person = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="hypo_reports"
    )
    occurred_at = models.DateTimeField(_("when"))
    value = models.DecimalField(
        _("glucose (mmol/L), if measured"), max_digits=4, decimal_places=1, null=True, blank=True
    )
    symptoms = models.JSONField(_("symptoms"), default=list)
    symptoms_other = models.CharField(_("other symptoms"), max_length=200, blank=True)
    action_taken = models.CharField(_("what I did"), max_length=20)
    action_other = models.CharField(_("what else I did"), max_length=200, blank=True)
    needed_help = models.BooleanField(_("someone else had to help me"))
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("hypo report")
        verbose_name_plural = _("hypo reports")
        ordering = ["person", "-occurred_at", "-pk"]

    def __str__(self) -> str:
        return f"hypo {self.occurred_at:%Y-%m-%d %H:%M}"


class PracticeProtocol(models.Model):
    """A practice's own limits for alerts; a practice without one uses the NHG defaults."""

    practice = models.OneToOneField(Practice, on_delete=models.CASCADE, related_name="protocol")
    hypo_below = models.DecimalField(
        _("hypo below (mmol/L)"),
        max_digits=3,
        decimal_places=1,
        default=DEFAULTS.hypo_below,
        validators=[MinValueValidator(Decimal("2.0")), MaxValueValidator(Decimal("6.0"))],
    )
    high_above = models.DecimalField(
        _("high above (mmol/L)"),
        max_digits=3,
        decimal_places=1,
        default=DEFAULTS.high_above,
        validators=[MinValueValidator(Decimal("8.0")), MaxValueValidator(Decimal("30.0"))],
    )
    high_count = models.PositiveSmallIntegerField(
        _("alert after this many high values"),
        default=DEFAULTS.high_count,
        validators=[MinValueValidator(1), MaxValueValidator(20)],
    )
    high_days = models.PositiveSmallIntegerField(
        _("within this many days"),
        default=DEFAULTS.high_days,
        validators=[MinValueValidator(1), MaxValueValidator(31)],
    )
    second_contact = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("second contact"),
    )
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("practice protocol")
        verbose_name_plural = _("practice protocols")

    def __str__(self) -> str:
        return str(self.practice)


class Alert(models.Model):
    """A report that crossed the practice's protocol, on the worklist until acknowledged."""

    class Kind(models.TextChoices):
        HYPO = "hypo", _("hypo (low glucose)")
        SEVERE_HYPO = "severe_hypo", _("severe hypo: someone else had to help")
        REPEATED_HIGH = "repeated_high", _("repeatedly high glucose")

    person = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="safety_alerts"
    )
    # The practice at the moment of the report: it decides whose worklist the alert is on.
    practice = models.ForeignKey(Practice, on_delete=models.PROTECT, related_name="alerts")
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    reading = models.ForeignKey(
        GlucoseReading, on_delete=models.SET_NULL, null=True, blank=True, related_name="alerts"
    )
    hypo_report = models.ForeignKey(
        HypoReport, on_delete=models.SET_NULL, null=True, blank=True, related_name="alerts"
    )
    created_at = models.DateTimeField(default=timezone.now, db_index=True)
    escalate_at = models.DateTimeField(_("escalate at"))
    notified_at = models.DateTimeField(_("practice e-mailed at"), null=True, blank=True)
    acknowledged_at = models.DateTimeField(_("acknowledged at"), null=True, blank=True)
    acknowledged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    escalated_at = models.DateTimeField(_("escalated at"), null=True, blank=True)
    escalation_notified_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("alert")
        verbose_name_plural = _("alerts")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["practice", "acknowledged_at"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(acknowledged_at__isnull=True) | Q(acknowledged_by__isnull=False),
                name="safety_alert_acknowledged_by_someone",
            )
        ]

    def __str__(self) -> str:
        return f"{self.kind} #{self.pk}"

    @property
    def is_open(self) -> bool:
        return self.acknowledged_at is None


class AlertComment(models.Model):
    """A note by the practice on an alert: what they did, whom they called."""

    alert = models.ForeignKey(Alert, on_delete=models.CASCADE, related_name="comments")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    text = models.TextField(_("comment"), max_length=2000)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("comment on an alert")
        verbose_name_plural = _("comments on alerts")
        ordering = ["alert", "created_at", "pk"]

    def __str__(self) -> str:
        return f"comment on #{self.alert_id}"
