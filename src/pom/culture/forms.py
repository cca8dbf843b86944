"""Page forms of the culture pillar: shape and bounds; the services decide what is allowed."""

from __future__ import annotations

from django import forms

from pom.culture.models import EVERY_WEEKS, TEAM_RITUALS, LearningSource, WebhookKind
from pom.culture.services import NARRATIVE_LIMIT


class DemoForm(forms.Form):
    title = forms.CharField(
        max_length=200, required=False, help_text="Left empty: “<team> demo, <last day>”."
    )
    period_start = forms.DateField(
        label="From", widget=forms.DateInput(attrs={"type": "date"}), required=False
    )
    period_end = forms.DateField(
        label="To", widget=forms.DateInput(attrs={"type": "date"}), required=False
    )
    narrative = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 5}),
        max_length=NARRATIVE_LIMIT,
        required=False,
        help_text="A few sentences on top, in the team's own words. Everything else is compiled.",
    )


class ReviewForm(forms.Form):
    title = forms.CharField(max_length=200)
    notes = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 6}),
        max_length=NARRATIVE_LIMIT,
        required=False,
        help_text="What the leaders take away: the conversations to have, and with whom.",
    )


class LearningForm(forms.Form):
    team = forms.IntegerField(widget=forms.HiddenInput, required=False)
    test = forms.IntegerField(widget=forms.HiddenInput, required=False)
    title = forms.CharField(max_length=200)
    what_happened = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
        label="What happened",
        help_text="The facts, without blame: what we expected, what happened instead.",
    )
    lesson = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 4}),
        label="What we learned",
        help_text="And what we will do differently.",
    )
    source = forms.ChoiceField(choices=LearningSource.choices, label="Taught by")
    tags = forms.CharField(max_length=500, required=False, help_text="Comma-separated.")
    learned_on = forms.DateField(
        widget=forms.DateInput(attrs={"type": "date"}), required=False, label="Learned on"
    )


class CadenceForm(forms.Form):
    """How often a team holds one of its rituals (the service checks who may set it)."""

    kind = forms.ChoiceField(choices=[(k.value, k.label) for k in TEAM_RITUALS], label="Ritual")
    every_weeks = EVERY_WEEKS.form_field(
        label="Every how many weeks", initial=2, help_text="From 1 (weekly) to 26 (twice a year)."
    )
    starts_on = forms.DateField(
        label="First due on",
        widget=forms.DateInput(attrs={"type": "date"}),
        required=False,
        help_text="When it is due if it was never held. Left empty: today.",
    )


class ReviewCadenceForm(forms.Form):
    """How often the leaders hold the portfolio review."""

    every_weeks = EVERY_WEEKS.form_field(
        label="Every how many weeks", initial=4, help_text="From 1 (weekly) to 26 (twice a year)."
    )
    starts_on = forms.DateField(
        label="First due on",
        widget=forms.DateInput(attrs={"type": "date"}),
        required=False,
        help_text="When it is due if no review was ever held. Left empty: today.",
    )


class RetroForm(forms.Form):
    held_on = forms.DateField(
        label="Held on",
        widget=forms.DateInput(attrs={"type": "date"}),
        required=False,
        help_text="Left empty: today.",
    )
    note = forms.CharField(
        max_length=500, required=False, help_text="A line to remember it by (optional)."
    )


class PreferencesForm(forms.Form):
    digest = forms.BooleanField(
        required=False,
        label="Send me the weekly digest",
        help_text="Once a week, by email: what needs you in this organization.",
    )
    digest_todo = forms.BooleanField(
        required=False,
        label="In it: what needs me",
        help_text="Your home's to-do list: stale outcomes, input to triage, tests past their end…",
    )
    digest_rituals = forms.BooleanField(
        required=False,
        label="In it: overdue rituals",
        help_text="Your teams' demos, check-ins and retros late by their cadence.",
    )
    triage_replies = forms.BooleanField(
        required=False,
        label="Tell me when my input is triaged",
        help_text="An email when a team links, routes, declines or merges input you gave.",
    )


class WebhookForm(forms.Form):
    kind = forms.ChoiceField(choices=WebhookKind.choices, label="Chat")
    url = forms.CharField(
        max_length=500,
        required=False,
        label="Incoming-webhook address",
        widget=forms.PasswordInput(render_value=False, attrs={"autocomplete": "off"}),
        help_text="https only. Stored encrypted and never shown again; leave empty to keep it.",
    )
    enabled = forms.BooleanField(
        required=False, initial=True, label="Post the weekly digest to this chat"
    )
