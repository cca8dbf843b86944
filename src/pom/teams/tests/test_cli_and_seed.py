"""``pom export teams`` / ``pom import FILE`` and the seed generator."""

from __future__ import annotations

import random
from io import StringIO
from pathlib import Path
from typing import Any

import pytest
from django.core.management import CommandError, call_command

from pom.core.seeding import SeedContext, run_seeders
from pom.teams import queries
from pom.teams.models import Person, Team, TeamMember
from pom.teams.tests.helpers import acme


def test_export_then_import_into_another_organization(world: Any, tmp_path: Path) -> None:
    acme(world)
    target = tmp_path / "teams.yaml"
    call_command("export", "teams", "--org", world.org_a.slug, "-o", str(target), stderr=StringIO())
    assert "pillar: teams" in target.read_text()
    out = StringIO()
    call_command("import", str(target), "--org", world.org_b.slug, stdout=out)
    assert "Preview:" in out.getvalue()
    assert not Team.objects.for_org(world.org_b).exists()
    out = StringIO()
    call_command("import", str(target), "--org", world.org_b.slug, "--apply", stdout=out)
    assert "Applied" in out.getvalue()
    assert Team.objects.for_org(world.org_b).get().slug == "checkout"


def test_import_refuses_a_bad_file_and_writes_nothing(world: Any, tmp_path: Path) -> None:
    bad = tmp_path / "people.csv"
    bad.write_text("name,email\nAnn,nope\n")
    err = StringIO()
    with pytest.raises(CommandError, match="nothing was imported"):
        call_command(
            "import",
            str(bad),
            "--org",
            world.org_a.slug,
            "--pillar",
            "teams",
            "--apply",
            stderr=err,
        )
    assert "row 2, email" in err.getvalue()
    assert not Person.objects.for_org(world.org_a).exists()
    with pytest.raises(CommandError, match="--pillar"):
        call_command("import", str(bad), "--org", world.org_a.slug)
    with pytest.raises(CommandError, match="No organization"):
        call_command("export", "teams", "--org", "nope")


def test_the_seed_makes_realistic_teams(world: Any) -> None:
    ctx = SeedContext(organization=world.org_b, teams=40, rng=random.Random(5))
    run_seeders(ctx, only=["seed_people", "seed_teams"])
    org_id = world.org_b.pk
    teams = queries.attach_figures(list(queries.teams(org_id)), org_id)
    assert len(teams) == 40
    sizes = [t.figures.size for t in teams]
    assert min(sizes) >= 5
    assert any(t.figures.oversized for t in teams)
    assert any(not t.figures.trio_complete for t in teams)
    assert sum(t.figures.trio_complete for t in teams) > 20
    assert {t.operating_mode for t in teams} == {"product", "project"}
    assert any(t.figures.overallocated for t in teams)
    multi = TeamMember.objects.for_org(org_id).values("person_id").distinct().count()
    assert multi < TeamMember.objects.for_org(org_id).count()
    assert Person.objects.for_org(org_id).exclude(user=None).count() >= 40 * 7
