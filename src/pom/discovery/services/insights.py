"""Insights on their own: add, change, delete, and link them to opportunities as evidence."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction

from pom.accounts.models import Membership
from pom.discovery.models import (
    Insight,
    InsightKind,
    Opportunity,
    Touchpoint,
)
from pom.discovery.services.fields import (
    _choice,
    _past_date,
    _text,
    clean_tags,
    require_team,
    resolve,
    today,
)
from pom.discovery.services.touchpoints import _insight
from pom.teams.models import Team


@transaction.atomic
def add_insight(
    actor: Membership,
    *,
    team: Any = None,
    touchpoint: Any = None,
    text: str,
    observed_on: date | None = None,
    kind: str = InsightKind.QUOTE,
    tags: Any = (),
    source: str = "",
    customer: str = "",
    company: str = "",
    external_id: str = "",
    opportunity: Any = None,
) -> Insight:
    """Keep one insight: from a touchpoint (its team, date and customer by default) or typed in with a source."""
    tp = resolve(Touchpoint, actor, touchpoint, "touchpoint")
    team_obj = resolve(Team, actor, team, "team") or (tp.team if tp else None)
    if team_obj is None:
        raise ValidationError({"team": "Choose the team this evidence belongs to."})
    if tp is not None and tp.team_id != team_obj.pk:
        raise ValidationError({"touchpoint": "That touchpoint belongs to another team."})
    require_team(actor, team_obj)
    day = observed_on or (tp.happened_on if tp else today())
    external_id = (external_id or "").strip()
    if external_id and Insight.objects.for_member(actor).filter(external_id=external_id).exists():
        raise ValidationError({"external_id": f"An insight {external_id!r} was already pushed in."})
    insight = _insight(
        actor,
        team_obj,
        text=text,
        observed_on=_past_date(day, "observed_on", "observation date"),
        kind=kind,
        tags=tags,
        source=source,
        customer=customer or (tp.customer_name if tp else ""),
        company=company or (tp.company if tp else ""),
        touchpoint=tp,
        external_id=external_id,
    )
    opp = resolve(Opportunity, actor, opportunity, "opportunity")
    insight.save()
    if opp is not None:
        link_insight(actor, insight, opp)
    return insight


@transaction.atomic
def update_insight(actor: Membership, insight: Insight, **changes: Any) -> Insight:
    require_team(actor, insight.team)
    if "text" in changes:
        insight.text = _text(
            changes["text"], "text", required=True, limit=10_000, label="Insight text"
        )
    if "kind" in changes:
        insight.kind = _choice(changes["kind"], InsightKind, "kind")
    if "tags" in changes:
        insight.tags = Insight.join_tags(clean_tags(changes["tags"]))
    if "observed_on" in changes:
        insight.observed_on = _past_date(changes["observed_on"], "observed_on", "observation date")
    for field in ("source", "customer", "company"):
        if field in changes:
            setattr(
                insight,
                field,
                _text(changes[field], field, required=False, limit=200, label=field.capitalize()),
            )
    insight.save()
    return insight


@transaction.atomic
def delete_insight(actor: Membership, insight: Insight) -> None:
    require_team(actor, insight.team)
    insight.delete()


def link_insight(actor: Membership, insight: Insight, opportunity: Opportunity) -> None:
    """Use an insight as evidence for an opportunity (idempotent)."""
    opportunity = resolve(Opportunity, actor, opportunity, "opportunity")  # type: ignore[assignment]
    insight = resolve(Insight, actor, insight, "insight")  # type: ignore[assignment]
    require_team(actor, opportunity.team)
    opportunity.insights.add(insight)


def unlink_insight(actor: Membership, insight: Insight, opportunity: Opportunity) -> None:
    require_team(actor, opportunity.team)
    opportunity.insights.remove(insight)
