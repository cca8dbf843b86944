"""Forms of the teams pages. They parse and check input; the services decide and write."""

from __future__ import annotations

from typing import Any

from django import forms

from pom.core.forms import DocumentForm
from pom.core.imports import MAX_DOCUMENT_BYTES
from pom.teams.models import (
    ALLOCATION,
    TEAM_SIZE_LIMIT,
    LifecycleStage,
    OperatingMode,
    PilotStatus,
    ProductArea,
    Team,
    TeamRole,
    Topology,
)

DATE = forms.DateInput(attrs={"type": "date"})


class TeamForm(forms.Form):
    name = forms.CharField(max_length=120, widget=forms.TextInput(attrs={"autofocus": True}))
    slug = forms.SlugField(
        label="Short address (optional)",
        max_length=80,
        required=False,
        help_text="Letters, numbers and hyphens; made from the name when left empty.",
    )
    mission = forms.CharField(
        label="Mission",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="The problem space this team owns, in the customer's words.",
    )
    product_area = forms.ModelChoiceField(
        queryset=ProductArea.objects.none(), required=False, empty_label="No product area"
    )
    topology = forms.ChoiceField(choices=Topology.choices, initial=Topology.STREAM_ALIGNED)
    lifecycle_stage = forms.ChoiceField(
        label="Product lifecycle stage",
        choices=LifecycleStage.choices,
        initial=LifecycleStage.INVEST,
    )
    operating_mode = forms.ChoiceField(choices=OperatingMode.choices, initial=OperatingMode.PRODUCT)
    pilot_status = forms.ChoiceField(choices=PilotStatus.choices, initial=PilotStatus.NONE)
    coach_email = forms.EmailField(
        label="Coach (email)",
        required=False,
        help_text="Someone on the People page who coaches this team.",
    )
    reliable_customer_access = forms.BooleanField(
        label="Reliable customer access",
        required=False,
        help_text="The team can talk to real customers every week without asking permission.",
    )
    formed_on = forms.DateField(label="Formed on", required=False, widget=DATE)

    def __init__(self, *args: Any, org_id: int, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["product_area"]
        field.queryset = ProductArea.objects.for_org(org_id).order_by("name")  # type: ignore[attr-defined]

    @classmethod
    def initial_for(cls, team: Team) -> dict[str, Any]:
        return {
            "name": team.name,
            "slug": team.slug,
            "mission": team.mission,
            "product_area": team.product_area_id,
            "topology": team.topology,
            "lifecycle_stage": team.lifecycle_stage,
            "operating_mode": team.operating_mode,
            "pilot_status": team.pilot_status,
            "coach_email": team.coach.email if team.coach else "",
            "reliable_customer_access": team.reliable_customer_access,
            "formed_on": team.formed_on,
        }


class PersonForm(forms.Form):
    name = forms.CharField(max_length=150, widget=forms.TextInput(attrs={"autofocus": True}))
    email = forms.EmailField(label="Email address", max_length=254)
    title = forms.CharField(label="Job title", max_length=150, required=False)


class AreaForm(forms.Form):
    name = forms.CharField(max_length=120)
    slug = forms.SlugField(label="Short address (optional)", max_length=80, required=False)
    description = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 2}))
    leader_email = forms.EmailField(label="Leader (email)", required=False)


class MemberForm(forms.Form):
    person_email = forms.EmailField(
        label="Person (email)", help_text="Add them on the People page first if they are new."
    )
    role = forms.ChoiceField(choices=TeamRole.choices, initial=TeamRole.ENGINEER)
    allocation = ALLOCATION.form_field(label="Allocation %", initial=100)
    since = forms.DateField(required=False, widget=DATE)


class MemberEditForm(forms.Form):
    role = forms.ChoiceField(choices=TeamRole.choices)
    allocation = ALLOCATION.form_field(label="Allocation %")
    since = forms.DateField(required=False, widget=DATE)


class SettingsForm(forms.Form):
    team_size_limit = TEAM_SIZE_LIMIT.form_field(
        label="Team size limit",
        help_text="Teams with more people than this are flagged: bigger groups slow decisions.",
    )


IMPORT_KINDS = (
    ("csv", "People and memberships (CSV)"),
    ("team_api", "Teams described with the Team API template (Markdown)"),
    ("yaml", "A pom teams export (YAML)"),
)
MAX_IMPORT_BYTES = MAX_DOCUMENT_BYTES


class ImportForm(DocumentForm):
    kind = forms.ChoiceField(label="What are you importing?", choices=IMPORT_KINDS)
    field_order = ("kind", "file", "content")
