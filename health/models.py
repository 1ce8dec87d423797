"""A participant's plan (self-set goals, versions, check-ins), measurements and questionnaires.

Everything personal hangs on the participant's Membership, so access.policy decides
who sees it by the viewer's relation to that membership.
"""

from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from groups.models import Cohort, Membership

from .measures import MEASURE_CHOICES, MEASURES


def _in_language(dutch: str, english: str) -> str:
    """The English text for English readers when there is one, otherwise the Dutch."""
    if (get_language() or "nl").startswith("en") and english:
        return english
    return dutch


class Goal(models.Model):
    """A goal a participant set themselves; its words live in versions, none ever lost."""

    class Sharing(models.TextChoices):
        PRIVATE = "private", _("Private: only me and my coach")
        GROUP = "group", _("Shared with my group")

    class Status(models.TextChoices):
        ACTIVE = "active", _("working on it")
        REACHED = "reached", _("reached")
        STOPPED = "stopped", _("stopped")

    membership = models.ForeignKey(Membership, on_delete=models.CASCADE, related_name="goals")
    sharing = models.CharField(
        _("who may see this goal"),
        max_length=10,
        choices=Sharing.choices,
        default=Sharing.PRIVATE,
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.ACTIVE
    )
    current_version = models.ForeignKey(
        "GoalVersion", on_delete=models.PROTECT, null=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("goal")
        verbose_name_plural = _("goals")
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return self.current_version.title if self.current_version else f"Goal {self.pk}"

    @property
    def is_shared(self) -> bool:
        return self.sharing == self.Sharing.GROUP


class GoalVersion(models.Model):
    """The goal as written at one moment: revising adds a version, never overwrites one."""

    goal = models.ForeignKey(Goal, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveSmallIntegerField()
    title = models.CharField(_("my goal, in my own words"), max_length=200)
    why = models.TextField(_("why this matters to me"), blank=True)
    actions = models.TextField(_("what I will do"), blank=True)
    timeline = models.CharField(_("when"), max_length=200, blank=True)
    target_date = models.DateField(_("I want to reach it by"), null=True, blank=True)
    progress_sign = models.TextField(_("how I will notice progress"), blank=True)
    when_hard = models.TextField(_("what I will do when it gets hard"), blank=True)
    support = models.CharField(_("who supports me"), max_length=200, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("goal version")
        verbose_name_plural = _("goal versions")
        ordering = ["goal", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["goal", "number"], name="health_goalversion_unique")
        ]

    def __str__(self) -> str:
        return f"{self.title} (v{self.number})"


class CheckIn(models.Model):
    """A short progress note on a goal and how confident the participant feels (0-10)."""

    goal = models.ForeignKey(Goal, on_delete=models.CASCADE, related_name="check_ins")
    confidence = models.PositiveSmallIntegerField(
        _("how confident I am"), validators=[MinValueValidator(0), MaxValueValidator(10)]
    )
    note = models.CharField(_("how it is going"), max_length=500, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("check-in")
        verbose_name_plural = _("check-ins")
        ordering = ["goal", "created_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(confidence__lte=10), name="health_checkin_confidence_0_10"
            )
        ]

    def __str__(self) -> str:
        return f"{self.goal}: {self.confidence}/10"


class Cheer(models.Model):
    """A fellow group member cheering on a shared goal (once per person)."""

    goal = models.ForeignKey(Goal, on_delete=models.CASCADE, related_name="cheers")
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("cheer")
        verbose_name_plural = _("cheers")
        constraints = [
            models.UniqueConstraint(fields=["goal", "person"], name="health_cheer_once")
        ]

    def __str__(self) -> str:
        return f"{self.person} -> {self.goal}"


class MeasurementMoment(models.Model):
    """A cohort's own timing of a measurement moment, replacing the programme default."""

    class Key(models.TextChoices):
        BASELINE = "baseline", _("baseline")
        MONTH_6 = "month_6", _("after 6 months")
        MONTH_12 = "month_12", _("after 12 months")

    cohort = models.ForeignKey(Cohort, on_delete=models.CASCADE, related_name="health_moments")
    key = models.CharField(_("moment"), max_length=10, choices=Key.choices)
    months_after_start = models.PositiveSmallIntegerField(
        _("months after the start"), validators=[MaxValueValidator(36)]
    )
    window_days = models.PositiveSmallIntegerField(
        _("window in days before and after"),
        default=28,
        validators=[MinValueValidator(1), MaxValueValidator(120)],
    )

    class Meta:
        verbose_name = _("measurement moment")
        verbose_name_plural = _("measurement moments")
        ordering = ["cohort", "months_after_start"]
        constraints = [
            models.UniqueConstraint(fields=["cohort", "key"], name="health_moment_unique")
        ]

    def __str__(self) -> str:
        return f"{self.cohort}: {self.get_key_display()}"


class Measurement(models.Model):
    """One clinical value of a participant, with who entered it, from where and when."""

    class Source(models.TextChoices):
        SESSION = "session", _("self-measured at a session")
        ANNUAL_CHECKUP = "annual_checkup", _("annual check-up at the practice")
        OTHER = "other", _("other")

    class EnteredAs(models.TextChoices):
        PARTICIPANT = "participant", _("participant")
        COACH = "coach", _("coach")
        NURSE = "nurse", _("practice nurse")

    membership = models.ForeignKey(
        Membership, on_delete=models.CASCADE, related_name="measurements"
    )
    measure = models.CharField(_("measure"), max_length=20, choices=MEASURE_CHOICES)
    value = models.DecimalField(_("value"), max_digits=6, decimal_places=2)
    measured_on = models.DateField(_("measured on"))
    source = models.CharField(_("source"), max_length=20, choices=Source.choices)
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    entered_as = models.CharField(_("entered by"), max_length=12, choices=EnteredAs.choices)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("measurement")
        verbose_name_plural = _("measurements")
        ordering = ["membership", "measure", "measured_on", "pk"]
        indexes = [models.Index(fields=["membership", "measure", "measured_on"])]

    def __str__(self) -> str:
        return f"{self.measure} {self.value} ({self.measured_on})"

    @property
    def unit(self) -> str:
        return MEASURES[self.measure].unit

    @property
    def display_value(self) -> Decimal:
        """The value with the measure's own precision: 82.5 kg, 55 mmol/mol."""
        return self.value.quantize(Decimal(1).scaleb(-MEASURES[self.measure].decimals))


class Instrument(models.Model):
    """A questionnaire defined as data: items, answer options and its scoring rule."""

    class Scoring(models.TextChoices):
        SUM = "sum", _("sum of the answers")
        MEAN = "mean", _("mean of the answers")

    key = models.SlugField(unique=True)
    name_nl = models.CharField(max_length=200)
    name_en = models.CharField(max_length=200, blank=True)
    intro_nl = models.TextField(blank=True)
    intro_en = models.TextField(blank=True)
    scoring = models.CharField(max_length=4, choices=Scoring.choices, default=Scoring.SUM)
    rescale_to_100 = models.BooleanField(
        default=False, help_text="Rescale linearly from the lowest-highest possible to 0-100."
    )
    min_answered = models.PositiveSmallIntegerField(
        help_text="Fewer answered items than this: the response is not scored."
    )
    is_placeholder = models.BooleanField(
        default=False,
        help_text="Structure only: the licensed item texts still have to be filled in.",
    )
    source_note = models.TextField(blank=True)
    active = models.BooleanField(default=True)

    class Meta:
        verbose_name = _("questionnaire")
        verbose_name_plural = _("questionnaires")
        ordering = ["key"]

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        return _in_language(self.name_nl, self.name_en)

    @property
    def intro(self) -> str:
        return _in_language(self.intro_nl, self.intro_en)


class InstrumentItem(models.Model):
    """One question (item) of an instrument."""

    instrument = models.ForeignKey(Instrument, on_delete=models.CASCADE, related_name="items")
    number = models.PositiveSmallIntegerField()
    text_nl = models.TextField()
    text_en = models.TextField(blank=True)
    reverse_scored = models.BooleanField(default=False)

    class Meta:
        ordering = ["instrument", "number"]
        constraints = [
            models.UniqueConstraint(fields=["instrument", "number"], name="health_item_unique")
        ]

    def __str__(self) -> str:
        return f"{self.instrument.key} {self.number}"

    @property
    def text(self) -> str:
        return _in_language(self.text_nl, self.text_en)


class InstrumentOption(models.Model):
    """One answer option, the same for every item of the instrument."""

    instrument = models.ForeignKey(Instrument, on_delete=models.CASCADE, related_name="options")
    value = models.SmallIntegerField()
    label_nl = models.CharField(max_length=100)
    label_en = models.CharField(max_length=100, blank=True)

    class Meta:
        ordering = ["instrument", "-value"]
        constraints = [
            models.UniqueConstraint(fields=["instrument", "value"], name="health_option_unique")
        ]

    def __str__(self) -> str:
        return f"{self.value}: {self.label_nl}"

    @property
    def label(self) -> str:
        return _in_language(self.label_nl, self.label_en)


class QuestionnaireResponse(models.Model):
    """A participant's answers to an instrument on one day, with the score or why not."""

    membership = models.ForeignKey(
        Membership, on_delete=models.CASCADE, related_name="questionnaire_responses"
    )
    instrument = models.ForeignKey(Instrument, on_delete=models.PROTECT, related_name="responses")
    completed_on = models.DateField(default=timezone.localdate)
    raw_score = models.DecimalField(max_digits=7, decimal_places=2, null=True, blank=True)
    score = models.DecimalField(max_digits=7, decimal_places=2, null=True, blank=True)
    answered = models.PositiveSmallIntegerField(default=0)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("questionnaire response")
        verbose_name_plural = _("questionnaire responses")
        ordering = ["membership", "instrument", "completed_on", "pk"]

    def __str__(self) -> str:
        return f"{self.instrument.key} {self.completed_on}"

    @property
    def is_scored(self) -> bool:
        return self.score is not None


class Answer(models.Model):
    """The option chosen for one item; a skipped item has no row."""

    response = models.ForeignKey(
        QuestionnaireResponse, on_delete=models.CASCADE, related_name="answers"
    )
    item = models.ForeignKey(InstrumentItem, on_delete=models.PROTECT, related_name="+")
    value = models.SmallIntegerField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["response", "item"], name="health_answer_unique")
        ]

    def __str__(self) -> str:
        return f"{self.item}: {self.value}"
