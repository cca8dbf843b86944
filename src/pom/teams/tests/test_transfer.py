"""Imports are previewed, then applied all at once; problems name the row and column; exports
import back to the identical state."""

from __future__ import annotations

import csv
import io
import threading
from typing import Any

import pytest
import yaml
from django.db import connection
from django.test.utils import CaptureQueriesContext

from pom.core import audit
from pom.teams import services, transfer
from pom.teams.models import Person, Team, TeamMember
from pom.teams.tests.helpers import acme

GOOD_CSV = """name,email,title,team,role,allocation,since
Dee Designer,dee@acme.test,Designer,checkout,Product designer,50,2025-03-01
Bob Builder,bob@acme.test,Staff engineer,checkout,tech_lead,80,
Nia New,nia@acme.test,Analyst,,,,
"""


def leader(world: Any) -> Any:
    return world.membership("leader")


def test_a_csv_preview_writes_nothing_and_apply_writes_everything(world: Any) -> None:
    data = acme(world)
    report = transfer.run_import(leader(world), "csv", GOOD_CSV, apply=False)
    assert report.ok and not report.applied
    assert "Add person Dee Designer <dee@acme.test>" in report.changes
    assert "Change Bob Builder on Checkout: allocation" in report.changes
    assert not Person.objects.for_org(world.org_a).filter(email="dee@acme.test").exists()

    report = transfer.run_import(leader(world), "csv", GOOD_CSV, apply=True)
    assert report.applied
    dee = TeamMember.objects.for_org(world.org_a).get(person__email="dee@acme.test")
    assert (dee.role, dee.allocation, str(dee.since)) == ("product_designer", 50, "2025-03-01")
    data.member.refresh_from_db()
    assert data.member.allocation == 80
    assert Person.objects.for_org(world.org_a).get(email="nia@acme.test").title == "Analyst"


def test_csv_problems_are_listed_by_row_and_column_and_nothing_is_written(world: Any) -> None:
    acme(world)
    bad = (
        "name,email,team,role,allocation\n"
        "Dee Designer,dee@acme.test,checkout,product_designer,50\n"
        ",nobody@acme.test,,,\n"
        "Eve,eve@acme.test,nosuchteam,engineer,50\n"
        "Fay,fay@acme.test,checkout,wizard,50\n"
        "Gus,gus@acme.test,checkout,engineer,150\n"
        "Hal,not-an-email,,,\n"
        "Dee Designer,dee@acme.test,checkout,engineer,20\n"
    )
    report = transfer.run_import(leader(world), "csv", bad, apply=True)
    found = {(p.where, p.field) for p in report.problems}
    assert found == {
        ("row 3", "name"),
        ("row 4", "team"),
        ("row 5", "role"),
        ("row 6", "allocation"),
        ("row 7", "email"),
        ("row 8", "team"),
    }
    assert not report.applied and report.changes == []
    assert not Person.objects.for_org(world.org_a).filter(email="dee@acme.test").exists()


def test_malformed_csv_headers_are_named(world: Any) -> None:
    report = transfer.run_import(
        leader(world), "csv", "nom,email,colour\nA,a@x.test,red\n", apply=False
    )
    assert {(p.where, p.field) for p in report.problems} == {
        ("row 1", "nom"),
        ("row 1", "colour"),
        ("row 1", "name"),
    }
    report = transfer.run_import(
        leader(world), "csv", "name,email\nA,a@acme.test,extra\n", apply=False
    )
    assert report.problems[0].where == "row 2"
    assert "more values" in report.problems[0].message
    assert transfer.run_import(leader(world), "csv", "", apply=False).problems[0].where == "row 1"


TEAM_API = """# Team API

Date: 2025-05-01

* Team name and focus: Search — customers find the right product in seconds
* Team type: Stream-aligned
* Part of a Platform? (y/n) Details: n
* Product area: Payments
* Operating mode: project model
* Pilot status: candidate
* Reliable customer access: Yes (weekly interviews)
* Wiki search terms: search, ranking

## Team members

| Name | Email | Role | Allocation |
| --- | --- | --- | --- |
| Pat Product | pat@acme.test | Product manager | 50% |
| Sam Search | sam@acme.test | Tech lead | 100 |

## What we're currently working on

Ranking by availability.

# Team API

* Team name and focus: Platform Paved Road — deploys are boring
* Team type: platform
"""


def test_team_api_documents_create_teams_with_members(world: Any) -> None:
    acme(world)
    report = transfer.run_import(leader(world), "team_api", TEAM_API, apply=True)
    assert report.ok, report.problems
    search = Team.objects.for_org(world.org_a).get(slug="search")
    assert search.mission == "customers find the right product in seconds"
    assert (search.topology, search.operating_mode, search.pilot_status) == (
        "stream_aligned",
        "project",
        "candidate",
    )
    assert search.product_area is not None and search.product_area.name == "Payments"
    assert search.reliable_customer_access is True
    roles = dict(
        TeamMember.objects.for_org(world.org_a)
        .filter(team=search)
        .values_list("person__email", "role")
    )
    assert roles == {"pat@acme.test": "product_manager", "sam@acme.test": "tech_lead"}
    assert Team.objects.for_org(world.org_a).get(slug="platform-paved-road").topology == "platform"
    assert "wiki search terms" in report.notes[0]


def test_a_team_api_export_imports_back(world: Any) -> None:
    data = acme(world)
    text = transfer.export_team_api(leader(world), data.team)
    services.update_team(leader(world), data.team, mission="changed")
    report = transfer.run_import(leader(world), "team_api", text, apply=True)
    assert report.ok, report.problems
    data.team.refresh_from_db()
    assert data.team.mission == "Shoppers pay without friction"


def test_malformed_team_api_files_name_the_line_and_field(world: Any) -> None:
    acme(world)
    bad = "# Team API\n\n* Team type: stream-aligned\n"
    report = transfer.run_import(leader(world), "team_api", bad, apply=True)
    assert [(p.where, p.field) for p in report.problems] == [("line 1", "Team name and focus")]
    bad = "# Team API\n* Team name and focus: X — y\n* Team type: blob\n* Coach: who@nowhere.test\n"
    report = transfer.run_import(leader(world), "team_api", bad, apply=True)
    assert [(p.where, p.field) for p in report.problems] == [("line 4", "Coach")]
    bad = "# Team API\n* Team name and focus: X — y\n* Reliable customer access: sometimes\n"
    report = transfer.run_import(leader(world), "team_api", bad, apply=True)
    assert [(p.where, p.field) for p in report.problems] == [("line 3", "Reliable customer access")]
    bad = "# Team API\n* Team name and focus: X — y\n* Team type: blob-shaped\n"
    report = transfer.run_import(leader(world), "team_api", bad, apply=True)
    assert [(p.where, p.field) for p in report.problems] == [("line 3", "Team type")]
    assert not Team.objects.for_org(world.org_a).filter(slug="x").exists()


def test_a_yaml_export_imports_back_to_the_identical_state(world: Any) -> None:
    data = acme(world)
    lead = leader(world)
    services.update_team(lead, data.team, coach=data.pat, reliable_customer_access=True)
    archived = services.create_team(lead, name="Old Stuff", operating_mode="project")
    services.add_member(
        lead, archived, person=data.bob, role="engineer", allocation=40, since="2024-02-02"
    )
    services.archive_team(lead, archived)
    services.update_settings(lead, team_size_limit=7)
    exported = transfer.export_yaml(lead)

    owner_b = world.membership("outsider_owner")
    report = transfer.run_import(owner_b, "yaml", exported, apply=True)
    assert report.ok, report.problems
    copy = yaml.safe_load(transfer.export_yaml(owner_b))
    original = yaml.safe_load(exported)
    # Accounts are per organization: bob has none in org B, so his person is not linked there.
    for person in original["people"]:
        person["user"] = None
    assert copy == original

    # Change things in org A, then import the old export: the file's state comes back.
    services.update_team(lead, data.team, name="Renamed", mission="x")
    services.remove_member(lead, data.member)
    newcomer = services.create_person(lead, name="Zed", email="zed@acme.test")
    services.add_member(lead, data.team, person=newcomer)
    report = transfer.run_import(lead, "yaml", exported, apply=True)
    assert report.ok, report.problems
    after = yaml.safe_load(transfer.export_yaml(lead))
    before = yaml.safe_load(exported)
    after["people"] = [p for p in after["people"] if p["email"] != "zed@acme.test"]
    assert after == before
    again = transfer.run_import(lead, "yaml", exported, apply=False)
    assert again.changes == []


WRITES = ("INSERT", "UPDATE", "DELETE", "BEGIN", "SAVEPOINT")


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("kind", ["csv", "yaml"])
def test_a_preview_holds_no_write_lock_so_other_organizations_keep_writing(
    world: Any, monkeypatch: Any, kind: str
) -> None:
    acme(world)
    content = GOOD_CSV if kind == "csv" else transfer.export_yaml(leader(world))
    olga = world.membership("outsider_owner")
    other: dict[str, str] = {}
    create_person = services.create_person

    def write_elsewhere() -> None:
        try:
            with audit.acting_as(olga.user):
                services.create_team(olga, name="Written during a preview")
            other["result"] = "saved"
        except Exception as exc:  # the old preview held the lock: "database is locked"
            other["result"] = repr(exc)
        finally:
            connection.close()

    def create_person_while_org_b_writes(*args: Any, **kwargs: Any) -> Any:
        if not other:  # half-way through the preview, another organization saves a team
            thread = threading.Thread(target=write_elsewhere)
            thread.start()
            thread.join(timeout=30)
        return create_person(*args, **kwargs)

    monkeypatch.setattr(services, "create_person", create_person_while_org_b_writes)
    if kind == "yaml":  # the export's people exist already: add one
        data = yaml.safe_load(content)
        data["people"].append({"name": "Nia New", "email": "nia@acme.test"})
        content = yaml.safe_dump(data)
    with CaptureQueriesContext(connection) as queries:
        report = transfer.run_import(leader(world), kind, content, apply=False)
    assert report.ok and report.changes and not report.applied
    assert other == {"result": "saved"}
    assert Team.objects.for_org(world.org_b).filter(name="Written during a preview").exists()
    assert [q["sql"] for q in queries if q["sql"].lstrip().upper().startswith(WRITES)] == []


def test_preview_and_apply_cost_the_same_queries_for_every_row(world: Any) -> None:
    acme(world)

    def queries_for(n: int, *, apply: bool, start: int) -> int:
        rows = [f"P{i},p{i}@acme.test,,checkout,engineer,10," for i in range(start, start + n)]
        content = "name,email,title,team,role,allocation,since\n" + "\n".join(rows) + "\n"
        with CaptureQueriesContext(connection) as queries:
            report = transfer.run_import(leader(world), "csv", content, apply=apply)
        assert report.ok
        # The email check goes through the lower(email) index: LIKE or UPPER() would scan.
        scans = [
            q["sql"]
            for q in queries
            if '"teams_person"."email"' in q["sql"] and ("LIKE" in q["sql"] or "UPPER(" in q["sql"])
        ]
        assert scans == []
        return len(queries)

    for apply in (False, True):
        counts = [queries_for(n, apply=apply, start=1000 * k) for k, n in enumerate((5, 10, 15), 1)]
        # Linear: each row costs the same fixed number of (indexed) queries, however many
        # people the organization already has; no query grows with the file.
        assert counts[2] - counts[1] == counts[1] - counts[0], counts


def test_malformed_yaml_is_refused_with_its_line(world: Any) -> None:
    report = transfer.run_import(
        leader(world), "yaml", "pom: 1\npillar: teams\npeople: [\n", apply=True
    )
    assert report.problems[0].where.startswith("line ")
    report = transfer.run_import(leader(world), "yaml", "pillar: strategy\n", apply=True)
    assert report.problems[0].field == "pillar"
    doc = "pom: 1\npillar: teams\npeople: []\nteams:\n- name: T\n  slug: t\n  members:\n  - email: ghost@acme.test\n    role: engineer\n    allocation: 10\n"
    report = transfer.run_import(leader(world), "yaml", doc, apply=True)
    assert [(p.where, p.field) for p in report.problems] == [("teams[0].members[0]", "email")]
    assert not Team.objects.for_org(world.org_a).exists()


def test_csv_export_is_importable(world: Any) -> None:
    acme(world)
    text = transfer.export_csv(leader(world))
    assert text.splitlines()[0] == ",".join(transfer.CSV_COLUMNS)
    report = transfer.run_import(world.membership("outsider_owner"), "csv", text, apply=False)
    # Org B has no Checkout team: the rows say so by row and column.
    assert {p.field for p in report.problems} == {"team"}


def test_the_people_csv_never_hands_a_spreadsheet_a_formula(world: Any) -> None:
    """Issue 15, item 5: text starting with = + - @ tab or CR is written with a leading
    apostrophe (spreadsheets show it literally), and reads back as typed."""
    leader = world.membership("leader")
    evil = '=HYPERLINK("http://evil.test","x")'
    services.create_person(leader, name=evil, email="eve@acme.test", title="+1 guru")
    services.create_person(leader, name="@admin", email="adm@acme.test", title="\tTabby")
    exported = transfer.export_csv(leader)
    rows = list(csv.reader(io.StringIO(exported)))
    cells = [c for row in rows[1:] for c in row]
    assert not any(c.startswith(("=", "+", "-", "@", "\t", "\r")) for c in cells), cells
    assert "'" + evil in cells and "'+1 guru" in cells and "'@admin" in cells
    report = transfer.run_import(leader, "csv", exported, apply=True)
    assert not report.problems
    assert Person.objects.for_member(leader).get(email="eve@acme.test").name == evil
    assert Person.objects.for_member(leader).get(email="eve@acme.test").title == "+1 guru"
