"""Models of the experiments pillar: assumptions behind solutions and the tests that check them."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models

from pom.core.models import TenantModel
from pom.core.validation import Bounds

if TYPE_CHECKING:
    from pom.experiments.stats import SuccessCriterion, Variant

SCALE = [MinValueValidator(1), MaxValueValidator(5)]
# The numbers of a test and its arms, declared once for the schema, the service and the
# database: wide enough for any real experiment, narrow enough that the statistics stay finite.
THRESHOLD = Bounds.real(0, 1e12)
CONFIDENCE_LEVEL = Bounds.real(0.5, 0.9999)
PLANNED_USERS = Bounds.whole(1, 2_000_000_000)
SHARE = Bounds.real(0.0001, 10_000)
COUNT = Bounds.whole(0, 10**12)
MEAN = Bounds.real(-1e12, 1e12)
SD = Bounds.real(0, 1e12)
# Planning and analysis inputs: α and power strictly inside (0, 1); an effect too small to plan
# for would need more users than exist; at most 20 treatment arms, as the planning form allows;
# the sequential test's mixing variance, positive and finite.
PROBABILITY = Bounds.real(0.000001, 0.999999)
EFFECT = Bounds.real(1e-6, 1e12)
TREATMENTS = Bounds.whole(1, 20)
TAU = Bounds.real(1e-12, 1e12)
# The risky quadrant of the assumption map: important, and little evidence either way.
RISKY_IMPORTANCE = 3
RISKY_EVIDENCE = 2


class RiskType(models.TextChoices):
    VALUE = "value", "Value"
    USABILITY = "usability", "Usability"
    FEASIBILITY = "feasibility", "Feasibility"
    VIABILITY = "viability", "Viability"
    ETHICAL = "ethical", "Ethical"


class AssumptionStatus(models.TextChoices):
    UNTESTED = "untested", "Untested"
    TESTING = "testing", "Being tested"
    SUPPORTED = "supported", "Supported"
    REFUTED = "refuted", "Refuted"
    INCONCLUSIVE = "inconclusive", "Inconclusive"


class Assumption(TenantModel):
    """Something that must be true for a solution to work, with how much it matters and how much we know."""

    solution = models.ForeignKey(
        "discovery.Solution", on_delete=models.CASCADE, related_name="assumptions"
    )
    statement = models.CharField(max_length=500)
    risk_type = models.CharField(max_length=20, choices=RiskType.choices)
    importance = models.PositiveSmallIntegerField(
        validators=SCALE, help_text="1 = nice to have, 5 = the solution fails without it."
    )
    evidence_strength = models.PositiveSmallIntegerField(
        validators=SCALE, help_text="1 = pure opinion, 5 = strong evidence from real behaviour."
    )
    status = models.CharField(
        max_length=20, choices=AssumptionStatus.choices, default=AssumptionStatus.UNTESTED
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-importance", "evidence_strength", "id"]
        indexes = [
            models.Index(fields=["organization", "solution"], name="assumption_org_solution"),
            models.Index(fields=["organization", "risk_type"], name="assumption_org_risk"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(importance__gte=1, importance__lte=5),
                name="assumption_importance_1_5",
            ),
            models.CheckConstraint(
                condition=models.Q(evidence_strength__gte=1, evidence_strength__lte=5),
                name="assumption_evidence_1_5",
            ),
        ]

    def __str__(self) -> str:
        return self.statement

    @property
    def is_risky(self) -> bool:
        """Important and weakly evidenced: test these first ("leap of faith" assumptions)."""
        return self.importance >= RISKY_IMPORTANCE and self.evidence_strength <= RISKY_EVIDENCE


class TestMethod(models.TextChoices):
    __test__ = False  # not a pytest test class

    PROTOTYPE = "prototype", "Prototype test"
    FAKE_DOOR = "fake_door", "Fake door"
    SURVEY = "survey", "Survey"
    DATA = "data_analysis", "Data analysis"
    SPIKE = "spike", "Technical spike"
    CONCIERGE = "concierge", "Concierge"
    AB = "ab_experiment", "A/B experiment"
    OTHER = "other", "Other"


class TestStatus(models.TextChoices):
    __test__ = False  # not a pytest test class

    PLANNED = "planned", "Planned"
    RUNNING = "running", "Running"
    CONCLUDED = "concluded", "Concluded"


class TestResult(models.TextChoices):
    __test__ = False  # not a pytest test class

    SUPPORTED = "supported", "Supported"
    REFUTED = "refuted", "Refuted"
    INCONCLUSIVE = "inconclusive", "Inconclusive"


class TestDecision(models.TextChoices):
    __test__ = False  # not a pytest test class

    PERSEVERE = "persevere", "Persevere"
    PIVOT = "pivot", "Pivot"
    KILL = "kill", "Kill"


class MetricKind(models.TextChoices):
    BINARY = "binary", "Conversion (yes/no per user)"
    CONTINUOUS = "continuous", "Numeric (a value per user)"


class CriterionDirection(models.TextChoices):
    INCREASE = "increase", "Increase"
    DECREASE = "decrease", "Decrease"


class CriterionKind(models.TextChoices):
    RELATIVE = "relative", "Relative lift"
    ABSOLUTE = "absolute", "Absolute difference"


# Fields that make up the pre-registered criterion: frozen once the test starts.
CRITERION_FIELDS = (
    "hypothesis",
    "success_criterion",
    "metric_name",
    "metric_kind",
    "criterion_direction",
    "criterion_kind",
    "criterion_threshold",
    "criterion_confidence",
    "sequential",
    "planned_users",
)


class AssumptionTest(TenantModel):
    """A quick test of one or more assumptions, with its success criterion written down up front.

    A test goes planned → running → concluded. Starting it locks the hypothesis and the
    criterion; concluding it records the result, the decision (persevere, pivot or kill) and
    what the team learned. A/B experiments carry variants whose data is analysed statistically.
    """

    __test__ = False  # not a pytest test class, despite the name

    team = models.ForeignKey(
        "teams.Team", on_delete=models.CASCADE, related_name="assumption_tests"
    )
    title = models.CharField(max_length=200)
    assumptions = models.ManyToManyField(Assumption, related_name="tests", blank=True)
    method = models.CharField(max_length=20, choices=TestMethod.choices)
    hypothesis = models.TextField()
    success_criterion = models.TextField(
        help_text="What result counts as success, written before the test starts."
    )
    metric_name = models.CharField(max_length=120, blank=True)
    metric_kind = models.CharField(max_length=20, choices=MetricKind.choices, blank=True)
    criterion_direction = models.CharField(
        max_length=10, choices=CriterionDirection.choices, default=CriterionDirection.INCREASE
    )
    criterion_kind = models.CharField(
        max_length=10, choices=CriterionKind.choices, default=CriterionKind.RELATIVE
    )
    criterion_threshold = models.FloatField(
        default=0.0,
        validators=THRESHOLD.validators(),
        help_text="Smallest improvement that counts: 0.05 = 5 % relative, or an absolute amount.",
    )
    criterion_confidence = models.FloatField(default=0.95, validators=CONFIDENCE_LEVEL.validators())
    sequential = models.BooleanField(
        default=False, help_text="Always-valid analysis: the result may be read at any time."
    )
    planned_users = models.PositiveIntegerField(
        null=True, blank=True, validators=PLANNED_USERS.validators()
    )
    planned_start = models.DateField(null=True, blank=True)
    planned_end = models.DateField(null=True, blank=True)
    status = models.CharField(max_length=20, choices=TestStatus.choices, default=TestStatus.PLANNED)
    started_at = models.DateTimeField(null=True, blank=True)
    concluded_at = models.DateTimeField(null=True, blank=True)
    result = models.CharField(max_length=20, choices=TestResult.choices, blank=True)
    decision = models.CharField(max_length=20, choices=TestDecision.choices, blank=True)
    rationale = models.TextField(blank=True)
    learnings = models.TextField(blank=True)
    decision_record = models.ForeignKey(
        "discovery.Decision", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-id"]
        indexes = [
            models.Index(fields=["organization", "team", "status"], name="atest_team_status"),
        ]
        constraints = [
            THRESHOLD.constraint("criterion_threshold", "atest_threshold_range"),
            CONFIDENCE_LEVEL.constraint("criterion_confidence", "atest_confidence_range"),
            PLANNED_USERS.constraint("planned_users", "atest_planned_users_range"),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_experiment(self) -> bool:
        return self.method == TestMethod.AB

    @property
    def is_overdue(self) -> bool:
        """Still running after its planned end (see ``queries.overdue_q``)."""
        from pom.core.validation import today

        return (
            self.status == TestStatus.RUNNING
            and self.planned_end is not None
            and self.planned_end < today()
        )

    @property
    def criterion_locked(self) -> bool:
        return self.status != TestStatus.PLANNED

    @property
    def criterion_text(self) -> str:
        """The decision rule in words, e.g. "relative lift ≥ 5% with 95% confidence"."""
        return self.criterion().describe(
            "continuous" if self.metric_kind == "continuous" else "binary"
        )

    def criterion(self) -> SuccessCriterion:
        from pom.experiments.stats import SuccessCriterion

        return SuccessCriterion(
            direction=self.criterion_direction,  # type: ignore[arg-type]
            kind=self.criterion_kind,  # type: ignore[arg-type]
            threshold=self.criterion_threshold,
            confidence=self.criterion_confidence,
        )


class ExperimentVariant(TenantModel):
    """One arm of an A/B experiment and its data; the first (position 0) is the control.

    A conversion metric stores users and conversions; a numeric metric stores n, mean and
    standard deviation (typed in, or summarised from an uploaded CSV of per-user values).
    """

    test = models.ForeignKey(AssumptionTest, on_delete=models.CASCADE, related_name="variants")
    name = models.CharField(max_length=80)
    position = models.PositiveSmallIntegerField(default=0)
    planned_share = models.FloatField(null=True, blank=True, validators=SHARE.validators())
    users = models.PositiveBigIntegerField(null=True, blank=True, validators=COUNT.validators())
    conversions = models.PositiveBigIntegerField(
        null=True, blank=True, validators=COUNT.validators()
    )
    n = models.PositiveBigIntegerField(null=True, blank=True, validators=COUNT.validators())
    mean = models.FloatField(null=True, blank=True, validators=MEAN.validators())
    sd = models.FloatField(null=True, blank=True, validators=SD.validators())

    class Meta:
        ordering = ["position", "id"]
        constraints = [
            models.UniqueConstraint(fields=["test", "name"], name="variant_unique_name"),
            SHARE.constraint("planned_share", "variant_share_range"),
            COUNT.constraint("users", "variant_users_range"),
            COUNT.constraint("conversions", "variant_conversions_range"),
            COUNT.constraint("n", "variant_n_range"),
            MEAN.constraint("mean", "variant_mean_range"),
            SD.constraint("sd", "variant_sd_range"),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def is_control(self) -> bool:
        return self.position == 0

    def as_stats(self, metric_kind: str) -> Variant | None:
        """The statistics module's view of this arm, or None while its data is incomplete."""
        from pom.experiments.stats import BinaryVariant, ContinuousVariant

        if metric_kind == MetricKind.BINARY:
            if self.users is None or self.conversions is None:
                return None
            return BinaryVariant(self.name, self.users, self.conversions, self.planned_share)
        if self.n is None or self.mean is None or self.sd is None:
            return None
        return ContinuousVariant(self.name, self.n, self.mean, self.sd, self.planned_share)
