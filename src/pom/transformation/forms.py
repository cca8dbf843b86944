"""Page forms of the transformation: shape and bounds; the services decide what is allowed."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django import forms

from pom.accounts.models import Membership
from pom.core.pickers import PickerField, bind
from pom.core.validation import today
from pom.transformation.models import (
    CLARITY_QUESTIONS,
    COACHING_CAPACITY,
    CONTRIBUTION_MAX,
    HUNGER_QUESTIONS,
    PRIORITIES,
    PRIORITY_MAX,
    SCALE,
    Audience,
    BlockerKind,
    BlockerStatus,
    ObjectionKind,
    ObjectionStatus,
    ReadinessAssessment,
    WaveStatus,
)

LONG = forms.Textarea(attrs={"rows": 3})


def _help(name: str) -> str:
    return str(getattr(ReadinessAssessment._meta.get_field(name), "help_text", ""))


class ReadinessForm(forms.Form):
    assessed_on = forms.DateField(
        label="Assessed on", initial=today, widget=forms.DateInput(attrs={"type": "date"})
    )
    ceo_belief = SCALE.form_field(
        label="CEO belief (1–5)",
        help_text="1 = the CEO thinks today's way of working is fine; 5 = the CEO says it will not win tomorrow.",
    )
    ceo_belief_evidence = forms.CharField(
        label="What the CEO said or did",
        required=False,
        max_length=4000,
        widget=LONG,
    )
    pain_missed_targets = forms.BooleanField(label="Missed targets", required=False)
    pain_margin_pressure = forms.BooleanField(label="Margin pressure", required=False)
    pain_lost_share = forms.BooleanField(label="Lost market share", required=False)
    pain_evidence = forms.CharField(
        label="Evidence of the pain",
        required=False,
        max_length=4000,
        widget=LONG,
        help_text=_help("pain_evidence"),
    )
    trigger_competition = forms.BooleanField(label="Competition", required=False)
    trigger_tech_spend = forms.BooleanField(
        label="Heavy tech spend with little impact", required=False
    )
    trigger_competitors_succeed = forms.BooleanField(
        label="Competitors succeeding with the product model", required=False
    )
    sponsor = forms.CharField(
        label="Executive sponsor", required=False, max_length=150, help_text=_help("sponsor")
    )
    coaching_capacity = COACHING_CAPACITY.form_field(
        label="Coaching capacity (teams)", initial=0, help_text=_help("coaching_capacity")
    )
    notes = forms.CharField(label="Notes", required=False, max_length=4000, widget=LONG)

    PAIN_FIELDS = ("pain_missed_targets", "pain_margin_pressure", "pain_lost_share")
    TRIGGER_FIELDS = ("trigger_competition", "trigger_tech_spend", "trigger_competitors_succeed")


class ChooseForm(forms.Form):
    reason = forms.CharField(
        label="Why this team",
        max_length=2000,
        widget=LONG,
        help_text="Kept with the choice: what you saw in the criteria, and what you expect the pilot to prove.",
    )


class EndPilotForm(forms.Form):
    reason = forms.CharField(label="Why the pilot ends", max_length=2000, widget=LONG)
    graduated = forms.BooleanField(
        label="The team graduates: it keeps working in the product model", required=False
    )


class HungerForm(forms.Form):
    beginners = SCALE.form_field(
        label=HUNGER_QUESTIONS[0][1], help_text="1 = not us, 5 = very much us"
    )
    time_to_learn = SCALE.form_field(
        label=HUNGER_QUESTIONS[1][1], help_text="1 = not us, 5 = very much us"
    )
    feedback = SCALE.form_field(
        label=HUNGER_QUESTIONS[2][1], help_text="1 = not us, 5 = very much us"
    )
    note = forms.CharField(label="Anything to add", required=False, max_length=2000, widget=LONG)


# --- Rollout ------------------------------------------------------------------------------------

DATE = forms.DateInput(attrs={"type": "date"})


class WaveForm(forms.Form):
    name = forms.CharField(label="Name", max_length=120)
    starts_on = forms.DateField(label="Starts on", widget=DATE)
    ends_on = forms.DateField(label="Ends on", required=False, widget=DATE)
    coach = forms.EmailField(
        label="Coach (email)",
        required=False,
        help_text="The coach paired with this wave, as on the People page.",
    )
    teams = forms.CharField(
        label="Teams",
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="One team name or slug per line.",
    )
    status = forms.ChoiceField(
        label="Status", choices=WaveStatus.choices, initial=WaveStatus.PLANNED
    )
    notes = forms.CharField(label="Notes", required=False, max_length=4000, widget=LONG)


class BlockerForm(forms.Form):
    title = forms.CharField(label="Blocker", max_length=200)
    kind = forms.ChoiceField(label="Kind", choices=BlockerKind.choices)
    description = forms.CharField(
        label="What happened", required=False, max_length=4000, widget=LONG
    )
    found_by = forms.CharField(
        label="Surfaced by (team)",
        required=False,
        max_length=120,
        help_text="The pilot team that ran into it.",
    )
    owner = forms.EmailField(
        label="Owner (email)", required=False, help_text="Who fixes it, as on the People page."
    )
    status = forms.ChoiceField(
        label="Status", choices=BlockerStatus.choices, initial=BlockerStatus.OPEN
    )
    resolution = forms.CharField(
        label="How it was fixed", required=False, max_length=4000, widget=LONG
    )


class ObjectionForm(forms.Form):
    kind = forms.ChoiceField(label="Objection", choices=ObjectionKind.choices)
    raised_by = forms.CharField(
        label="Raised by",
        max_length=150,
        help_text="A role or a name, e.g. 'sales VP' or 'team Checkout'.",
    )
    team = forms.CharField(label="Team (optional)", required=False, max_length=120)
    statement = forms.CharField(label="What was said", max_length=4000, widget=LONG)
    response = forms.CharField(label="Response tried", required=False, max_length=4000, widget=LONG)
    status = forms.ChoiceField(
        label="Status", choices=ObjectionStatus.choices, initial=ObjectionStatus.OPEN
    )


# --- The clarity pulse --------------------------------------------------------------------------


class PulseForm(forms.Form):
    title = forms.CharField(label="Title", max_length=200, initial="Monday morning test")
    audience = forms.ChoiceField(
        label="Who is asked", choices=Audience.choices, initial=Audience.ORGANIZATION
    )
    team_ids = PickerField(
        "teams",
        multiple=True,
        required=False,
        label="Teams",
        help_text="Only when chosen teams are asked: everyone on them gets a link.",
    )
    opens_on = forms.DateField(label="Opens on", initial=today, widget=DATE)
    closes_on = forms.DateField(label="Closes on", widget=DATE)

    def __init__(self, *args: Any, actor: Membership, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        bind(self, actor)
        if not self.is_bound and "closes_on" not in self.initial:
            self.initial["closes_on"] = today() + timedelta(days=14)


class AnswerForm(forms.Form):
    """The two fixed questions; the first asks for three short answers."""

    priority_1 = forms.CharField(label="First", max_length=PRIORITY_MAX)
    priority_2 = forms.CharField(label="Second", max_length=PRIORITY_MAX, required=False)
    priority_3 = forms.CharField(label="Third", max_length=PRIORITY_MAX, required=False)
    contribution = forms.CharField(
        label=CLARITY_QUESTIONS["contribution"],
        max_length=CONTRIBUTION_MAX,
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )

    def priorities(self) -> list[str]:
        return [self.cleaned_data.get(f"priority_{n}", "") for n in range(1, PRIORITIES + 1)]
