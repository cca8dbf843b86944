"""Import and export of the teams pillar: CSV of people and memberships, Team API markdown, YAML.

Every import runs the same way: parse the whole input first (syntax errors name the row, line and
column), then play every change through the services inside one transaction, each item in its own
savepoint so that *all* problems are collected. A preview, or any problem, rolls the whole
transaction back: nothing is half-written. Applying commits it.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from functools import partial
from typing import Any

import yaml
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from pom.accounts.models import Membership
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
    TeamRole,
    TeamSettings,
    Topology,
)

FORMAT_VERSION = 1


@dataclass
class Problem:
    where: str  # "row 3", "line 12", "teams[2]"
    field: str  # the CSV column, Team API field or YAML key
    message: str

    def __str__(self) -> str:
        return (
            f"{self.where}, {self.field}: {self.message}"
            if self.field
            else f"{self.where}: {self.message}"
        )


@dataclass
class ImportReport:
    kind: str
    applied: bool = False
    problems: list[Problem] = field(default_factory=list)
    changes: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems

    def as_dict(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "applied": self.applied,
            "ok": self.ok,
            "problems": [p.__dict__ for p in self.problems],
            "changes": self.changes,
            "notes": self.notes,
        }


class _Run:
    """One import: collects problems and changes while steps run in savepoints."""

    def __init__(self, report: ImportReport, fields: dict[str, str] | None = None) -> None:
        self.report = report
        # Service field names → what the user calls them in this format (CSV column…).
        self.fields = fields or {}

    def step(
        self,
        where: str,
        action: Callable[[], Any],
        default_field: str = "",
        lines: dict[str, str] | None = None,
    ) -> Any:
        """Run ``action`` in a savepoint; its errors become problems (at the field's own line)."""
        try:
            with transaction.atomic():
                return action()
        except ValidationError as exc:
            if hasattr(exc, "error_dict"):
                for name, errors in exc.message_dict.items():
                    for message in errors:
                        at = (lines or {}).get(name, where)
                        self.problem(at, self.fields.get(name, name), message)
            else:
                for message in exc.messages:
                    self.problem(where, default_field, message)
            return None

    def problem(self, where: str, field_name: str, message: str) -> None:
        self.report.problems.append(Problem(where, field_name, message))

    def change(self, text: str) -> None:
        self.report.changes.append(text)


def import_file(actor: Membership, content: str, fmt: str, *, apply: bool) -> ImportReport:
    """The entry point of ``pom import`` (see ``pom.core.exchange``)."""
    return run_import(actor, fmt, content, apply=apply)


def run_import(actor: Membership, kind: str, content: str, *, apply: bool) -> ImportReport:
    """Preview (``apply=False``) or apply an import of ``kind`` ("csv", "team_api", "yaml")."""
    require(actor, "teams.import")
    importers: dict[str, Callable[[Membership, str, _Run], None]] = {
        "csv": _import_csv,
        "team_api": _import_team_api,
        "yaml": _import_yaml,
    }
    if kind not in importers:
        raise ValidationError({"kind": f"Unknown import kind {kind!r}; use csv, team_api or yaml."})
    report = ImportReport(kind=kind)
    run = _Run(report)
    with transaction.atomic():
        importers[kind](actor, content, run)
        if report.problems or not apply:
            transaction.set_rollback(True)
        else:
            report.applied = True
    if report.problems:
        report.changes = []
    return report


# --- Shared upserts ---------------------------------------------------------------------------


class _People:
    """People by email, remembered across rows so a file can add someone and use them later."""

    def __init__(self, actor: Membership) -> None:
        self.actor = actor
        self.by_email = {p.email.lower(): p for p in Person.objects.for_member(actor)}

    def get(self, email: str) -> Person | None:
        return self.by_email.get((email or "").strip().lower())

    def upsert(self, run: _Run, *, name: str, email: str, title: str | None) -> Person:
        person = self.get(email)
        if person is None:
            person = services.create_person(self.actor, name=name, email=email, title=title or "")
            run.change(f"Add person {person.name} <{person.email}>")
            self.by_email[person.email] = person
            return person
        changes: dict[str, Any] = {}
        if name and name != person.name:
            changes["name"] = name
        if title is not None and title != person.title:
            changes["title"] = title
        if changes:
            services.update_person(self.actor, person, **changes)
            run.change(f"Update person {person.email}: {', '.join(changes)}")
        return person


def _teams_by_key(actor: Membership) -> dict[str, Team]:
    teams: dict[str, Team] = {}
    for team in Team.objects.for_member(actor):
        teams.setdefault(team.name.lower(), team)
        teams[team.slug] = team
    return teams


def _membership(
    actor: Membership,
    run: _Run,
    team: Team,
    person: Person,
    values: dict[str, Any],
    *,
    exact: bool = False,
) -> TeamMember:
    """Put ``person`` on ``team`` with ``values``; ``exact`` also clears values given as None."""
    existing = TeamMember.objects.for_member(actor).filter(team=team, person=person).first()
    if existing is None:
        member = services.add_member(actor, team, person=person, **values)
        run.change(
            f"Put {person.name} on {team.name} as {member.get_role_display()} ({member.allocation}%)"
        )
        return member
    existing.team = team
    changed = {
        k: v
        for k, v in values.items()
        if (v is not None or exact) and str(getattr(existing, k) or "") != str(v or "")
    }
    if changed:
        services.update_member(actor, existing, **changed)
        run.change(f"Change {person.name} on {team.name}: {', '.join(changed)}")
    return existing


# --- CSV --------------------------------------------------------------------------------------

CSV_COLUMNS = ("name", "email", "title", "team", "role", "allocation", "since")
CSV_REQUIRED = ("name", "email")


def _import_csv(actor: Membership, content: str, run: _Run) -> None:
    run.fields = {"person": "email", "user": "email"}
    try:
        reader = csv.DictReader(io.StringIO(content.lstrip("\ufeff")), strict=True)
        header = [h.strip().lower() for h in (reader.fieldnames or [])]
    except csv.Error as exc:
        run.problem("row 1", "", f"This is not readable CSV: {exc}.")
        return
    if not header:
        run.problem("row 1", "", "The file is empty; the first row must name the columns.")
        return
    unknown = [h for h in header if h not in CSV_COLUMNS]
    for h in unknown:
        run.problem("row 1", h or "(empty)", f"Unknown column; use {', '.join(CSV_COLUMNS)}.")
    for h in CSV_REQUIRED:
        if h not in header:
            run.problem("row 1", h, "This column is required.")
    if len(set(header)) != len(header):
        run.problem("row 1", "", "A column appears twice.")
    if run.report.problems:
        return
    reader.fieldnames = header
    people = _People(actor)
    teams = _teams_by_key(actor)
    seen_pairs: dict[tuple[str, int], int] = {}
    try:
        rows = list(enumerate(reader, start=2))
    except csv.Error as exc:
        run.problem(f"row {reader.line_num}", "", f"This row is not valid CSV: {exc}.")
        return
    if not rows:
        run.problem("row 2", "", "There are no rows under the header.")
        return
    for number, raw in rows:
        where = f"row {number}"
        if None in raw:
            run.problem(where, "", "This row has more values than there are columns.")
            continue
        row = {k: (v or "").strip() for k, v in raw.items()}
        if not any(row.values()):
            continue
        for column in CSV_REQUIRED:
            if not row.get(column):
                run.problem(where, column, "This value is required.")
        if not row.get("name") or not row.get("email"):
            continue
        team_key = row.get("team", "")
        team = teams.get(team_key) or teams.get(team_key.lower()) if team_key else None
        if team_key and team is None:
            run.problem(where, "team", f"There is no team {team_key!r} (use its slug or name).")
        if not team_key and any(row.get(c) for c in ("role", "allocation", "since")):
            run.problem(where, "team", "Name the team that the role and allocation are for.")
        role = row.get("role") or TeamRole.ENGINEER
        role = _role_value(role)
        if team is not None:
            pair = (row["email"].lower(), team.pk)
            if pair in seen_pairs:
                run.problem(
                    where,
                    "team",
                    f"{row['email']} is already put on {team.name} in row {seen_pairs[pair]}.",
                )
                continue
            seen_pairs[pair] = number
        title = row.get("title") if "title" in header else None
        person = run.step(
            where,
            partial(people.upsert, run, name=row["name"], email=row["email"], title=title),
        )
        if person is None or team is None:
            continue
        values = {
            "role": role,
            "allocation": row.get("allocation") or 100,
            "since": row.get("since") or None,
        }
        run.step(where, partial(_membership, actor, run, team, person, values))


def _role_value(text: str) -> str:
    """Accept the role's value or its label, in any case ("Tech lead", "tech_lead")."""
    key = text.strip().lower().replace("-", " ").replace("_", " ")
    for value, label in TeamRole.choices:
        if key in (value.replace("_", " "), label.lower()):
            return value
    aliases = {"pm": "product_manager", "designer": "product_designer", "tl": "tech_lead"}
    return aliases.get(key, text.strip())


def export_csv(actor: Membership) -> str:
    """People and their active team memberships in the format ``_import_csv`` reads."""
    require(actor, "teams.view")
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    members: dict[int, list[TeamMember]] = {}
    for m in (
        TeamMember.objects.for_member(actor)
        .filter(team__archived_at__isnull=True)
        .select_related("team")
        .order_by("team__slug")
    ):
        members.setdefault(m.person_id, []).append(m)
    for person in Person.objects.for_member(actor).order_by("email"):
        rows: list[TeamMember | None] = list(members.get(person.pk, [])) or [None]
        for row in rows:
            writer.writerow(
                [
                    person.name,
                    person.email,
                    person.title,
                    row.team.slug if row else "",
                    row.role if row else "",
                    row.allocation if row else "",
                    row.since.isoformat() if row and row.since else "",
                ]
            )
    return out.getvalue()


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


def _norm(text: str) -> str:
    text = re.sub(r"\(.*?\)", "", text)
    text = re.sub(r"[^a-z0-9 ]+", " ", text.lower().replace("-", " "))
    return " ".join(text.split())


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
                section = _norm(heading.group(2))
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
                        table_header = [_norm(c) for c in cells]
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
                key = _norm(found.group(1))
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


def _import_team_api(actor: Membership, content: str, run: _Run) -> None:
    docs, problems = parse_team_api(content)
    run.report.problems.extend(problems)
    if problems:
        return
    people = _People(actor)
    teams = _teams_by_key(actor)
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
            topology = TEAM_TYPES.get(_norm(team_type))
            values["topology"] = topology or team_type
        for key, target, label, choices in (
            ("lifecycle stage", "lifecycle_stage", "Lifecycle stage", LifecycleStage),
            ("operating mode", "operating_mode", "Operating mode", OperatingMode),
            ("pilot status", "pilot_status", "Pilot status", PilotStatus),
        ):
            raw = take(key, target, label)
            if raw:
                values[target] = _choice_value(raw, choices)
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
            coach = people.get(_email_in(coach_raw))
            if coach is None:
                run.problem(
                    line_of["coach"],
                    "Coach",
                    f"Nobody on the People page has the email {coach_raw!r}.",
                )
                continue
            values["coach"] = coach
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
                "role": _role_value(cells.get("role") or "engineer"),
                "allocation": (cells.get("allocation") or "100").rstrip("%").strip(),
                "since": cells.get("since") or None,
            }
            run.step(
                row_where,
                partial(_membership, actor, run, team, person, member_values),
            )
    if skipped:
        run.report.notes.append(
            "Kept out of pom (it has no place for them): " + ", ".join(sorted(skipped)) + "."
        )


def _choice_value(text: str, choices: Any) -> str:
    key = _norm(text)
    for value, label in choices.choices:
        if key in (_norm(value), _norm(label)):
            return str(value)
    return text


def _email_in(text: str) -> str:
    found = re.search(r"[\w.+-]+@[\w-]+(\.[\w-]+)+", text)
    return found.group(0) if found else text


def export_team_api(actor: Membership, team: Team) -> str:
    """One team as a Team API document that ``_import_team_api`` reads back."""
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


def _as_list(value: Any, key: str, run: _Run) -> list[dict[str, Any]]:
    if value is None:
        return []
    if not isinstance(value, list) or not all(isinstance(v, dict) for v in value):
        run.problem(key, "", "Expected a list of mappings.")
        return []
    return value


def _text(item: dict[str, Any], key: str) -> str:
    value = item.get(key)
    return "" if value is None else str(value)


def _import_yaml(actor: Membership, content: str, run: _Run) -> None:
    try:
        data = yaml.safe_load(content)
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
    people = _People(actor)
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
                team.save(update_fields=["archived_at", "updated_at"])
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
                partial(_membership, actor, run, team, person, values_m, exact=True),
            )
        # The file is the truth for the teams it lists: members it does not list leave.
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
