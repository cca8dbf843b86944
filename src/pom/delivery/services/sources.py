"""Setting up ingest: sources (a URL token and a secret per pipeline) and repository → team maps.

Only leaders and owners (``delivery.ingest``) change them. The secret is returned once, by
``create_source`` and ``replace_secret``; pages and the API never show it again.
"""

from __future__ import annotations

import secrets
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction

from pom.accounts.models import Membership
from pom.core.permissions import require
from pom.core.validation import choice, resolve, text
from pom.delivery import rollup
from pom.delivery.models import (
    Change,
    Deployment,
    Incident,
    IngestSource,
    IngestSourceKind,
    Repository,
)
from pom.teams.models import Team


def _team(actor: Membership, value: Any, field: str = "team") -> Team | None:
    team = resolve(Team, actor, value, field)
    if team is not None and team.archived_at is not None:
        raise ValidationError({field: f"{team.name} is archived."})
    return team


@transaction.atomic
def create_source(
    actor: Membership, *, name: str, kind: str, team: Any = None
) -> tuple[IngestSource, str]:
    """A new source; returns it with its secret, which is shown this once."""
    require(actor, "delivery.ingest")
    name = text(name, "name", required=True, max_length=120)
    if IngestSource.objects.for_member(actor).filter(name__iexact=name).exists():
        raise ValidationError({"name": f"There is already a source named {name!r}."})
    secret = secrets.token_urlsafe(32)
    source = IngestSource.objects.create(
        organization_id=actor.organization_id,
        name=name,
        kind=choice(kind, "kind", IngestSourceKind),
        team=_team(actor, team),
        token=secrets.token_urlsafe(24),
        secret=secret,
        created_by=actor.user,
    )
    return source, secret


@transaction.atomic
def update_source(
    actor: Membership, source: IngestSource, *, name: str, team: Any = None
) -> IngestSource:
    require(actor, "delivery.ingest")
    source.name = text(name, "name", required=True, max_length=120)
    clash = (
        IngestSource.objects.for_member(actor)
        .filter(name__iexact=source.name)
        .exclude(pk=source.pk)
    )
    if clash.exists():
        raise ValidationError({"name": f"There is already a source named {source.name!r}."})
    source.team = _team(actor, team)
    source.save()
    return source


@transaction.atomic
def replace_secret(actor: Membership, source: IngestSource) -> str:
    """A new secret for ``source`` (the old one stops working now); shown this once."""
    require(actor, "delivery.ingest")
    secret = secrets.token_urlsafe(32)
    source.secret = secret
    source.save(update_fields=["secret", "updated_at"])
    return secret


@transaction.atomic
def delete_source(actor: Membership, source: IngestSource) -> None:
    """Stop accepting deliveries from ``source``; what it reported stays."""
    require(actor, "delivery.ingest")
    source.delete()


@transaction.atomic
def map_repository(actor: Membership, repository: Repository, *, team: Any) -> Repository:
    """Say which team owns ``repository``; its deployments, changes and incidents move with it."""
    require(actor, "delivery.ingest")
    owner = _team(actor, team)
    org = actor.organization_id
    before = rollup.repository_span(org, repository.name)
    repository.team = owner
    repository.save()
    for model in (Deployment, Change, Incident):
        model.objects.for_org(org).filter(repository=repository.name).update(team=owner)
    rollup.touch(org, before + [(owner.pk if owner else None, m) for _, m in before])
    return repository
