"""Page forms of the transformation: shape and bounds; the services decide what is allowed."""

from __future__ import annotations

from django import forms

from pom.core.validation import today
from pom.transformation.models import (
    COACHING_CAPACITY,
    HUNGER_QUESTIONS,
    SCALE,
    ReadinessAssessment,
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
