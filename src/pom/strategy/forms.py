"""Forms of the strategy pages. Server-side validation is the truth; services have the last word."""

from __future__ import annotations

import re
from typing import Any

from django import forms
from django.core.exceptions import ValidationError

from pom.accounts.models import Membership
from pom.core import pickers
from pom.core.forms import DocumentForm
from pom.core.pickers import PickerField, bind, narrow
from pom.strategy.models import (
    CONFIDENCE,
    HEADCOUNT,
    METRIC_VALUE,
    MONEY,
    PRINCIPLE_POSITION,
    RANK,
    RULE_LIMIT,
    STALE_DAYS,
    BetStatus,
    CheckInStatus,
    Cycle,
    Direction,
    Level,
    Outcome,
    OutcomeStatus,
    ProjectReason,
    StrategicBet,
)
from pom.strategy.services.refs import resolve
from pom.teams.models import Person, Team

DATE = forms.DateInput(attrs={"type": "date"})


class VisionForm(forms.Form):
    statement = forms.CharField(
        label="Vision",
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Where the product is going, in a sentence or two customers would recognise.",
    )
    horizon = forms.CharField(label="Horizon", max_length=60, required=False, help_text="e.g. 2030")


class SettingsForm(forms.Form):
    stale_after_days = STALE_DAYS.form_field(
        label="Stale after (days)",
        help_text="No check-in for this long marks an outcome stale.",
    )
    max_active_bets = RULE_LIMIT.form_field(label="Most active bets")
    max_outcomes_per_team = RULE_LIMIT.form_field(label="Most outcomes per team per cycle")
    max_teams_per_outcome = RULE_LIMIT.form_field(
        label="Most teams on one outcome (without a split)"
    )


def _person_by_email(actor: Membership, email: str, field: str) -> Person | None:
    email = (email or "").strip()
    if not email:
        return None
    person = Person.objects.for_member(actor).filter(email__iexact=email).first()
    if person is None:
        raise ValidationError({field: f"Nobody with the email {email} is in the people directory."})
    return person


class BetForm(forms.Form):
    title = forms.CharField(max_length=200, help_text="Where you choose to win.")
    insight = forms.CharField(
        label="Market insight",
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="What you know about the market that makes this bet worth it.",
    )
    tradeoffs = forms.CharField(
        label="Trade-offs",
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="What you explicitly sacrifice or will not do for this bet.",
    )
    rank = RANK.form_field(required=False, help_text="1 is the most important; empty puts it last.")
    time_frame = forms.CharField(label="Time frame", max_length=60, required=False)
    status = forms.ChoiceField(choices=BetStatus.choices, initial=BetStatus.ACTIVE)
    owner_email = forms.CharField(
        label="Owner (email)",
        max_length=254,
        required=False,
        help_text="From the people directory.",
    )
    insert = forms.BooleanField(
        label="Insert at this rank and move the bets below down one place", required=False
    )

    def __init__(self, *args: Any, offer_insert: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not offer_insert:
            self.fields["insert"].widget = forms.HiddenInput()

    def service_data(self, actor: Membership) -> dict[str, Any]:
        data = dict(self.cleaned_data)
        data.pop("insert", None)
        data["owner"] = _person_by_email(actor, data.pop("owner_email", ""), "owner_email")
        return data


class CycleForm(forms.Form):
    name = forms.CharField(max_length=60, help_text="e.g. 2026 Q3")
    start = forms.DateField(widget=DATE)
    end = forms.DateField(widget=DATE)


GUARDRAIL_LINE = re.compile(
    r"^(?P<metric>.+?)\s*(?P<op><=|>=|≤|≥|at most|at least|max|min)\s*(?P<limit>-?[\d.,]+)\s*\S*$",
    re.IGNORECASE,
)


def parse_guardrails(text: str) -> list[dict[str, Any]]:
    """“refund rate <= 2%” per line → [{metric, comparison, limit}]; errors name the line."""
    result = []
    for n, line in enumerate((text or "").splitlines(), start=1):
        line = line.strip()
        if not line:
            continue
        match = GUARDRAIL_LINE.match(line)
        if not match:
            raise ValidationError(
                f"Line {n} (“{line}”): write a guardrail as “metric <= limit” or “metric at least limit”."
            )
        op = match["op"].lower()
        comparison = "at_most" if op in ("<=", "≤", "at most", "max") else "at_least"
        try:
            limit = float(match["limit"].replace(",", ""))
        except ValueError:
            raise ValidationError(f"Line {n}: {match['limit']!r} is not a number.") from None
        result.append({"metric": match["metric"].strip(), "comparison": comparison, "limit": limit})
    return result


def read_guardrails(text: str) -> tuple[list[dict[str, Any]], str | None]:
    """The guardrails a text holds, and what is wrong with it (``None`` when nothing is)."""
    try:
        return parse_guardrails(text), None
    except ValidationError as exc:
        return [], exc.messages[0]


def guardrails_text(guardrails: list[dict[str, Any]]) -> str:
    lines = []
    for g in guardrails or []:
        op = "<=" if g.get("comparison", "at_most") == "at_most" else ">="
        limit = g.get("limit")
        shown = f"{limit:g}" if isinstance(limit, int | float) else str(limit)
        lines.append(f"{g.get('metric', '')} {op} {shown}")
    return "\n".join(lines)


class OutcomeForm(forms.Form):
    title = forms.CharField(
        max_length=200,
        help_text="A change in what customers or the business do, not a feature to ship.",
    )
    level = forms.ChoiceField(choices=Level.choices, initial=Level.TEAM)
    owner_team = PickerField(
        "teams", scope={"workable": 1}, required=False, label="Owner team", empty_label="No team"
    )
    parent = PickerField(
        "outcomes",
        scope={"parents": 1},
        required=False,
        label="Contributes to (parent outcome)",
        empty_label="None",
        placeholder="Type to find a business or product outcome",
    )
    bet = forms.ModelChoiceField(
        queryset=StrategicBet.objects.none(),
        required=False,
        label="Serves bet",
        empty_label="— none —",
    )
    metric_name = forms.CharField(label="Metric", max_length=160, required=False)
    metric_unit = forms.CharField(
        label="Unit", max_length=30, required=False, help_text="%, EUR, ms, count…"
    )
    segment = forms.CharField(
        max_length=200,
        required=False,
        help_text="Whose behaviour changes, e.g. “self-serve SMB accounts”.",
    )
    direction = forms.ChoiceField(choices=Direction.choices, initial=Direction.INCREASE)
    baseline_value = METRIC_VALUE.form_field(label="Baseline value", required=False)
    baseline_date = forms.DateField(label="Baseline measured on", required=False, widget=DATE)
    target_value = METRIC_VALUE.form_field(label="Target value", required=False)
    deadline = forms.DateField(required=False, widget=DATE)
    current_value = METRIC_VALUE.form_field(
        label="Current value",
        required=False,
        help_text="Kept by hand until a metric is linked; each check-in updates it.",
    )
    guardrails = forms.CharField(
        required=False,
        widget=forms.Textarea(
            attrs={"rows": 2, "placeholder": "refund rate <= 2\np95 page load at most 800"}
        ),
        help_text="Other metrics that must hold, one per line: “metric <= limit” or “metric >= limit”.",
    )
    tradeoffs = forms.CharField(
        label="Trade-offs", required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    description = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 3}))
    status = forms.ChoiceField(choices=OutcomeStatus.choices, initial=OutcomeStatus.DRAFT)

    def __init__(
        self, *args: Any, actor: Membership, instance: Outcome | None = None, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.actor = actor
        if instance is not None and instance.pk:
            narrow(self.fields["parent"], besides=instance.pk)
        bind(self, actor)
        self.fields["bet"].queryset = StrategicBet.objects.for_org(  # type: ignore[attr-defined]
            actor.organization_id
        ).filter(status=BetStatus.ACTIVE)

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        # The pickers checked the ids; the services take the rows.
        for name, model in (("owner_team", Team), ("parent", Outcome)):
            if cleaned.get(name):
                cleaned[name] = resolve(model, self.actor, cleaned[name], name)
        return cleaned

    def clean_guardrails(self) -> list[dict[str, Any]]:
        return parse_guardrails(self.cleaned_data.get("guardrails", ""))

    @staticmethod
    def initial_from(outcome: Outcome) -> dict[str, Any]:
        data = {
            name: getattr(outcome, name)
            for name in (
                "title",
                "level",
                "metric_name",
                "metric_unit",
                "segment",
                "direction",
                "baseline_value",
                "baseline_date",
                "target_value",
                "deadline",
                "current_value",
                "tradeoffs",
                "description",
                "status",
            )
        }
        data.update(
            owner_team=outcome.owner_team_id,
            parent=outcome.parent_id,
            bet=outcome.bet_id,
            guardrails=guardrails_text(outcome.guardrails),
        )
        return data


class CheckInForm(forms.Form):
    value = METRIC_VALUE.form_field(
        label="Current value", help_text="Where the metric stands today."
    )
    status = forms.ChoiceField(
        choices=CheckInStatus.choices,
        widget=forms.RadioSelect,
        label="Is the outcome on track?",
        help_text="On track, at risk or off track to reach the target by the deadline.",
    )
    confidence = CONFIDENCE.form_field(
        help_text="0 = no chance of reaching the target by the deadline, 10 = certain.",
        widget=forms.NumberInput(attrs={"min": 0, "max": 10}),
    )
    date = forms.DateField(required=False, widget=DATE, help_text="Empty means today.")
    commentary = forms.CharField(
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="What moved the number, what you learned.",
    )
    blockers = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args: Any, guardrails: list[Any] | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # One reading per guardrail, so a check-in says whether each one held.
        self.guardrail_names: dict[str, str] = {}
        for i, g in enumerate(g for g in guardrails or [] if isinstance(g, dict)):
            metric = str(g.get("metric") or "").strip()
            if not metric:
                continue
            bound = "at least" if g.get("comparison") == "at_least" else "at most"
            name = f"guardrail_{i}"
            self.fields[name] = forms.FloatField(
                required=False,
                label=f"{metric} now",
                help_text=f"Guardrail: must stay {bound} {g.get('limit')}.",
            )
            self.guardrail_names[name] = metric

    def service_data(self) -> dict[str, Any]:
        data = {k: v for k, v in self.cleaned_data.items() if k not in self.guardrail_names}
        data["guardrails"] = {
            metric: self.cleaned_data[name]
            for name, metric in self.guardrail_names.items()
            if self.cleaned_data.get(name) is not None
        }
        return data


class CommitForm(forms.Form):
    team = PickerField("teams", scope={"workable": 1})
    cycle = forms.ModelChoiceField(queryset=Cycle.objects.none(), empty_label=None)
    note = forms.CharField(max_length=300, required=False)

    def __init__(self, *args: Any, actor: Membership, query: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.actor = actor
        bind(self, actor, query=query)
        self.fields["cycle"].queryset = Cycle.objects.for_member(actor)  # type: ignore[attr-defined]

    def clean_team(self) -> Team | None:
        pk = self.cleaned_data.get("team")
        return resolve(Team, self.actor, pk, "team") if pk else None

    def offered(self) -> bool:
        """Whether the member has a team to commit (the form is shown only then)."""
        return pickers.source("teams").rows(self.actor, {"workable": 1}).exists()


class CycleCommitForm(forms.Form):
    """On the planning page: commit the team being planned to one of its outcomes (an outcome
    it owns or nobody owns, draft or committed)."""

    team = forms.ModelChoiceField(queryset=Team.objects.none(), widget=forms.HiddenInput)
    outcome = PickerField("outcomes", placeholder="Type to find one of the team's outcomes")
    note = forms.CharField(max_length=300, required=False)

    def __init__(
        self, *args: Any, actor: Membership, team: Team | None, query: Any = None, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.actor = actor
        self.fields["team"].queryset = Team.objects.for_org(actor.organization_id)  # type: ignore[attr-defined]
        if team is not None:
            self.initial["team"] = team.pk
            narrow(self.fields["outcome"], plannable=team.pk, team=team.pk)
        bind(self, actor, query=query)

    def clean_outcome(self) -> Outcome | None:
        pk = self.cleaned_data.get("outcome")
        return resolve(Outcome, self.actor, pk, "outcome") if pk else None

    def offered(self) -> bool:
        """Whether the team has an outcome it could commit to (the form is shown only then)."""
        field = self.fields["outcome"]
        assert isinstance(field, PickerField)
        return pickers.source("outcomes").rows(self.actor, field.scope).exists()


class ProjectForm(forms.Form):
    name = forms.CharField(max_length=200)
    reason = forms.ChoiceField(
        choices=ProjectReason.choices, help_text="Why this work stays project-based."
    )
    start = forms.DateField(widget=DATE)
    end = forms.DateField(widget=DATE)
    budget = MONEY.form_field(required=False)
    sponsor_email = forms.CharField(label="Sponsor (email)", max_length=254, required=False)
    scope = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 3}))

    def service_data(self, actor: Membership) -> dict[str, Any]:
        data = dict(self.cleaned_data)
        data["sponsor"] = _person_by_email(actor, data.pop("sponsor_email", ""), "sponsor_email")
        return data


class FundingForm(forms.Form):
    target = forms.ChoiceField(label="Fund", help_text="Exactly one team, outcome or project.")
    amount = MONEY.form_field(required=False)
    headcount = HEADCOUNT.form_field(required=False, label="Headcount (people)")
    rationale = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args: Any, choices: list[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["target"].choices = [("", "— choose —"), *choices]  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("amount") is None and data.get("headcount") is None and not self.errors:
            raise ValidationError({"amount": "Give an amount, a headcount, or both."})
        return data


class CommentForm(forms.Form):
    body = forms.CharField(
        label="Comment",
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Input and questions; the team decides.",
    )


class ImportForm(DocumentForm):
    """A strategy document (YAML, as exported) or an OKR spreadsheet (CSV) to import."""

    kind = forms.ChoiceField(
        label="What are you importing?",
        choices=[("yaml", "Strategy document (YAML)"), ("csv", "OKR spreadsheet (CSV)")],
    )
    allow_warnings = forms.BooleanField(
        required=False,
        label="Import even with clarity warnings",
        help_text="Errors always refuse; warnings (a vague title, no baseline) refuse unless this is on.",
    )
    replace = forms.BooleanField(
        required=False,
        label="Replace today's strategy (YAML)",
        help_text="Needed when the organization already has a strategy: it is swapped for the document's.",
    )
    field_order = ("kind", "file", "content", "allow_warnings", "replace")


class PrincipleForm(forms.Form):
    """A product principle: the belief, why the organization holds it, and (new ones) its place."""

    text = forms.CharField(
        max_length=300, label="Principle", help_text="One sentence, e.g. “Clarity over features.”"
    )
    rationale = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        max_length=5_000,
        label="Why we hold it",
    )
    position = PRINCIPLE_POSITION.form_field(
        required=False, label="Position", help_text="Leave empty to add it at the end."
    )
