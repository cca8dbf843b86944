"""Logging releases: what a team shipped, when, and which solutions it ships.

Every function takes the acting membership, checks ``delivery.edit`` against the team the release
belongs to, validates everything before writing, and runs in one transaction: bad input raises
``ValidationError`` naming the field, and nothing is stored. Writes go through ``core.imports``,
so a CSV import's preview runs every check here and writes nothing.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.core.exceptions import ValidationError

from pom.accounts.models import Membership
from pom.core import imports
from pom.core.validation import choice, resolve, text, unique_ids
from pom.delivery import rollup
from pom.delivery.models import ROLLOUT, Release, ReleaseKind, Source
from pom.delivery.services.common import moment, require_team
from pom.discovery.models import Solution
from pom.teams.models import Team

MAX_SOLUTIONS = 50
UPDATABLE = (
    "team",
    "title",
    "shipped_at",
    "notes",
    "kind",
    "flag_key",
    "rollout_percent",
    "solutions",
)


def _solutions(actor: Membership, values: Iterable[Any] | None) -> list[Solution]:
    ids = unique_ids(values or (), "solutions")
    if len(ids) > MAX_SOLUTIONS:
        raise ValidationError(
            {
                "solutions": f"Link at most {MAX_SOLUTIONS} solutions to one release ({len(ids)} given)."
            }
        )
    found = {s.pk: s for s in Solution.objects.for_member(actor).filter(pk__in=ids)}
    missing = [pk for pk in ids if pk not in found]
    if missing:
        raise ValidationError(
            {"solutions": f"No solution with id {missing[0]} in this organization."}
        )
    return [found[pk] for pk in ids]


def _apply(actor: Membership, release: Release, data: dict[str, Any]) -> list[Solution] | None:
    if "team" in data:
        team = resolve(Team, actor, data["team"], "team")
        if team is None:
            raise ValidationError({"team": "Say which team shipped the release."})
        if team.archived_at is not None:
            raise ValidationError({"team": f"{team.name} is archived; it ships nothing new."})
        release.team = team
    if "title" in data:
        release.title = text(data["title"], "title", required=True, max_length=200)
    if "shipped_at" in data:
        release.shipped_at = moment(data["shipped_at"], "shipped_at", label="shipped")  # type: ignore[assignment]
    if "notes" in data:
        release.notes = text(data["notes"], "notes", max_length=10_000)
    if "kind" in data:
        release.kind = choice(data["kind"], "kind", ReleaseKind, default=ReleaseKind.FEATURE)
    if "flag_key" in data:
        release.flag_key = text(data["flag_key"], "flag_key", max_length=120, label="flag key")
    if "rollout_percent" in data:
        value = ROLLOUT.clean(data["rollout_percent"], "rollout_percent", label="Rollout share")
        release.rollout_percent = 100 if value is None else value
    return _solutions(actor, data["solutions"]) if "solutions" in data else None


@imports.transactional
def log_release(
    actor: Membership,
    *,
    team: Any,
    title: str,
    shipped_at: Any,
    kind: str = ReleaseKind.FEATURE,
    notes: str = "",
    flag_key: str = "",
    rollout_percent: Any = 100,
    solutions: Iterable[Any] = (),
    source: str = Source.MANUAL,
    external_id: str = "",
) -> Release:
    """Record that ``team`` shipped ``title`` at ``shipped_at``, linked to the solutions it ships."""
    release = Release(organization_id=actor.organization_id, created_by=actor.user)
    linked = _apply(
        actor,
        release,
        {
            "team": team,
            "title": title,
            "shipped_at": shipped_at,
            "kind": kind,
            "notes": notes,
            "flag_key": flag_key,
            "rollout_percent": rollout_percent,
            "solutions": solutions,
        },
    )
    require_team(actor, release.team)
    release.source = choice(source, "source", Source)
    release.external_id = text(external_id, "external_id", max_length=200)
    imports.save(release)
    if not imports.is_preview():
        release.solutions.set(linked or [])
        rollup.touch_release(actor.organization_id, (release.team_id, release.shipped_at))
    return release


@imports.transactional
def update_release(actor: Membership, release: Release, **changes: Any) -> Release:
    """Change a release's fields; ``solutions`` replaces the linked solutions."""
    unknown = set(changes) - set(UPDATABLE)
    if unknown:
        raise ValidationError({sorted(unknown)[0]: "This field cannot be changed here."})
    require_team(actor, release.team)
    before = (release.team_id, release.shipped_at)
    linked = _apply(actor, release, changes)
    require_team(actor, release.team)  # moving it to another team needs that team's rights too
    imports.save(release)
    if linked is not None and not imports.is_preview():
        release.solutions.set(linked)
    if not imports.is_preview() and before != (release.team_id, release.shipped_at):
        rollup.touch_release(actor.organization_id, before, (release.team_id, release.shipped_at))
    return release


@imports.transactional
def delete_release(actor: Membership, release: Release) -> None:
    require_team(actor, release.team)
    before = (release.team_id, release.shipped_at)
    imports.delete(release)
    if not imports.is_preview():
        rollup.touch_release(actor.organization_id, before)
