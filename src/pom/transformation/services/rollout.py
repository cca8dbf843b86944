"""Rollout: waves of teams after the pilots, the systemic blockers pilots surfaced, and the
resistance log (objections to understand, with the response tried)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import Http404

from pom.accounts.models import Membership
from pom.core.permissions import require
from pom.core.validation import choice, date_value, resolve, text, today, unique_ids
from pom.teams.models import Person, Team
from pom.transformation.models import (
    Blocker,
    BlockerKind,
    BlockerStatus,
    Objection,
    ObjectionKind,
    ObjectionStatus,
    Wave,
    WaveStatus,
)

MAX_WAVE_TEAMS = 500


def _person(actor: Membership, value: Any, field: str) -> Person | None:
    """A person of the organization, by id or by email (how people name each other in forms)."""
    if value in (None, ""):
        return None
    if isinstance(value, str) and "@" in value:
        found = Person.objects.for_member(actor).filter(email__iexact=value.strip()).first()
        if found is None:
            raise ValidationError(
                {field: f"Nobody with the email {value.strip()} is on the People page."}
            )
        return found
    return resolve(Person, actor, value, field)


def _teams(actor: Membership, ids: Iterable[Any]) -> list[Team]:
    """The wave's teams: all of this organization, active. Another organization's team is a 404
    (its existence does not leak); an archived one is a field error."""
    wanted = unique_ids(ids, "team_ids")
    if len(wanted) > MAX_WAVE_TEAMS:
        raise ValidationError({"team_ids": f"A wave holds at most {MAX_WAVE_TEAMS} teams."})
    found = {t.pk: t for t in Team.objects.for_member(actor).filter(pk__in=wanted)}
    missing = [pk for pk in wanted if pk not in found]
    if missing:
        raise Http404(f"No team with id {missing[0]}.")
    archived = [found[pk].name for pk in wanted if found[pk].is_archived]
    if archived:
        raise ValidationError(
            {"team_ids": f"Archived teams cannot join a wave: {', '.join(archived)}."}
        )
    return [found[pk] for pk in wanted]


def teams_by_name(actor: Membership, lines: str, field: str = "teams") -> list[int]:
    """Team ids from a page's text box: one team name or slug per line (or comma-separated)."""
    names = [n.strip() for part in lines.splitlines() for n in part.split(",") if n.strip()]
    if not names:
        return []
    found: dict[str, int] = {}
    rows = (
        Team.objects.for_member(actor)
        .filter(archived_at__isnull=True)
        .values_list("pk", "name", "slug")
    )
    lowered = {n.lower() for n in names}
    for pk, name, slug in rows:
        for key in (name.lower(), slug.lower()):
            if key in lowered:
                found.setdefault(key, pk)
    unknown = [n for n in names if n.lower() not in found]
    if unknown:
        raise ValidationError(
            {field: f"No active team named {', '.join(repr(u) for u in unknown[:5])}."}
        )
    return [found[n.lower()] for n in names]


def _wave_values(actor: Membership, data: dict[str, Any], wave: Wave | None) -> dict[str, Any]:
    values: dict[str, Any] = {}
    if wave is None or "name" in data:
        values["name"] = text(data.get("name"), "name", required=True, max_length=120)
    if wave is None or "starts_on" in data:
        start = date_value(data.get("starts_on"), "starts_on")
        if start is None:
            raise ValidationError({"starts_on": "Give the date the wave starts."})
        values["starts_on"] = start
    if "ends_on" in data:
        values["ends_on"] = date_value(data.get("ends_on"), "ends_on")
    start = values.get("starts_on", wave.starts_on if wave else None)
    end = values.get("ends_on", wave.ends_on if wave else None)
    if start and end and end < start:
        raise ValidationError({"ends_on": "The wave cannot end before it starts."})
    if "coach" in data:
        values["coach"] = _person(actor, data.get("coach"), "coach")
    if "status" in data:
        values["status"] = choice(
            data.get("status"), "status", WaveStatus, default=WaveStatus.PLANNED
        )
    if "notes" in data:
        values["notes"] = text(data.get("notes"), "notes", max_length=4000)
    return values


WAVE_FIELDS = {"name", "starts_on", "ends_on", "coach", "status", "notes", "team_ids"}


def _unknown(data: dict[str, Any], allowed: set[str]) -> None:
    extra = sorted(set(data) - allowed)
    if extra:
        raise ValidationError({extra[0]: "Unknown field."})


@transaction.atomic
def plan_wave(actor: Membership, **data: Any) -> Wave:
    require(actor, "transformation.manage")
    _unknown(data, WAVE_FIELDS)
    values = _wave_values(actor, data, None)
    teams = _teams(actor, data.get("team_ids") or [])
    wave = Wave.objects.create(organization_id=actor.organization_id, **values)
    wave.teams.set(teams)
    return wave


@transaction.atomic
def update_wave(actor: Membership, wave: Wave, **data: Any) -> Wave:
    require(actor, "transformation.manage")
    _unknown(data, WAVE_FIELDS)
    values = _wave_values(actor, data, wave)
    teams = _teams(actor, data["team_ids"]) if "team_ids" in data else None
    for key, value in values.items():
        setattr(wave, key, value)
    wave.save()
    if teams is not None:
        wave.teams.set(teams)
    return wave


@transaction.atomic
def delete_wave(actor: Membership, wave: Wave) -> None:
    require(actor, "transformation.manage")
    if wave.status != WaveStatus.PLANNED:
        raise ValidationError(
            {"status": "Only a planned wave can be deleted; a wave that ran is history."}
        )
    wave.delete()


# --- Blockers -----------------------------------------------------------------------------------

BLOCKER_FIELDS = {
    "title",
    "kind",
    "description",
    "found_by_id",
    "owner",
    "status",
    "resolution",
    "raised_on",
}


def _blocker_values(
    actor: Membership, data: dict[str, Any], blocker: Blocker | None
) -> dict[str, Any]:
    _unknown(data, BLOCKER_FIELDS)
    values: dict[str, Any] = {}
    if blocker is None or "title" in data:
        values["title"] = text(data.get("title"), "title", required=True, max_length=200)
    if blocker is None or "kind" in data:
        values["kind"] = choice(data.get("kind"), "kind", BlockerKind)
    if "description" in data:
        values["description"] = text(data.get("description"), "description", max_length=4000)
    if "found_by_id" in data:
        values["found_by"] = resolve(Team, actor, data.get("found_by_id"), "found_by_id")
    if "owner" in data:
        values["owner"] = _person(actor, data.get("owner"), "owner")
    if "resolution" in data:
        values["resolution"] = text(data.get("resolution"), "resolution", max_length=4000)
    if blocker is None:
        values["raised_on"] = date_value(data.get("raised_on"), "raised_on") or today()
    if "status" in data:
        status = choice(data.get("status"), "status", BlockerStatus, default=BlockerStatus.OPEN)
        values["status"] = status
        resolution = values.get("resolution", blocker.resolution if blocker else "")
        if status == BlockerStatus.RESOLVED and not resolution:
            raise ValidationError(
                {"resolution": "Say how it was fixed: the next wave relies on it."}
            )
    return values


@transaction.atomic
def raise_blocker(actor: Membership, **data: Any) -> Blocker:
    require(actor, "transformation.manage")
    values = _blocker_values(actor, data, None)
    blocker = Blocker(organization_id=actor.organization_id, **values)
    if blocker.status == BlockerStatus.RESOLVED:
        blocker.resolved_on = today()
    blocker.save()
    return blocker


@transaction.atomic
def update_blocker(actor: Membership, blocker: Blocker, **data: Any) -> Blocker:
    require(actor, "transformation.manage")
    values = _blocker_values(actor, data, blocker)
    for key, value in values.items():
        setattr(blocker, key, value)
    if blocker.status == BlockerStatus.RESOLVED and blocker.resolved_on is None:
        blocker.resolved_on = today()
    elif blocker.status != BlockerStatus.RESOLVED:
        blocker.resolved_on = None
    blocker.save()
    return blocker


# --- Resistance ---------------------------------------------------------------------------------

OBJECTION_FIELDS = {"kind", "raised_by", "team_id", "statement", "response", "status", "logged_on"}
CLOSED = (ObjectionStatus.RESOLVED, ObjectionStatus.UNRESOLVED)


def _objection_values(
    actor: Membership, data: dict[str, Any], obj: Objection | None
) -> dict[str, Any]:
    _unknown(data, OBJECTION_FIELDS)
    values: dict[str, Any] = {}
    if obj is None or "kind" in data:
        values["kind"] = choice(data.get("kind"), "kind", ObjectionKind)
    if obj is None or "raised_by" in data:
        values["raised_by"] = text(
            data.get("raised_by"), "raised_by", required=True, max_length=150, label="who raised it"
        )
    if obj is None or "statement" in data:
        values["statement"] = text(
            data.get("statement"),
            "statement",
            required=True,
            max_length=4000,
            label="what was said",
        )
    if "team_id" in data:
        values["team"] = resolve(Team, actor, data.get("team_id"), "team_id")
    if "response" in data:
        values["response"] = text(data.get("response"), "response", max_length=4000)
    if obj is None:
        values["logged_on"] = date_value(data.get("logged_on"), "logged_on") or today()
    if "status" in data:
        values["status"] = choice(
            data.get("status"), "status", ObjectionStatus, default=ObjectionStatus.OPEN
        )
    status = values.get("status", obj.status if obj else ObjectionStatus.OPEN)
    response = values.get("response", obj.response if obj else "")
    if status != ObjectionStatus.OPEN and not response:
        raise ValidationError(
            {"response": "Say what response was tried before marking how it went."}
        )
    return values


@transaction.atomic
def log_objection(actor: Membership, **data: Any) -> Objection:
    require(actor, "transformation.manage")
    obj = Objection(organization_id=actor.organization_id, **_objection_values(actor, data, None))
    if obj.status in CLOSED:
        obj.closed_on = today()
    obj.save()
    return obj


@transaction.atomic
def update_objection(actor: Membership, obj: Objection, **data: Any) -> Objection:
    require(actor, "transformation.manage")
    for key, value in _objection_values(actor, data, obj).items():
        setattr(obj, key, value)
    obj.closed_on = (obj.closed_on or today()) if obj.status in CLOSED else None
    obj.save()
    return obj
