"""Forms of the delivery pages. They parse and check shape; the services decide what is allowed."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils import timezone

from pom.accounts.models import Membership
from pom.core.forms import DocumentForm
from pom.core.pickers import PickerField, bind
from pom.delivery.models import ROLLOUT, IngestSourceKind, ReleaseKind


class ReleaseForm(forms.Form):
    team = PickerField("teams", scope={"workable": 1})
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
    solutions = PickerField(
        "solutions",
        multiple=True,
        follow=("team",),
        required=False,
        label="Solutions it ships",
        help_text="Link the solutions this release delivers; they carry it up to their "
        "opportunities, outcomes and bets. Type to search by solution, opportunity, outcome or "
        "team; the team's own come first.",
    )

    def __init__(self, *args: Any, actor: Membership, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        bind(self, actor)
        if not self.is_bound and "shipped_at" not in self.initial:
            self.initial["shipped_at"] = timezone.localtime().replace(second=0, microsecond=0)

    def clean_rollout_percent(self) -> int:
        value = self.cleaned_data.get("rollout_percent")
        return 100 if value is None else int(value)


class SourceForm(forms.Form):
    name = forms.CharField(
        max_length=120, help_text="Which pipeline this is, e.g. “shop GitHub” or “Jenkins prod”."
    )
    kind = forms.ChoiceField(choices=IngestSourceKind.choices)
    team = PickerField(
        "teams",
        required=False,
        empty_label="Each repository's team",
        label="Reports for team",
        help_text="Optional: the team whose figures count rows of repositories nobody has mapped yet.",
    )

    def __init__(self, *args: Any, actor: Membership, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        bind(self, actor)


class MapRepositoryForm(forms.Form):
    team = PickerField("teams", required=False, empty_label="No team")

    def __init__(self, *args: Any, actor: Membership, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        bind(self, actor)


class ImportForm(DocumentForm):
    kind = forms.ChoiceField(
        label="What are you importing?",
        choices=[("releases", "Releases (CSV)"), ("incidents", "Incidents (CSV)")],
    )
    field_order = ("kind", "file", "content")
