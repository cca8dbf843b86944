"""CSV import and export of releases and incidents: previews write nothing, a bad row writes
nothing and is named by row and column, ids make re-imports update instead of duplicate."""

from __future__ import annotations

import csv
import io
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from tests.query_counts import count_queries

from pom.delivery import transfer
from pom.delivery.models import Incident, Release, Source
from pom.delivery.tests import helpers as h

pytestmark = pytest.mark.django_db

WRITES = ("INSERT", "UPDATE", "DELETE", "BEGIN", "SAVEPOINT")
HEADER = "id,team,title,shipped_at,kind,flag_key,rollout_percent,solutions,notes\n"


def releases_csv(world: Any, *rows: str) -> str:
    return HEADER + "".join(f"{r}\n" for r in rows)


def good(world: Any) -> str:
    sol = h.solution(world)
    team = h.team(world)
    return releases_csv(
        world,
        f"rel-1,{team.slug},Reorder button,2026-03-02T10:00,feature,reorder,50,{sol.pk},First cut",
        f"rel-2,{team.name},Fix basket total,2026-03-04T09:30,fix,,,,",
    )


def test_a_preview_lists_the_changes_and_writes_nothing(world: Any) -> None:
    content = good(world)
    with CaptureQueriesContext(connection) as queries:
        report = transfer.run_import(h.bob(world), "releases", content, apply=False)
    assert report.ok and not report.applied
    assert report.changes == [
        "Add release “Reorder button” of Checkout",
        "Add release “Fix basket total” of Checkout",
    ]
    assert [q["sql"] for q in queries if q["sql"].lstrip().upper().startswith(WRITES)] == []
    assert not Release.objects.for_org(world.org_a).exists()


def test_applying_stores_every_row_linked_to_its_solutions(world: Any) -> None:
    content = good(world)
    report = transfer.run_import(h.bob(world), "releases", content, apply=True)
    assert report.applied, report.problems
    first, second = Release.objects.for_org(world.org_a).order_by("shipped_at")
    assert (first.title, first.kind, first.flag_key, first.rollout_percent) == (
        "Reorder button",
        "feature",
        "reorder",
        50,
    )
    assert [s.title for s in first.solutions.all()] == ["One-click reorder"]
    assert (first.source, first.external_id, first.notes) == (Source.CSV, "rel-1", "First cut")
    assert (second.kind, second.rollout_percent) == ("fix", 100)


def test_one_bad_row_writes_nothing_and_every_problem_names_its_row_and_column(
    world: Any,
) -> None:
    team = h.team(world)
    content = releases_csv(
        world,
        f",{team.slug},Fine one,2026-03-02T10:00,feature,,,,",
        f",{team.slug},From the future,2099-01-01T10:00,feature,,,,",
        ",Nowhere,Lost,2026-03-02T10:00,feature,,,,",
        f",{team.slug},Too wide,2026-03-02T10:00,feature,,150,,",
        f",{team.slug},Bad link,2026-03-02T10:00,feature,,,abc,",
        f",{team.slug},Odd kind,2026-03-02T10:00,epic,,,,",
    )
    report = transfer.run_import(h.bob(world), "releases", content, apply=True)
    assert not report.applied and report.changes == []
    found = {(p.where, p.field) for p in report.problems}
    assert found == {
        ("Row 3", "shipped_at"),
        ("Row 4", "team"),
        ("Row 5", "rollout_percent"),
        ("Row 6", "solutions"),
        ("Row 7", "kind"),
    }
    assert "in the future" in str(report.problems[0])
    assert not Release.objects.for_org(world.org_a).exists()


def test_the_same_file_twice_updates_the_rows_it_made(world: Any) -> None:
    content = good(world)
    assert transfer.run_import(h.bob(world), "releases", content, apply=True).applied
    changed = content.replace("Reorder button", "Reorder button v2")
    report = transfer.run_import(h.bob(world), "releases", changed, apply=True)
    assert report.applied and report.changes[0] == "Update release “Reorder button v2” of Checkout"
    assert sorted(Release.objects.for_org(world.org_a).values_list("title", flat=True)) == [
        "Fix basket total",
        "Reorder button v2",
    ]


def test_a_row_that_matches_what_pom_holds_is_not_a_change(world: Any) -> None:
    content = good(world)  # hand-written times without an offset, an empty rollout, a team name
    assert transfer.run_import(h.bob(world), "releases", content, apply=True).applied
    again = transfer.run_import(h.bob(world), "releases", content, apply=False)
    assert again.changes == [] and not again.problems
    assert again.notes == ["2 releases already match what pom holds; they are left as they are."]
    exported = transfer.export_releases(h.bob(world))
    assert transfer.run_import(h.bob(world), "releases", exported, apply=False).changes == []
    later = content.replace("2026-03-04T09:30", "2026-03-04T09:31")
    report = transfer.run_import(h.bob(world), "releases", later, apply=False)
    assert report.changes == ["Update release “Fix basket total” of Checkout"]
    assert report.notes == ["1 release already matches what pom holds; it is left as it is."]
    reordered = exported.replace(",feature,", ",FEATURE,")
    assert transfer.run_import(h.bob(world), "releases", reordered, apply=False).changes == []


def test_an_export_imports_back_and_edits_there_come_back_to_pom(world: Any) -> None:
    manual = h.release(world, "=HYPERLINK(evil)", solutions=[h.solution(world)], rollout_percent=30)
    exported = transfer.export_releases(h.bob(world))
    [row] = list(csv.DictReader(io.StringIO(exported)))
    assert row["id"] == f"pom-{manual.pk}" and row["title"] == "'=HYPERLINK(evil)"
    assert row["solutions"] == str(manual.solutions.get().pk) and row["rollout_percent"] == "30"
    edited = exported.replace(",30,", ",80,")
    report = transfer.run_import(h.bob(world), "releases", edited, apply=True)
    assert report.applied, report.problems
    manual.refresh_from_db()
    assert manual.rollout_percent == 80 and manual.title == "=HYPERLINK(evil)"
    assert Release.objects.for_org(world.org_a).count() == 1


def test_whole_file_problems_unknown_and_missing_columns_repeats_and_size(world: Any) -> None:
    bob = h.bob(world)
    report = transfer.run_import(bob, "releases", "team,title,when\nx,y,z\n", apply=False)
    assert {(p.where, p.field) for p in report.problems} == {
        ("Row 1", "when"),
        ("Row 1", "shipped_at"),
    }
    assert transfer.run_import(bob, "releases", HEADER, apply=False).problems[0].where == "Row 2"
    team = h.team(world).slug
    twice = releases_csv(
        world, f"a,{team},One,2026-03-02T10:00,,,,,", f"a,{team},Two,2026-03-02T10:00,,,,,"
    )
    [problem] = transfer.run_import(bob, "releases", twice, apply=False).problems
    assert (problem.where, problem.field) == ("Row 3", "id") and "first in row 2" in problem.message
    many = HEADER + f",{team},R,2026-03-02T10:00,,,,,\n" * 5001
    [problem] = transfer.run_import(bob, "releases", many, apply=False).problems
    assert "more than 5,000 rows" in problem.message


def test_a_member_cannot_import_another_teams_releases(world: Any) -> None:
    other = h.team(world, "Search", with_bob=False)
    content = releases_csv(world, f",{other.slug},Not mine,2026-03-02T10:00,,,,,")
    [problem] = transfer.run_import(h.bob(world), "releases", content, apply=True).problems
    assert (problem.where, problem.field) == ("Row 2", "team")
    assert "Only members of Search" in problem.message


# --- Incidents ------------------------------------------------------------------------------

INCIDENTS = "id,team,title,severity,opened_at,resolved_at,repository,url,deployment\n"


def test_incidents_import_with_their_cause_and_refuse_resolving_before_opening(world: Any) -> None:
    repo = h.repository(world)  # one production deployment a day ago, repository mapped to Checkout
    repo.team = h.team(world)
    repo.save()
    content = INCIDENTS + (
        f"INC-1,,Checkout down,high,{h.ago(0.5).isoformat()},{h.ago(0.4).isoformat()},"
        "https://github.com/acme/shop,,\n"
        f"INC-2,checkout,Slow search,LOW,{h.ago(0.3).isoformat()},,,,\n"
    )
    report = transfer.run_import(h.bob(world), "incidents", content, apply=True)
    assert report.applied, report.problems
    first, second = Incident.objects.for_org(world.org_a).order_by("opened_at")
    assert first.team == h.team(world) and first.severity == "high"
    assert first.deployment is not None and first.deployment.repository == repo.name
    assert (second.severity, second.resolved_at, second.external_id) == ("low", None, "INC-2")
    backwards = INCIDENTS + (
        f"INC-3,checkout,Time travel,high,{h.ago(0.2).isoformat()},{h.ago(0.5).isoformat()},,,\n"
        "INC-4,,No team,high,2026-03-02T10:00,,,,\n"
    )
    report = transfer.run_import(h.bob(world), "incidents", backwards, apply=True)
    assert {(p.where, p.field) for p in report.problems} == {
        ("Row 2", "resolved_at"),
        ("Row 3", "team"),
    }
    assert Incident.objects.for_org(world.org_a).count() == 2
    exported = list(csv.DictReader(io.StringIO(transfer.export_incidents(h.bob(world)))))
    assert [r["id"] for r in exported] == [f"pom-{first.pk}", f"pom-{second.pk}"]
    assert exported[0]["deployment"] == f"pom-{first.deployment_id}"
    back = transfer.run_import(
        h.bob(world), "incidents", transfer.export_incidents(h.bob(world)), apply=False
    )
    assert back.changes == [] and len(back.notes) == 1


# --- Pages and the API ------------------------------------------------------------------------


def test_the_page_previews_an_upload_then_applies_it(world: Any) -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile

    content = good(world)
    client = world.client("member")
    upload = SimpleUploadedFile("releases.csv", content.encode("utf-8-sig"), "text/csv")
    page = client.post(reverse("delivery:import"), {"kind": "releases", "file": upload})
    html = page.content.decode()
    assert page.status_code == 200 and "Preview: 2 changes" in html
    assert not Release.objects.for_org(world.org_a).exists()
    applied = client.post(
        reverse("delivery:import"), {"kind": "releases", "content": content, "action": "apply"}
    )
    assert applied.status_code == 302 and applied["Location"] == reverse("delivery:releases")
    assert Release.objects.for_org(world.org_a).count() == 2
    again = client.post(reverse("delivery:import"), {"kind": "releases", "content": content})
    html = again.content.decode()
    assert "Preview: 0 changes" in html and "applying changes nothing" in html
    assert "2 releases already match what pom holds" in html
    bad = client.post(
        reverse("delivery:import"), {"kind": "releases", "content": HEADER + ",x,y,z,,,,,\n"}
    )
    assert bad.status_code == 400 and "nothing was imported" in bad.content.decode()


def test_the_api_previews_applies_and_names_the_row_and_column_of_a_problem(world: Any) -> None:
    api = world.api("member")
    content = good(world)
    preview = api.post(
        "/api/v1/delivery/import",
        {"kind": "releases", "content": content},
        content_type="application/json",
    )
    assert preview.status_code == 200 and preview.json()["applied"] is False
    assert len(preview.json()["changes"]) == 2
    bad = api.post(
        "/api/v1/delivery/import",
        {
            "kind": "releases",
            "content": HEADER + ",checkout,Late,2099-01-01T00:00,,,,,\n",
            "apply": True,
        },
        content_type="application/json",
    )
    assert bad.status_code == 400
    assert bad.json()["errors"][0]["field"] == "Row 2: shipped_at"
    done = api.post(
        "/api/v1/delivery/import",
        {"kind": "releases", "content": content, "apply": True},
        content_type="application/json",
    )
    assert done.status_code == 200 and done.json()["applied"] is True
    exported = api.get("/api/v1/delivery/export?kind=releases")
    assert exported.status_code == 200 and exported["Content-Type"].startswith("text/csv")
    assert exported.content.decode().startswith(HEADER.strip())
    assert "Reorder button" in exported.content.decode()


def test_exports_read_a_fixed_number_of_queries(world: Any) -> None:
    client = world.client("viewer")
    urls = [f"{reverse('delivery:export')}?kind={k}" for k in ("releases", "incidents")]

    def grow(start: int, n: int) -> None:
        from pom.delivery import services

        for i in range(start, start + n):
            h.release(world, f"R{i}", solutions=[h.solution(world, f"S{i}")])
            services.record_incident(
                h.bob(world), team=h.team(world), title=f"I{i}", opened_at=h.ago(1)
            )

    grow(0, 3)
    few = [count_queries(client, u) for u in urls]
    grow(3, 12)
    assert [count_queries(client, u) for u in urls] == few
