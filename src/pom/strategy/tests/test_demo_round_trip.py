"""Strategy as code survives the demo: ``pom export`` of the demo organization, ``pom import``
into a fresh one, and a second export gives the same documents.

What legitimately differs, and why the test allows it: nothing in the documents themselves. The
fresh organization is given the same accounts as members (memberships are accounts, not part of
any document), so check-in authors resolve; what the documents never carry — series, refresh
history, forecasts, passwords, the files of a file source — is not compared, and the imported
file source says it awaits its file instead.
"""

from __future__ import annotations

import difflib
from pathlib import Path
from typing import Any

import pytest
import yaml
from django.core.management import call_command

from pom.accounts.models import Membership, Organization
from pom.core.management.commands.demo import DEMO_SLUG, Command
from pom.metrics.engines import EngineError, engine_for
from pom.metrics.models import DataSource, Metric, OutcomeMetric
from pom.metrics.tests.helpers import metrics_dir
from pom.strategy import transfer
from pom.strategy.models import Outcome, Principle
from pom.strategy.tests.helpers import plan

__all__ = ["metrics_dir"]

pytestmark = pytest.mark.django_db


def _export(pillar: str, slug: str, folder: Path) -> Path:
    path = folder / f"{pillar}-{slug}.yaml"
    call_command("export", pillar, "--org", slug, "-o", str(path))
    return path


def _fresh_org_with_the_demo_accounts() -> Organization:
    demo = Organization.objects.get(slug=DEMO_SLUG)
    fresh = Organization.objects.create(name="Fresh start", slug="fresh")
    for m in Membership.objects.for_org(demo).select_related("user"):
        Membership.objects.create(organization=fresh, user=m.user, role=m.role)
    return fresh


def test_the_demo_exports_imports_into_a_fresh_organization_and_exports_the_same(
    metrics_dir: Path, tmp_path: Path
) -> None:
    assert Command().load_demo()
    teams = _export("teams", DEMO_SLUG, tmp_path)
    strategy = _export("strategy", DEMO_SLUG, tmp_path)
    text = strategy.read_text()
    doc = yaml.safe_load(text)
    # The demo's numbers are in the document, by name; its passwords and files are not.
    assert {s["name"] for s in doc["data_sources"]} == {"Product events"}
    assert doc["data_sources"][0]["tables"] == [
        {"name": "events", "format": "parquet", "uploaded": True}
    ]
    demo = Organization.objects.get(slug=DEMO_SLUG)
    assert len(doc["metrics"]) == Metric.objects.for_org(demo).count()
    assert doc["bindings"] and doc["principles"]
    assert any(b.get("guardrail") for b in doc["bindings"])
    assert "events.parquet" not in text and "password:" not in text
    fresh = _fresh_org_with_the_demo_accounts()
    call_command("import", str(teams), "--org", "fresh", "--apply")
    call_command("import", str(strategy), "--org", "fresh", "--apply", "--allow-warnings")

    assert _export("teams", "fresh", tmp_path).read_text() == teams.read_text()
    again = _export("strategy", "fresh", tmp_path).read_text()
    assert again.splitlines() == text.splitlines(), "\n".join(
        difflib.unified_diff(text.splitlines(), again.splitlines(), lineterm="", n=1)
    )
    # Same numbers wired the same way: each outcome reads the metric of the same name.
    wiring = sorted(
        (b.outcome.title, b.metric.name, b.role, b.guardrail)
        for b in OutcomeMetric.objects.for_org(fresh).select_related("outcome", "metric")
    )
    assert wiring == sorted(
        (b.outcome.title, b.metric.name, b.role, b.guardrail)
        for b in OutcomeMetric.objects.for_org(demo).select_related("outcome", "metric")
    )
    assert Principle.objects.for_org(fresh).count() == Principle.objects.for_org(demo).count()
    # The file source came without its file and says so instead of failing later in silence.
    source = DataSource.objects.for_org(fresh).get(name="Product events")
    with pytest.raises(EngineError, match="upload events again"):
        engine_for(source)


def test_adding_one_outcome_changes_only_its_own_lines(world: Any) -> None:
    p = plan(world)
    leader = world.membership("leader")
    text = transfer.export_yaml(world.org_a.pk)
    doc = yaml.safe_load(text)
    parent = next(o["key"] for o in doc["outcomes"] if o["title"] == p.business.title)
    # A title that sorts before its siblings: with keys by position every later key would move.
    doc["outcomes"].insert(
        1, {"key": "a-new-one", "title": "A new outcome", "parent": parent, "status": "draft"}
    )
    transfer.import_yaml(
        leader, yaml.safe_dump(doc, sort_keys=False), allow_warnings=True, replace=True
    )
    again = transfer.export_yaml(world.org_a.pk)
    changed = [
        line
        for line in difflib.unified_diff(text.splitlines(), again.splitlines(), lineterm="", n=0)
        if line[:1] in "+-" and not line.startswith(("+++", "---"))
    ]
    assert changed == [
        "+- key: a-new-outcome",
        "+  title: A new outcome",
        "+  level: team",
        "+  status: draft",
        f"+  parent: {parent}",
        "+  direction: increase",
    ], changed
    assert Outcome.objects.for_org(world.org_a).filter(title="A new outcome").exists()
