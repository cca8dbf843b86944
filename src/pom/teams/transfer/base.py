"""What every teams import shares: the upserts, on the framework of ``pom.core.imports``."""

from __future__ import annotations

import re
from typing import Any

from pom.accounts.models import Membership
from pom.core import imports
from pom.teams import services
from pom.teams.models import (
    Person,
    Team,
    TeamMember,
    TeamRole,
)

FORMAT_VERSION = 1


# The shared import framework (core.imports), under the names this package has always used.
Problem = imports.Problem
ImportReport = imports.Report
Run = imports.Run


# --- Shared upserts ---------------------------------------------------------------------------


class People:
    """People by email, remembered across rows so a file can add someone and use them later."""

    def __init__(self, actor: Membership) -> None:
        self.actor = actor
        self.by_email = {p.email.lower(): p for p in Person.objects.for_member(actor)}

    def get(self, email: str) -> Person | None:
        return self.by_email.get((email or "").strip().lower())

    def upsert(self, run: Run, *, name: str, email: str, title: str | None) -> Person:
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


def teams_by_key(actor: Membership) -> dict[str, Team]:
    teams: dict[str, Team] = {}
    for team in Team.objects.for_member(actor):
        teams.setdefault(team.name.lower(), team)
        teams[team.slug] = team
    return teams


def place_member(
    actor: Membership,
    run: Run,
    team: Team,
    person: Person,
    values: dict[str, Any],
    *,
    exact: bool = False,
) -> TeamMember:
    """Put ``person`` on ``team`` with ``values``; ``exact`` also clears values given as None."""
    existing = (
        TeamMember.objects.for_member(actor).filter(team=team, person=person).first()
        if imports.saved(team) and imports.saved(person)
        else None  # new in this preview: nobody is on it yet
    )
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


def role_value(text: str) -> str:
    """Accept the role's value or its label, in any case ("Tech lead", "tech_lead")."""
    key = text.strip().lower().replace("-", " ").replace("_", " ")
    for value, label in TeamRole.choices:
        if key in (value.replace("_", " "), label.lower()):
            return value
    aliases = {"pm": "product_manager", "designer": "product_designer", "tl": "tech_lead"}
    return aliases.get(key, text.strip())


def norm(text: str) -> str:
    text = re.sub(r"\(.*?\)", "", text)
    text = re.sub(r"[^a-z0-9 ]+", " ", text.lower().replace("-", " "))
    return " ".join(text.split())


def choice_value(text: str, choices: Any) -> str:
    key = norm(text)
    for value, label in choices.choices:
        if key in (norm(value), norm(label)):
            return str(value)
    return text


def email_in(text: str) -> str:
    found = re.search(r"[\w.+-]+@[\w-]+(\.[\w-]+)+", text)
    return found.group(0) if found else text
