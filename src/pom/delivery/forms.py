"""Forms of the delivery pages. They parse and check shape; the services decide what is allowed."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils import timezone

from pom.core.forms import DocumentForm
from pom.delivery.models import ROLLOUT, ReleaseKind, SourceKind


class IdListWidget(forms.MultipleHiddenInput):
    """Reads every value posted under the name; the page draws the picker itself."""

    def render(self, *args: Any, **kwargs: Any) -> str:  # type: ignore[override]
        return ""


class IdListField(forms.Field):
    """A list of whole-number ids (``?solutions=3&solutions=7``), repeats dropped, order kept."""

    widget = IdListWidget

    def to_python(self, value: Any) -> list[int]:
        ids: list[int] = []
        for item in value or []:
            try:
                pk = int(item)
            except (TypeError, ValueError):
                raise forms.ValidationError(f"{item!r} is not a valid id.") from None
            if pk < 1:
                raise forms.ValidationError(f"{item!r} is not a valid id.")
            if pk not in ids:
                ids.append(pk)
        return ids


class ReleaseForm(forms.Form):
    team = forms.TypedChoiceField(coerce=int)
    title = forms.CharField(
        max_length=200, help_text="What shipped, as users see it, e.g. “One-click reorder on web”."
    )
    shipped_at = forms.DateTimeField(
        label="Shipped at",
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
    )
    kind = forms.ChoiceField(choices=ReleaseKind.choices, initial=ReleaseKind.FEATURE)
    flag_key = forms.CharField(
        max_length=120,
        required=False,
        label="Feature flag key",
        help_text="Leave empty if unflagged.",
    )
    rollout_percent = ROLLOUT.form_field(
        initial=100,
        required=False,
        label="Rollout share (%)",
        help_text="How many users have it: 100 = everyone.",
    )
    notes = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 3}), required=False, max_length=10_000
    )
    solutions = IdListField(required=False)

    def __init__(self, *args: Any, teams: list[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field: Any = self.fields["team"]
        field.choices = [("", "Choose a team")] + [(t.pk, t.name) for t in teams]
        if not self.is_bound and "shipped_at" not in self.initial:
            self.initial["shipped_at"] = timezone.localtime().replace(second=0, microsecond=0)

    def clean_rollout_percent(self) -> int:
        value = self.cleaned_data.get("rollout_percent")
        return 100 if value is None else int(value)

    def chosen_ids(self) -> list[int]:
        """The solution ids the form carries (posted, or the initial ones), for drawing the picker."""
        if self.is_bound:
            try:
                return IdListField().to_python(self.data.getlist("solutions"))  # type: ignore[attr-defined]
            except forms.ValidationError:
                return []
        return list(self.initial.get("solutions", []))


class SourceForm(forms.Form):
    name = forms.CharField(
        max_length=120, help_text="Which pipeline this is, e.g. “shop GitHub” or “Jenkins prod”."
    )
    kind = forms.ChoiceField(choices=SourceKind.choices)
    team = forms.TypedChoiceField(
        coerce=int,
        required=False,
        empty_value=None,
        label="Reports for team",
        help_text="Optional: the team whose figures count rows of repositories nobody has mapped yet.",
    )

    def __init__(self, *args: Any, teams: list[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field: Any = self.fields["team"]
        field.choices = [("", "Each repository's team")] + [(t.pk, t.name) for t in teams]


class MapRepositoryForm(forms.Form):
    team = forms.TypedChoiceField(coerce=int, required=False, empty_value=None)

    def __init__(self, *args: Any, teams: list[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field: Any = self.fields["team"]
        field.choices = [("", "No team")] + [(t.pk, t.name) for t in teams]


class ImportForm(DocumentForm):
    kind = forms.ChoiceField(
        label="What are you importing?",
        choices=[("releases", "Releases (CSV)"), ("incidents", "Incidents (CSV)")],
    )
    field_order = ("kind", "file", "content")
