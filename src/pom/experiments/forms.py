"""Forms of the experiments pages. They parse and check shape; the services decide what is allowed."""

from __future__ import annotations

from typing import Any

from django import forms

from pom.accounts.models import Membership
from pom.core.forms import DocumentForm
from pom.core.pickers import PickerField, bind, narrow
from pom.experiments.models import (
    EFFECT,
    MEAN,
    PLANNED_USERS,
    PROBABILITY,
    SD,
    SHARE,
    TREATMENTS,
    AssumptionStatus,
    CriterionDirection,
    CriterionKind,
    MetricKind,
    RiskType,
    TestDecision,
    TestMethod,
    TestResult,
)

SCALE_CHOICES = [(n, str(n)) for n in range(1, 6)]
MAX_CSV = 20 * 1024 * 1024


class AssumptionForm(forms.Form):
    solution = PickerField(
        "solutions", scope={"workable": 1}, label="Solution", help_text="One of your team's."
    )
    statement = forms.CharField(
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="What must be true for the solution to work, e.g. “Finance teams will pay extra for audit exports”.",
    )
    risk_type = forms.ChoiceField(choices=RiskType.choices, label="Risk type")
    importance = forms.TypedChoiceField(
        coerce=int, choices=SCALE_CHOICES, initial=3, help_text="5 = the solution fails without it."
    )
    evidence_strength = forms.TypedChoiceField(
        coerce=int,
        choices=SCALE_CHOICES,
        initial=1,
        label="Evidence strength",
        help_text="1 = opinion, 5 = strong evidence from real behaviour.",
    )

    def __init__(self, *args: Any, actor: Membership, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        bind(self, actor)


class AssumptionEditForm(AssumptionForm):
    status = forms.ChoiceField(choices=AssumptionStatus.choices)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        del self.fields["solution"]


class TestForm(forms.Form):
    __test__ = False

    team = PickerField("teams", scope={"workable": 1})
    title = forms.CharField(max_length=200)
    method = forms.ChoiceField(choices=TestMethod.choices)
    assumptions = PickerField(
        "assumptions",
        multiple=True,
        scope={"workable": 1},
        follow=("team",),
        required=False,
        help_text="The assumptions this test checks (the team's).",
    )
    hypothesis = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="We believe that … will result in … for …",
    )
    success_criterion = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 2}),
        label="Success criterion",
        help_text="Written before the test starts and locked once it does, e.g. “at least 5 % more sign-ups with 95 % confidence”.",
    )
    metric_name = forms.CharField(max_length=120, required=False, label="Metric (A/B only)")
    metric_kind = forms.ChoiceField(
        choices=[("", "—"), *MetricKind.choices], required=False, label="Metric kind (A/B only)"
    )
    criterion_direction = forms.ChoiceField(
        choices=CriterionDirection.choices, label="Better means the metric should"
    )
    criterion_kind = forms.ChoiceField(choices=CriterionKind.choices, label="Measured as")
    criterion_threshold = forms.FloatField(
        min_value=0,
        initial=0,
        label="Smallest improvement that counts",
        help_text="Relative: 0.05 = 5 %. Absolute: 0.01 = one percentage point of conversion, or units of the metric. 0 = any improvement.",
    )
    criterion_confidence = forms.FloatField(
        min_value=0.5, max_value=0.999, initial=0.95, label="Confidence"
    )
    sequential = forms.BooleanField(
        required=False,
        label="Sequential (always-valid) analysis",
        help_text="Lets you read the result at any time without inflating false positives; intervals are wider.",
    )
    planned_users = forms.IntegerField(
        min_value=1, required=False, label="Planned users (all variants)"
    )
    planned_start = forms.DateField(required=False, widget=forms.DateInput(attrs={"type": "date"}))
    planned_end = forms.DateField(required=False, widget=forms.DateInput(attrs={"type": "date"}))

    def __init__(
        self,
        *args: Any,
        actor: Membership,
        team: Any = None,
        locked: bool = False,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        if team is not None:
            # Editing: the team never changes, and the test checks only its assumptions.
            del self.fields["team"]
            narrow(self.fields["assumptions"], team=team.pk)
        bind(self, actor)
        if locked:
            for name in (
                "method",
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
            ):
                self.fields[name].disabled = True
            self.fields["success_criterion"].help_text = (
                "Locked when the test started: changing it now would move the goalposts. "
                "Plan a new test instead."
            )


class ConcludeForm(forms.Form):
    result = forms.ChoiceField(choices=TestResult.choices)
    decision = forms.ChoiceField(choices=TestDecision.choices)
    rationale = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 3}), help_text="Why this decision."
    )
    learnings = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 3}), required=False, help_text="What the team learned."
    )


class ValuesForm(DocumentForm):
    """Per-user values of a numeric test, as a CSV file or pasted rows (``variant,value``)."""

    max_bytes = MAX_CSV
    text_field = "csv"
    empty_message = "Choose a CSV file or paste rows of variant,value."

    file = forms.FileField(required=False, label="CSV file (variant,value per user)")
    content = None  # type: ignore[assignment]  # the text is the csv field
    csv = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
        max_length=MAX_CSV,
        label="…or paste rows",
    )

    def text(self) -> str:
        return str(self.cleaned_data[self.text_field])


class SampleSizeForm(forms.Form):
    """Planning inputs; anything left out takes the usual default (α 0.05, power 0.8, one treatment)."""

    DEFAULTS = {
        "metric": "binary",
        "effect": "relative",
        "alpha": "0.05",
        "power": "0.8",
        "treatments": "1",
        "treatment_ratio": "1",
    }

    metric = forms.ChoiceField(choices=MetricKind.choices, initial=MetricKind.BINARY)
    baseline = MEAN.form_field(
        label="Baseline", initial=0.1, help_text="Control conversion rate (0.1 = 10 %) or mean."
    )
    sd = SD.form_field(required=False, label="Standard deviation (numeric metrics)")
    mde = EFFECT.form_field(
        label="Minimum detectable effect", initial=0.05, help_text="0.05 = 5 % when relative."
    )
    effect = forms.ChoiceField(
        choices=[("relative", "Relative (0.05 = 5 %)"), ("absolute", "Absolute")],
        initial="relative",
        label="The effect is",
    )
    alpha = PROBABILITY.form_field(initial=0.05, label="α (false-positive rate)")
    power = PROBABILITY.form_field(initial=0.8, label="Power")
    treatments = TREATMENTS.form_field(initial=1, label="Treatment variants")
    treatment_ratio = SHARE.form_field(
        initial=1.0, label="Users per treatment for each control user"
    )
    daily_users = PLANNED_USERS.form_field(required=False, label="Eligible users per day")
