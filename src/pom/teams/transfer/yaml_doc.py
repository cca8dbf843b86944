"""The whole teams pillar as YAML: an export that imports back to the identical state."""

from __future__ import annotations

from datetime import UTC, date, datetime
from functools import partial
from typing import Any

import yaml
from django.core.exceptions import ValidationError
from django.utils import timezone

from pom.accounts.models import Membership
from pom.core import imports
from pom.core.imports import load_yaml
from pom.core.permissions import require
from pom.teams import services
from pom.teams.models import (
    DEFAULT_TEAM_SIZE_LIMIT,
    LifecycleStage,
    OperatingMode,
    Person,
    PilotStatus,
    ProductArea,
    Team,
    TeamMember,
    TeamSettings,
    Topology,
)
from pom.teams.transfer.base import (
    FORMAT_VERSION,
    People,
    Run,
    place_member,
)

# --- YAML: the whole pillar -------------------------------------------------------------------


def export_data(actor: Membership) -> dict[str, Any]:
    """The whole teams pillar as plain data, in a stable order (so exports diff cleanly)."""
    require(actor, "teams.view")
    people = list(Person.objects.for_member(actor).select_related("user").order_by("email"))
    emails = {p.pk: p.email for p in people}
    members: dict[int, list[dict[str, Any]]] = {}
    for m in TeamMember.objects.for_member(actor).order_by("team_id"):
        members.setdefault(m.team_id, []).append(
            {
                "email": emails[m.person_id],
                "role": m.role,
                "allocation": m.allocation,
                "since": m.since.isoformat() if m.since else None,
            }
        )
    areas = list(ProductArea.objects.for_member(actor).order_by("slug"))
    area_slugs = {a.pk: a.slug for a in areas}
    limit = TeamSettings.objects.for_member(actor).values_list("team_size_limit", flat=True).first()
    return {
        "pom": FORMAT_VERSION,
        "pillar": "teams",
        "settings": {"team_size_limit": limit or DEFAULT_TEAM_SIZE_LIMIT},
        "people": [
            {
                "name": p.name,
                "email": p.email,
                "title": p.title,
                "user": p.user.email if p.user else None,
            }
            for p in people
        ],
        "product_areas": [
            {
                "name": a.name,
                "slug": a.slug,
                "description": a.description,
                "leader": emails.get(a.leader_id) if a.leader_id else None,
            }
            for a in areas
        ],
        "teams": [
            {
                "name": t.name,
                "slug": t.slug,
                "mission": t.mission,
                "product_area": area_slugs.get(t.product_area_id) if t.product_area_id else None,
                "topology": t.topology,
                "lifecycle_stage": t.lifecycle_stage,
                "operating_mode": t.operating_mode,
                "pilot_status": t.pilot_status,
                "coach": emails.get(t.coach_id) if t.coach_id else None,
                "reliable_customer_access": t.reliable_customer_access,
                "formed_on": t.formed_on.isoformat() if t.formed_on else None,
                "archived_at": t.archived_at.isoformat() if t.archived_at else None,
                "members": sorted(members.get(t.pk, []), key=lambda m: m["email"]),
            }
            for t in Team.objects.for_member(actor).order_by("slug")
        ],
    }


def export_yaml(actor: Membership) -> str:
    return yaml.safe_dump(export_data(actor), sort_keys=False, allow_unicode=True, width=100)


def _as_list(value: Any, key: str, run: Run) -> list[dict[str, Any]]:
    if value is None:
        return []
    if not isinstance(value, list) or not all(isinstance(v, dict) for v in value):
        run.problem(key, "", "Expected a list of mappings.")
        return []
    return value


def _text(item: dict[str, Any], key: str) -> str:
    value = item.get(key)
    return "" if value is None else str(value)


def import_yaml(actor: Membership, content: str, run: Run) -> None:
    try:
        data = load_yaml(content)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"line {mark.line + 1}" if mark else "line 1"
        run.problem(where, "", f"This is not valid YAML: {getattr(exc, 'problem', exc)}.")
        return
    if not isinstance(data, dict) or data.get("pillar") != "teams":
        run.problem(
            "line 1", "pillar", "This is not a pom teams export (expected 'pillar: teams')."
        )
        return
    if data.get("pom") != FORMAT_VERSION:
        run.problem(
            "line 1",
            "pom",
            f"Unsupported format version {data.get('pom')!r}; expected {FORMAT_VERSION}.",
        )
        return
    people = People(actor)
    limit = (data.get("settings") or {}).get("team_size_limit")
    if limit is not None:
        run.step(
            "settings",
            lambda: services.update_settings(actor, team_size_limit=limit),
            "team_size_limit",
        )
    members_by_email = {
        m.user.email.lower(): m.user_id
        for m in Membership.objects.for_member(actor).select_related("user")
    }
    unlinked: list[str] = []
    for i, item in enumerate(_as_list(data.get("people"), "people", run)):
        where = f"people[{i}]"
        person = run.step(
            where,
            partial(
                people.upsert,
                run,
                name=_text(item, "name"),
                email=_text(item, "email"),
                title=_text(item, "title"),
            ),
        )
        if person is None:
            continue
        user_email = (item.get("user") or "").lower()
        user_id = members_by_email.get(user_email) if user_email else None
        if user_email and user_id is None:
            unlinked.append(user_email)
        if person.user_id != user_id:
            run.step(where, partial(services.update_person, actor, person, user=user_id), "user")
    if unlinked:
        shown = ", ".join(unlinked[:5]) + (
            f" and {len(unlinked) - 5} more" if len(unlinked) > 5 else ""
        )
        run.report.notes.append(
            f"{len(unlinked)} people have no account in this organization, so their person "
            f"records are not linked to one: {shown}."
        )
    areas = {a.slug: a for a in ProductArea.objects.for_member(actor)}
    for i, item in enumerate(_as_list(data.get("product_areas"), "product_areas", run)):
        where = f"product_areas[{i}]"
        leader = people.get(_text(item, "leader")) if item.get("leader") else None
        if item.get("leader") and leader is None:
            run.problem(where, "leader", f"{item['leader']!r} is not in people.")
            continue
        values = {
            "name": _text(item, "name"),
            "description": _text(item, "description"),
            "leader": leader,
        }
        slug = _text(item, "slug")

        def save_area(values: dict[str, Any] = values, slug: str = slug) -> ProductArea:
            area = areas.get(slug)
            if area is None:
                area = services.create_area(actor, slug=slug, **values)
                run.change(f"Create product area {area.name}")
            else:
                services.update_area(actor, area, **values)
            return area

        area = run.step(where, save_area)
        if area is not None:
            areas[area.slug] = area
    teams = {t.slug: t for t in Team.objects.for_member(actor)}
    for i, item in enumerate(_as_list(data.get("teams"), "teams", run)):
        where = f"teams[{i}]"
        slug = _text(item, "slug")
        area_slug = item.get("product_area")
        if area_slug and area_slug not in areas:
            run.problem(where, "product_area", f"{area_slug!r} is not in product_areas.")
            continue
        coach = people.get(_text(item, "coach")) if item.get("coach") else None
        if item.get("coach") and coach is None:
            run.problem(where, "coach", f"{item['coach']!r} is not in people.")
            continue
        team_values: dict[str, Any] = {
            "name": _text(item, "name"),
            "mission": _text(item, "mission"),
            "product_area": areas.get(area_slug) if area_slug else None,
            "topology": item.get("topology") or Topology.STREAM_ALIGNED,
            "lifecycle_stage": item.get("lifecycle_stage") or LifecycleStage.INVEST,
            "operating_mode": item.get("operating_mode") or OperatingMode.PRODUCT,
            "pilot_status": item.get("pilot_status") or PilotStatus.NONE,
            "coach": coach,
            "reliable_customer_access": bool(item.get("reliable_customer_access")),
            "formed_on": item.get("formed_on") or None,
        }
        archived_at = item.get("archived_at")

        def save_team(
            values: dict[str, Any] = team_values, slug: str = slug, archived_at: Any = archived_at
        ) -> Team:
            team = teams.get(slug)
            if team is None:
                team = services.create_team(actor, slug=slug, **values)
                run.change(f"Create team {team.name}")
            else:
                before = services.snapshot_team(team)
                services.update_team(actor, team, **values)
                if services.snapshot_team(team) != before:
                    run.change(f"Update team {team.name}")
            stamp = _datetime(archived_at)
            if team.archived_at != stamp:
                team.archived_at = stamp
                imports.save(team, update_fields=["archived_at", "updated_at"])
                run.change(f"{'Archive' if stamp else 'Restore'} team {team.name}")
            return team

        team = run.step(where, save_team)
        if team is None:
            continue
        teams[team.slug] = team
        listed = set()
        for j, m in enumerate(_as_list(item.get("members"), f"{where}.members", run)):
            mwhere = f"{where}.members[{j}]"
            person = people.get(_text(m, "email"))
            if person is None:
                run.problem(mwhere, "email", f"{m.get('email')!r} is not in people.")
                continue
            listed.add(person.pk)
            values_m = {
                "role": m.get("role"),
                "allocation": m.get("allocation"),
                "since": m.get("since"),
            }
            if values_m["role"] is None or values_m["allocation"] is None:
                run.problem(
                    mwhere,
                    "role" if values_m["role"] is None else "allocation",
                    "This value is required.",
                )
                continue
            run.step(
                mwhere,
                partial(place_member, actor, run, team, person, values_m, exact=True),
            )
        # The file is the truth for the teams it lists: members it does not list leave.
        if not imports.saved(team):
            continue  # new in this preview: nobody is on it yet
        for extra in (
            TeamMember.objects.for_member(actor)
            .filter(team=team)
            .exclude(person_id__in=listed)
            .select_related("person")
        ):
            extra.team = team
            run.step(where, partial(services.remove_member, actor, extra))
            run.change(f"Take {extra.person.name} off {team.name}")


def _datetime(value: Any) -> datetime | None:
    if value in (None, ""):
        return None
    if isinstance(value, datetime):
        return value if timezone.is_aware(value) else timezone.make_aware(value)
    if isinstance(value, date):
        return datetime(value.year, value.month, value.day, tzinfo=UTC)
    try:
        parsed = datetime.fromisoformat(str(value))
    except ValueError:
        raise ValidationError({"archived_at": f"{value!r} is not a date and time."}) from None
    return parsed if timezone.is_aware(parsed) else timezone.make_aware(parsed)
