"""Projects: the project model's funded work."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction

from pom.accounts.models import Membership
from pom.core.permissions import require
from pom.core.validation import date_value
from pom.strategy.models import MONEY, Project, ProjectReason
from pom.strategy.services.fields import _choice, _same_org, _text


def _apply_project(actor: Membership, project: Project, data: dict[str, Any]) -> Project:
    if "name" in data:
        project.name = _text(
            data["name"], "name", required=True, max_length=200, label="project a name"
        )
    if "scope" in data:
        project.scope = _text(data["scope"], "scope")
    if "start" in data:
        project.start = date_value(data["start"], "start")  # type: ignore[assignment]
    if "end" in data:
        project.end = date_value(data["end"], "end")  # type: ignore[assignment]
    if "budget" in data:
        project.budget = MONEY.clean(data["budget"], "budget")
    if "reason" in data:
        project.reason = _choice(data["reason"], "reason", ProjectReason)
    if "sponsor" in data:
        project.sponsor = _same_org(data["sponsor"], actor, "sponsor")
    if not project.start:
        raise ValidationError({"start": "Give the project's start date."})
    if not project.end:
        raise ValidationError({"end": "Give the project's end date."})
    if project.end < project.start:
        raise ValidationError({"end": "The project must end on or after its start."})
    if not project.reason:
        raise ValidationError(
            {
                "reason": "Say why this work stays a project: regulatory, compliance, migration or other."
            }
        )
    project.save()
    return project


@transaction.atomic
def create_project(actor: Membership, **data: Any) -> Project:
    require(actor, "strategy.manage")
    data.setdefault("name", "")
    return _apply_project(actor, Project(organization_id=actor.organization_id), data)


@transaction.atomic
def update_project(actor: Membership, project: Project, **data: Any) -> Project:
    require(actor, "strategy.manage")
    return _apply_project(actor, project, data)


@transaction.atomic
def delete_project(actor: Membership, project: Project) -> None:
    require(actor, "strategy.manage")
    project.delete()
