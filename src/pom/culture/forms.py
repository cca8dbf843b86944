"""Page forms of the culture pillar: shape and bounds; the services decide what is allowed."""

from __future__ import annotations

from django import forms

from pom.culture.models import LearningSource
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
