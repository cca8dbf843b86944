"""Forms of the discovery pages. They parse and check shape; the services decide what is allowed."""

from __future__ import annotations

import re
from typing import Any

from django import forms
from django.utils import timezone

from pom.accounts.models import Membership
from pom.core.forms import DocumentForm
from pom.core.pickers import PickerField, bind, preselect_sole
from pom.discovery.models import (
    OPEN_STATUSES,
    THRESHOLD,
    Comparison,
    DecisionKind,
    DecisionStatus,
    InputKind,
    InsightKind,
    Origin,
    ReviewOutcome,
    SolutionStatus,
    Stage,
    TouchpointKind,
)
from pom.discovery.services import IMPORT_FORMATS

TAG = re.compile(r"(?<!\w)#([\w-]+)")
SIZING_CHOICES = [("", "—")] + [(str(n), str(n)) for n in range(1, 6)]
MAX_UPLOAD = 2 * 1024 * 1024


def parse_insight_lines(text: str) -> list[dict[str, Any]]:
    """One insight per line; ``#tags`` anywhere on the line; a line in quotes is a quote, else an observation."""
    items: list[dict[str, Any]] = []
    for number, raw in enumerate((text or "").splitlines(), start=1):
        line = raw.strip().lstrip("-•* ").strip()
        if not line:
            continue
        tags = [t.lower() for t in TAG.findall(line)]
        body = " ".join(TAG.sub("", line).split())
        if not body:
            raise forms.ValidationError(f"Line {number} has tags but no insight text.")
        quoted = body[:1] in "\"“'" and body[-1:] in "\"”'" and len(body) > 2
        items.append(
            {
                "text": body[1:-1].strip() if quoted else body,
                "kind": InsightKind.QUOTE if quoted else InsightKind.OBSERVATION,
                "tags": tags,
            }
        )
    return items


class DateInput(forms.DateInput):
    input_type = "date"


class TouchpointForm(forms.Form):
    team = PickerField("teams", scope={"workable": 1})
    happened_on = forms.DateField(label="Date", widget=DateInput)
    kind = forms.ChoiceField(choices=TouchpointKind.choices, initial=TouchpointKind.INTERVIEW)
    customer_name = forms.CharField(label="Customer", max_length=200, required=False)
    company = forms.CharField(max_length=200, required=False)
    segment = forms.CharField(max_length=120, required=False)
    attendees = PickerField(
        "people",
        multiple=True,
        follow=("team",),
        required=False,
        label="Who attended",
        help_text="The team's people come first; anyone in the organization can be picked.",
    )
    summary = forms.CharField(max_length=500, required=False)
    insights = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 5}),
        required=False,
        label="Insights",
        help_text='One per line. Put quotes in "quotation marks"; add #tags anywhere.',
    )
    recording_url = forms.URLField(
        label="Recording link", required=False, max_length=500, assume_scheme="https"
    )
    notes = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}), required=False)

    def __init__(self, *args: Any, actor: Membership, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        bind(self, actor)
        self.fields["happened_on"].initial = timezone.localdate()

    def clean_insights(self) -> list[dict[str, Any]]:
        return parse_insight_lines(self.cleaned_data.get("insights", ""))


class InsightForm(forms.Form):
    team = PickerField("teams", scope={"workable": 1})
    text = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}), label="Quote or observation")
    kind = forms.ChoiceField(choices=InsightKind.choices)
    source = forms.CharField(
        max_length=200, required=False, help_text="Where it came from: a ticket, a call, a survey…"
    )
    customer = forms.CharField(max_length=200, required=False)
    company = forms.CharField(max_length=200, required=False)
    tags = forms.CharField(max_length=300, required=False, help_text="Comma-separated.")
    observed_on = forms.DateField(widget=DateInput, required=False, label="Observed on")

    def __init__(self, *args: Any, actor: Membership, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        bind(self, actor)


class TouchpointEditForm(TouchpointForm):
    """A logged touchpoint's own fields; its team stays, its insights are edited one by one."""

    def __init__(self, *args: Any, actor: Membership, **kwargs: Any) -> None:
        super().__init__(*args, actor=actor, **kwargs)
        del self.fields["team"]
        del self.fields["insights"]
        # No team field to follow: the attendees picker searches the organization's people.
        attendees = self.fields["attendees"]
        attendees.follow = {}  # type: ignore[attr-defined]
        attendees.widget.follow = {}  # type: ignore[attr-defined]


class InsightEditForm(InsightForm):
    """An insight's words, kind, origin and tags; it stays with its team."""

    def __init__(self, *args: Any, actor: Membership, **kwargs: Any) -> None:
        super().__init__(*args, actor=actor, **kwargs)
        del self.fields["team"]
        self.fields["observed_on"].required = True


class OpportunityForm(forms.Form):
    title = forms.CharField(
        max_length=200, help_text="From the customer's side: “I can't…”, “I want…”."
    )
    description = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}), required=False)
    stage = forms.ChoiceField(choices=Stage.choices)
    reach = forms.ChoiceField(choices=SIZING_CHOICES, required=False)
    frequency = forms.ChoiceField(choices=SIZING_CHOICES, required=False)
    severity = forms.ChoiceField(choices=SIZING_CHOICES, required=False)
    targeted = forms.BooleanField(required=False, label="Targeted: the one we are working on")


class NewOpportunityForm(forms.Form):
    title = forms.CharField(
        max_length=200, label="New opportunity", help_text="From the customer's side."
    )
    parent = forms.TypedChoiceField(coerce=int, required=False, empty_value=None, label="Under")

    def __init__(self, *args: Any, parents: list[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["parent"].choices = [("", "The outcome (top level)")] + [  # type: ignore[attr-defined]
            (o.pk, o.title) for o in parents
        ]


class SolutionForm(forms.Form):
    title = forms.CharField(max_length=200)
    description = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}), required=False)
    status = forms.ChoiceField(choices=SolutionStatus.choices)
    origin = forms.ChoiceField(choices=Origin.choices)


class InputForm(forms.Form):
    kind = forms.ChoiceField(
        choices=InputKind.choices, help_text="Suggestion, constraint, context or decision."
    )
    text = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}), label="Your input")
    team = PickerField(
        "teams", required=False, empty_label="No team in particular", label="For team"
    )
    outcome = PickerField(
        "outcomes",
        required=False,
        follow=("team",),
        empty_label="No outcome in particular",
        label="About outcome",
    )
    requested_solution = forms.CharField(
        max_length=300,
        required=False,
        label="A solution you have in mind (optional)",
        help_text="Naming a solution makes the input a suggestion: the team owns the how and may "
        "choose another way.",
    )

    def __init__(
        self,
        *args: Any,
        actor: Membership,
        can_decide: bool = False,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        bind(self, actor)
        if not can_decide:
            # Only leaders file decisions; the service refuses it too, this just doesn't offer it.
            kind = self.fields["kind"]
            kind.choices = [c for c in InputKind.choices if c[0] != InputKind.DECISION]  # type: ignore[attr-defined]
            kind.help_text = "Suggestion, constraint or context: the team decides how."


class DecisionEditForm(forms.Form):
    """What a decision says, what it is about, when to revisit it and the principles it cites."""

    title = forms.CharField(max_length=300, label="What was decided")
    decided_by = forms.CharField(
        max_length=200, required=False, label="Decided by", help_text="A person, role or group."
    )
    decided_on = forms.DateField(widget=DateInput, label="Date")
    rationale = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 3}), required=False, label="Why"
    )
    reversible = forms.BooleanField(required=False, initial=True, label="Reversible")
    team = PickerField("teams", required=False, empty_label="No team: the organization's")
    revisit_on = forms.DateField(
        widget=DateInput, required=False, label="Revisit on", help_text="A date to look again."
    )
    revisit_metric = PickerField(
        "metrics", required=False, empty_label="No metric", label="…or revisit if the metric"
    )
    revisit_comparison = forms.ChoiceField(
        choices=[("", "—"), *Comparison.choices], required=False, label="Comparison"
    )
    revisit_threshold = THRESHOLD.form_field(
        required=False, label="Threshold", help_text="In the metric's unit, e.g. 30 for 30%."
    )
    principles = forms.TypedMultipleChoiceField(
        coerce=int,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label="Principles it follows",
    )

    def __init__(
        self,
        *args: Any,
        actor: Membership,
        principles: list[Any] = (),  # type: ignore[assignment]
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        bind(self, actor)
        self.fields["decided_on"].initial = timezone.localdate()
        self.fields["principles"].choices = [  # type: ignore[attr-defined]
            (p.pk, f"{p.position}. {p.text}") for p in principles
        ]
        if not principles:
            self.fields[
                "principles"
            ].help_text = "No principles yet: leaders write them on the Strategy › Principles page."


class DecisionForm(DecisionEditForm):
    """A new decision: also whose call it is, and whether it is only proposed yet."""

    kind = forms.ChoiceField(choices=DecisionKind.choices, label="Whose decision")
    status = forms.ChoiceField(
        choices=[(s, DecisionStatus(s).label) for s in OPEN_STATUSES],
        initial=DecisionStatus.ACCEPTED,
        required=False,
        label="Status",
    )
    field_order = ["title", "kind", "status", "decided_by", "decided_on", "rationale"]


class DecisionStatusForm(forms.Form):
    status = forms.ChoiceField(choices=DecisionStatus.choices, label="New status")
    superseded_by = forms.IntegerField(
        required=False, min_value=1, widget=forms.HiddenInput, label="Superseded by"
    )


class DecisionReviewForm(forms.Form):
    outcome = forms.ChoiceField(
        choices=ReviewOutcome.choices, widget=forms.RadioSelect, label="Outcome"
    )
    note = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 2}), required=False, max_length=5_000, label="Note"
    )
    next_revisit_on = forms.DateField(
        widget=DateInput, required=False, label="Revisit next on", help_text="Keep or postpone."
    )
    superseded_by = forms.IntegerField(
        required=False, min_value=1, widget=forms.HiddenInput, label="Superseded by"
    )


class ImportForm(DocumentForm):
    """Notes to import: uploaded on the first step, carried hidden through the preview."""

    max_bytes = MAX_UPLOAD
    other_encoding = "latin-1"
    empty_message = "Choose a file to import."
    field_order = ["team", "format", "kind", "file", "content", "filename"]

    team = PickerField("teams", scope={"workable": 1})
    format = forms.ChoiceField(choices=list(IMPORT_FORMATS.items()))
    kind = forms.ChoiceField(
        choices=TouchpointKind.choices,
        initial=TouchpointKind.INTERVIEW,
        label="Touchpoint kind (CSV notes)",
    )
    file = forms.FileField(required=False)
    content = forms.CharField(widget=forms.HiddenInput, required=False)
    filename = forms.CharField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args: Any, actor: Membership, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        bind(self, actor)
        preselect_sole(self, "team")
