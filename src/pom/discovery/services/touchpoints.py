"""Customer touchpoints and the insights they produce."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction

from pom.accounts.models import Membership
from pom.discovery.models import (
    Insight,
    InsightKind,
    Touchpoint,
    TouchpointKind,
)
from pom.discovery.services.fields import (
    _choice,
    _past_date,
    _people,
    _text,
    _url,
    clean_tags,
    require_team,
    resolve,
)
from pom.teams.models import Team


def _insight(
    actor: Membership,
    team: Team,
    *,
    text: str,
    observed_on: date,
    kind: str = InsightKind.QUOTE,
    tags: Any = (),
    source: str = "",
    customer: str = "",
    company: str = "",
    touchpoint: Touchpoint | None = None,
    external_id: str = "",
    field: str = "text",
) -> Insight:
    return Insight(
        organization_id=actor.organization_id,
        team=team,
        touchpoint=touchpoint,
        kind=_choice(kind or InsightKind.QUOTE, InsightKind, "kind"),
        text=_text(text, field, required=True, limit=10_000, label="Insight text"),
        source=_text(source, "source", required=False, limit=200, label="Source"),
        customer=_text(customer, "customer", required=False, limit=200, label="Customer"),
        company=_text(company, "company", required=False, limit=200, label="Company"),
        tags=Insight.join_tags(clean_tags(tags)),
        observed_on=observed_on,
        external_id=(external_id or "").strip()[:200],
        created_by=actor.user,
    )


@transaction.atomic
def record_touchpoint(
    actor: Membership,
    *,
    team: Any,
    happened_on: date | None,
    kind: str = TouchpointKind.INTERVIEW,
    customer_name: str = "",
    company: str = "",
    segment: str = "",
    attendees: Sequence[Any] = (),
    summary: str = "",
    notes: str = "",
    recording_url: str = "",
    insights: Sequence[dict[str, Any]] = (),
    external_id: str = "",
) -> Touchpoint:
    """Log a customer touchpoint and the insights taken from it, all at once or not at all."""
    team = resolve(Team, actor, team, "team")
    if team is None:
        raise ValidationError({"team": "Choose the team that met the customer."})
    require_team(actor, team)
    day = _past_date(happened_on, "happened_on", "touchpoint date")
    external_id = (external_id or "").strip()[:200]
    if (
        external_id
        and Touchpoint.objects.for_member(actor).filter(external_id=external_id).exists()
    ):
        raise ValidationError(
            {"external_id": f"A touchpoint {external_id!r} was already pushed in."}
        )
    touchpoint = Touchpoint(
        organization_id=actor.organization_id,
        team=team,
        happened_on=day,
        kind=_choice(kind or TouchpointKind.INTERVIEW, TouchpointKind, "kind"),
        customer_name=_text(
            customer_name, "customer_name", required=False, limit=200, label="Customer"
        ),
        company=_text(company, "company", required=False, limit=200, label="Company"),
        segment=_text(segment, "segment", required=False, limit=120, label="Segment"),
        summary=_text(summary, "summary", required=False, limit=500, label="Summary"),
        notes=_text(notes, "notes", required=False, limit=50_000, label="Notes"),
        recording_url=_url(recording_url, "recording_url"),
        external_id=external_id,
        created_by=actor.user,
    )
    people = _people(actor, attendees)
    built = [
        _insight(
            actor,
            team,
            observed_on=day,
            customer=touchpoint.customer_name,
            company=touchpoint.company,
            field=f"insights.{i}.text",
            **{k: v for k, v in item.items() if k in ("text", "kind", "tags", "external_id")},
        )
        for i, item in enumerate(insights)
    ]
    touchpoint.save()
    if people:
        touchpoint.attendees.set(people)
    for insight in built:
        insight.touchpoint = touchpoint
        insight.save()
    return touchpoint


@transaction.atomic
def update_touchpoint(actor: Membership, touchpoint: Touchpoint, **changes: Any) -> Touchpoint:
    require_team(actor, touchpoint.team)
    if "happened_on" in changes:
        touchpoint.happened_on = _past_date(
            changes["happened_on"], "happened_on", "touchpoint date"
        )
    if "kind" in changes:
        touchpoint.kind = _choice(changes["kind"], TouchpointKind, "kind")
    for field, limit in (
        ("customer_name", 200),
        ("company", 200),
        ("segment", 120),
        ("summary", 500),
        ("notes", 50_000),
    ):
        if field in changes:
            setattr(
                touchpoint,
                field,
                _text(
                    changes[field],
                    field,
                    required=False,
                    limit=limit,
                    label=field.replace("_", " ").capitalize(),
                ),
            )
    if "recording_url" in changes:
        touchpoint.recording_url = _url(changes["recording_url"], "recording_url")
    people = _people(actor, changes["attendees"]) if "attendees" in changes else None
    touchpoint.save()
    if people is not None:
        touchpoint.attendees.set(people)
    return touchpoint


@transaction.atomic
def delete_touchpoint(actor: Membership, touchpoint: Touchpoint) -> None:
    require_team(actor, touchpoint.team)
    touchpoint.delete()
