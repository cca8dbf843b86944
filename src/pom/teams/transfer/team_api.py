"""Teams described with Team Topologies' "Team API" template (Markdown), in and out."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import partial
from typing import Any

from django.utils import timezone

from pom.accounts.models import Membership
from pom.core.permissions import require
from pom.teams import services
from pom.teams.models import (
    LifecycleStage,
    OperatingMode,
    PilotStatus,
    ProductArea,
    Team,
    TeamMember,
    Topology,
)
from pom.teams.transfer.base import (
    People,
    Problem,
    Run,
    choice_value,
    email_in,
    norm,
    place_member,
    role_value,
    teams_by_key,
)

# --- Team API markdown ------------------------------------------------------------------------

HEADING = re.compile(r"^(#{1,6})\s+(.*?)\s*#*\s*$")
FIELD = re.compile(r"^\s*(?:[-*+]\s+)?(?:\*\*)?([^:*]{2,120}?)(?:\*\*)?\s*:\s*(?:\*\*)?\s*(.*)$")
NAME_FOCUS_SPLIT = re.compile(r"\s+[—–-]\s+|:\s+")
TEAM_TYPES = {
    "stream aligned": Topology.STREAM_ALIGNED,
    "platform": Topology.PLATFORM,
    "enabling": Topology.ENABLING,
    "complicated subsystem": Topology.COMPLICATED_SUBSYSTEM,
}
# Fields of the Team API template that pom has no place for; the preview says they are skipped.
TEMPLATE_ONLY = (
    "date",
    "part of a platform",
    "do we provide a service to other teams",
    "what kind of service level expectations do other teams have of us",
    "software owned and evolved by this team",
    "versioning approaches",
    "wiki search terms",
    "chat tool channels",
    "time of daily sync meeting",
)


@dataclass
class TeamApiDoc:
    line: int
    fields: dict[str, tuple[int, str]] = field(default_factory=dict)  # key → (line, value)
    members: list[tuple[int, dict[str, str]]] = field(default_factory=list)
    sections: list[str] = field(default_factory=list)


def _blocks(content: str) -> Iterator[tuple[int, list[tuple[int, str]]]]:
    """Split a file into Team API documents: each starts at a heading that says "Team API"."""
    lines = list(enumerate(content.splitlines(), start=1))
    starts = [
        n for n, text in lines if (m := HEADING.match(text)) and "team api" in m.group(2).lower()
    ]
    if not starts:
        yield 1, lines
        return
    for i, start in enumerate(starts):
        end = starts[i + 1] if i + 1 < len(starts) else len(lines) + 1
        yield start, [(n, t) for n, t in lines if start <= n < end]


def parse_team_api(content: str) -> tuple[list[TeamApiDoc], list[Problem]]:
    docs: list[TeamApiDoc] = []
    problems: list[Problem] = []
    for start, lines in _blocks(content):
        doc = TeamApiDoc(line=start)
        section = ""
        table_header: list[str] | None = None
        for number, text in lines:
            heading = HEADING.match(text)
            if heading:
                section = norm(heading.group(2))
                table_header = None
                if "team api" in section:
                    section = ""  # the template's own fields follow its title
                else:
                    doc.sections.append(heading.group(2))
                continue
            if "member" in section:
                stripped = text.strip()
                if stripped.startswith("|"):
                    cells = [c.strip() for c in stripped.strip("|").split("|")]
                    if all(re.fullmatch(r":?-{2,}:?", c) for c in cells if c):
                        continue
                    if table_header is None:
                        table_header = [norm(c) for c in cells]
                        if "email" not in table_header:
                            problems.append(
                                Problem(
                                    f"line {number}",
                                    "Team members",
                                    "The members table needs an Email column.",
                                )
                            )
                        continue
                    if len(cells) != len(table_header):
                        problems.append(
                            Problem(
                                f"line {number}",
                                "Team members",
                                f"This row has {len(cells)} cells; the header has {len(table_header)}.",
                            )
                        )
                        continue
                    doc.members.append((number, dict(zip(table_header, cells, strict=True))))
                continue
            found = FIELD.match(text)
            if found and not section:
                key = norm(found.group(1))
                if key:
                    doc.fields[key] = (number, found.group(2).strip().strip("*").strip())
        if "team name and focus" not in doc.fields and "team name" not in doc.fields:
            problems.append(
                Problem(
                    f"line {start}",
                    "Team name and focus",
                    "This Team API has no 'Team name and focus' field.",
                )
            )
            continue
        docs.append(doc)
    if not docs and not problems:
        problems.append(Problem("line 1", "", "No Team API found in this file."))
    return docs, problems


def import_team_api(actor: Membership, content: str, run: Run) -> None:
    docs, problems = parse_team_api(content)
    run.report.problems.extend(problems)
    if problems:
        return
    people = People(actor)
    teams = teams_by_key(actor)
    areas = {a.slug: a for a in ProductArea.objects.for_member(actor)}
    areas.update({a.name.lower(): a for a in areas.values()})
    skipped: set[str] = set()
    for doc in docs:
        values: dict[str, Any] = {}
        line_of: dict[str, str] = {}

        def take(
            key: str,
            target: str,
            label: str,
            doc: TeamApiDoc = doc,
            line_of: dict[str, str] = line_of,
        ) -> str | None:
            if key not in doc.fields:
                return None
            number, value = doc.fields[key]
            line_of[target] = f"line {number}"
            run.fields[target] = label
            return value

        name_focus = take("team name and focus", "name", "Team name and focus")
        if name_focus is None:
            name_focus = take("team name", "name", "Team name") or ""
        parts = NAME_FOCUS_SPLIT.split(name_focus, maxsplit=1)
        values["name"] = parts[0].strip()
        if len(parts) > 1:
            values["mission"] = parts[1].strip()
        if (mission := take("mission", "mission", "Mission")) is not None:
            values["mission"] = mission
        team_type = take("team type", "topology", "Team type")
        if team_type:
            topology = TEAM_TYPES.get(norm(team_type))
            values["topology"] = topology or team_type
        for key, target, label, choices in (
            ("lifecycle stage", "lifecycle_stage", "Lifecycle stage", LifecycleStage),
            ("operating mode", "operating_mode", "Operating mode", OperatingMode),
            ("pilot status", "pilot_status", "Pilot status", PilotStatus),
        ):
            raw = take(key, target, label)
            if raw:
                values[target] = choice_value(raw, choices)
        slug = take("slug", "slug", "Slug") or ""
        area_raw = take("product area", "product_area", "Product area")
        where = f"line {doc.line}"
        if area_raw:
            area = areas.get(area_raw) or areas.get(area_raw.lower())
            if area is None:
                run.problem(
                    line_of["product_area"],
                    "Product area",
                    f"There is no product area {area_raw!r}.",
                )
                continue
            values["product_area"] = area
        coach_raw = take("coach", "coach", "Coach")
        if coach_raw:
            coach = people.get(email_in(coach_raw))
            if coach is None:
                run.problem(
                    line_of["coach"],
                    "Coach",
                    f"Nobody on the People page has the email {coach_raw!r}.",
                )
                continue
            values["coach"] = coach
        access = take(
            "reliable customer access", "reliable_customer_access", "Reliable customer access"
        )
        if access:
            answer = norm(access).split(" ")[0]
            if answer not in ("yes", "y", "true", "no", "n", "false"):
                run.problem(
                    line_of["reliable_customer_access"],
                    "Reliable customer access",
                    f"Answer yes or no, not {access!r}.",
                )
                continue
            values["reliable_customer_access"] = answer in ("yes", "y", "true")
        formed = take("formed on", "formed_on", "Formed on")
        if formed:
            values["formed_on"] = formed
        skipped |= {k for k in doc.fields if k in TEMPLATE_ONLY}
        skipped |= {s for s in doc.sections if "member" not in s.lower()}
        existing = teams.get(slug) if slug else teams.get(values["name"].lower())

        def save(
            values: dict[str, Any] = values, existing: Team | None = existing, slug: str = slug
        ) -> Team:
            if existing is None:
                team = services.create_team(actor, slug=slug, **values)
                run.change(f"Create team {team.name} ({team.slug})")
            else:
                team = services.update_team(actor, existing, **values)
                run.change(f"Update team {team.name} ({team.slug})")
            return team

        team = run.step(line_of.get("name", where), save, "Team name and focus", line_of)
        if team is None:
            continue
        teams[team.slug] = team
        teams[team.name.lower()] = team
        for number, cells in doc.members:
            row_where = f"line {number}"
            run.fields.update({"person": "Email", "role": "Role", "allocation": "Allocation"})
            email = cells.get("email", "")
            if not email:
                run.problem(row_where, "Email", "Each member needs an email address.")
                continue
            person = run.step(
                row_where,
                partial(
                    people.upsert,
                    run,
                    name=cells.get("name") or email.split("@")[0],
                    email=email,
                    title=cells.get("title"),
                ),
            )
            if person is None:
                continue
            member_values = {
                "role": role_value(cells.get("role") or "engineer"),
                "allocation": (cells.get("allocation") or "100").rstrip("%").strip(),
                "since": cells.get("since") or None,
            }
            run.step(
                row_where,
                partial(place_member, actor, run, team, person, member_values),
            )
    if skipped:
        run.report.notes.append(
            "Kept out of pom (it has no place for them): " + ", ".join(sorted(skipped)) + "."
        )


def export_team_api(actor: Membership, team: Team) -> str:
    """One team as a Team API document that ``import_team_api`` reads back."""
    require(actor, "teams.view")
    members = (
        TeamMember.objects.for_member(actor)
        .filter(team=team)
        .select_related("person")
        .order_by("person__email")
    )
    lines = [
        f"# Team API: {team.name}",
        "",
        f"Date: {timezone.localdate().isoformat()}",
        "",
        f"* Team name and focus: {team.name} — {team.mission}".rstrip(" —"),
        f"* Team type: {team.get_topology_display().lower()}",
        f"* Slug: {team.slug}",
        f"* Product area: {team.product_area.slug if team.product_area else ''}",
        f"* Lifecycle stage: {team.lifecycle_stage}",
        f"* Operating mode: {team.operating_mode}",
        f"* Pilot status: {team.pilot_status}",
        f"* Coach: {team.coach.email if team.coach else ''}",
        f"* Formed on: {team.formed_on.isoformat() if team.formed_on else ''}",
        f"* Reliable customer access: {'yes' if team.reliable_customer_access else 'no'}",
        "",
        "## Team members",
        "",
        "| Name | Email | Role | Allocation |",
        "| --- | --- | --- | --- |",
    ]
    lines += [
        f"| {m.person.name} | {m.person.email} | {m.role} | {m.allocation}% |" for m in members
    ]
    return "\n".join(lines) + "\n"
