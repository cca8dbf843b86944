"""Recording incidents by hand or from a CSV file (the pipelines report theirs by webhook).

An incident belongs to a team — the one named, or else the team its repository is mapped to —
and members of that team, leaders and owners record it. It is caused by the deployment named, or
else (as for webhooks) by the last successful production deployment of its repository, or of its
team, that finished before it opened. Writes go through ``core.imports``, so a CSV preview runs
every check here and writes nothing.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError

from pom.accounts.models import Membership
from pom.core import imports
from pom.core.validation import choice, resolve, text, url
from pom.delivery import rollup
from pom.delivery.models import Deployment, Incident, Repository, Severity, Source
from pom.delivery.services.common import moment, require_team
from pom.delivery.services.records import cause_of, normalize_repository
from pom.teams.models import Team

FIELDS = (
    "team",
    "title",
    "severity",
    "opened_at",
    "resolved_at",
    "repository",
    "url",
    "deployment",
)


def _apply(actor: Membership, incident: Incident, data: dict[str, Any]) -> None:
    if "title" in data:
        incident.title = text(data["title"], "title", required=True, max_length=300)
    if "severity" in data:
        incident.severity = choice(
            str(data["severity"] or "").lower(), "severity", Severity, default=Severity.MEDIUM
        )
    if "opened_at" in data:
        incident.opened_at = moment(data["opened_at"], "opened_at", label="opened")  # type: ignore[assignment]
    if "resolved_at" in data:
        incident.resolved_at = moment(
            data["resolved_at"], "resolved_at", required=False, label="resolved"
        )
    if incident.resolved_at and incident.resolved_at < incident.opened_at:
        raise ValidationError({"resolved_at": "The incident was resolved before it was opened."})
    if "repository" in data:
        incident.repository = text(
            normalize_repository(str(data["repository"] or "")), "repository", max_length=300
        )
    if "url" in data:
        incident.url = url(text(data["url"], "url", max_length=500), "url")
    if "team" in data or "repository" in data:
        team = resolve(Team, actor, data["team"], "team") if data.get("team") else None
        if team is None and incident.repository:
            repo = (
                Repository.objects.for_member(actor)
                .filter(name=incident.repository)
                .select_related("team")
                .first()
            )
            team = repo.team if repo is not None else None
        if team is None:
            raise ValidationError(
                {"team": "Say which team the incident hit, or name a repository mapped to one."}
            )
        incident.team = team
    if "deployment" in data or "opened_at" in data or "repository" in data or "team" in data:
        incident.deployment_id = _cause(actor, incident, data.get("deployment"))


def _cause(actor: Membership, incident: Incident, named: Any) -> int | None:
    if named not in (None, ""):
        key = str(named).strip().removeprefix("pom-")
        deployment = resolve(Deployment, actor, key, "deployment")
        return deployment.pk if deployment is not None else None
    return cause_of(
        actor.organization_id, incident.repository, incident.team_id, incident.opened_at
    )


@imports.transactional
def record_incident(
    actor: Membership,
    *,
    title: Any,
    opened_at: Any,
    team: Any = None,
    severity: Any = Severity.MEDIUM,
    resolved_at: Any = None,
    repository: Any = "",
    url: Any = "",
    deployment: Any = None,
    source: str = Source.MANUAL,
    external_id: str = "",
) -> Incident:
    """Record an incident: when it opened (and was resolved), how bad, which team it hit."""
    incident = Incident(organization_id=actor.organization_id)
    _apply(
        actor,
        incident,
        {
            "title": title,
            "opened_at": opened_at,
            "severity": severity,
            "resolved_at": resolved_at,
            "repository": repository,
            "url": url,
            "team": team,
            "deployment": deployment,
        },
    )
    require_team(actor, incident.team)  # type: ignore[arg-type]  # _apply refuses an incident without one
    incident.source = choice(source, "source", Source)
    incident.external_id = text(external_id, "external_id", max_length=200)
    imports.save(incident)
    if not imports.is_preview():
        rollup.touch_causes(actor.organization_id, [incident.deployment_id])
    return incident


@imports.transactional
def update_incident(actor: Membership, incident: Incident, **changes: Any) -> Incident:
    """Change an incident's fields (only those given); the cause is found again if it moves."""
    unknown = set(changes) - set(FIELDS)
    if unknown:
        raise ValidationError({sorted(unknown)[0]: "This field cannot be changed here."})
    if incident.team_id:
        require_team(actor, incident.team)  # type: ignore[arg-type]
    caused_before = incident.deployment_id
    if "repository" in changes and "team" not in changes:
        changes["team"] = incident.team_id
    _apply(actor, incident, changes)
    require_team(actor, incident.team)  # type: ignore[arg-type]
    imports.save(incident)
    if not imports.is_preview():
        rollup.touch_causes(actor.organization_id, [caused_before, incident.deployment_id])
    return incident
