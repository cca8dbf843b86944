"""People and team memberships as CSV: the format spreadsheets speak."""

from __future__ import annotations

import csv
import io
from functools import partial

from pom.accounts.models import Membership
from pom.core import spreadsheet
from pom.core.permissions import require
from pom.teams.models import (
    Person,
    TeamMember,
    TeamRole,
)
from pom.teams.transfer.base import (
    People,
    Run,
    place_member,
    role_value,
    teams_by_key,
)

# --- CSV --------------------------------------------------------------------------------------

CSV_COLUMNS = ("name", "email", "title", "team", "role", "allocation", "since")
CSV_REQUIRED = ("name", "email")


def import_csv(actor: Membership, content: str, run: Run) -> None:
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
    people = People(actor)
    teams = teams_by_key(actor)
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
        row = {k: spreadsheet.read_cell((v or "").strip()) for k, v in raw.items()}
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
        role = role_value(role)
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
        run.step(where, partial(place_member, actor, run, team, person, values))


def export_csv(actor: Membership) -> str:
    """People and their active team memberships in the format ``import_csv`` reads."""
    require(actor, "teams.view")
    out = io.StringIO()
    writer = spreadsheet.writer(out, lineterminator="\n")
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
