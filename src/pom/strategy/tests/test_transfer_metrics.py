"""Strategy as code carries the numbers: data sources (never their passwords or files), metric
definitions, the outcomes' bindings to metrics and the product principles — by name, created
through the metrics services with the forms' rules, all or nothing."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml
from django.core.exceptions import ValidationError

from pom.metrics import services as metrics
from pom.metrics.engines import EngineError, engine_for
from pom.metrics.models import DataSource, Metric, OutcomeMetric
from pom.metrics.tests import helpers as mh
from pom.metrics.tests.helpers import metrics_dir
from pom.strategy import services, transfer
from pom.strategy.models import Outcome, Principle
from pom.strategy.tests.helpers import clear_outcome
from pom.strategy.tests.test_transfer import org_b_with_same_teams

__all__ = ["metrics_dir"]

pytestmark = pytest.mark.django_db

GUARDRAIL = {"metric": "support tickets per week", "comparison": "at_most", "limit": 200}


@pytest.fixture(autouse=True)
def shared_root(settings: Any, metrics_dir: Path) -> Path:
    """A folder every organization's sources may read (POM_METRICS_FILE_ROOTS), as a company's
    /data/events would be: a pointed table there survives an import into another organization,
    whereas one under an organization's own folder of POM_METRICS_DIR does not."""
    shared = metrics_dir.parent / "shared"
    shared.mkdir(exist_ok=True)
    settings.POM_METRICS_FILE_ROOTS = [shared.resolve()]
    return shared


def _numbers(world: Any) -> dict[str, Any]:
    """Org A: a file source (pointed at a file), a warehouse with a stored password, another
    reading its password from the environment, two metrics, an outcome reading one of them with
    a guardrail reading the other, and two principles."""
    leader = world.membership("leader")
    from django.conf import settings

    files = metrics.create_source(leader, name="Product events", kind="duckdb")
    shared = settings.POM_METRICS_FILE_ROOTS[0]
    events = mh.write_events(shared / "events.parquet")
    metrics.add_table(leader, files, name="events", path=str(events))
    metrics.create_source(
        leader,
        name="Warehouse",
        kind="postgres",
        host="db.internal",
        database="analytics",
        user="pom_reader",
        password="s3cret-Hunter2",
    )
    metrics.create_source(
        leader,
        name="Events cluster",
        kind="clickhouse",
        host="ch.internal",
        database="events",
        user="pom",
        password_env="POM_SOURCE_CH",
    )
    visits = mh.count_metric(leader, files)
    tickets = metrics.create_metric(
        leader,
        name="Support tickets",
        source=files.pk,
        definition="sql",
        grain="week",
        direction="down",
        sql="SELECT date_trunc('week', ts) AS period, count(*) AS value FROM events "
        "WHERE event = 'signup' GROUP BY 1",
    )
    outcome = services.create_outcome(
        leader, **clear_outcome(title="Trial visits double", guardrails=[GUARDRAIL])
    )
    metrics.bind_metric(leader, outcome, metric=visits)
    metrics.bind_metric(leader, outcome, metric=tickets, guardrail="support tickets per week")
    services.create_principle(leader, text="Customers before features", rationale="Always.")
    services.create_principle(leader, text="Small bets, fast feedback")
    return {"files": files, "visits": visits, "tickets": tickets, "outcome": outcome}


def test_sources_metrics_bindings_and_principles_round_trip_without_secrets(
    world: Any, metrics_dir: Path
) -> None:
    _numbers(world)
    text = transfer.export_yaml(world.org_a.pk)
    assert "s3cret" not in text and "secret_encrypted" not in text
    assert text.startswith("# Data sources never carry passwords.")
    doc = yaml.safe_load(text)
    by_name = {s["name"]: s for s in doc["data_sources"]}
    assert by_name["Warehouse"]["needs_password"] is True
    assert by_name["Warehouse"]["settings"] == {
        "host": "db.internal",
        "port": 5432,
        "database": "analytics",
        "user": "pom_reader",
        "sslmode": "prefer",
    }
    assert by_name["Events cluster"]["password_env"] == "POM_SOURCE_CH"
    assert "needs_password" not in by_name["Events cluster"]
    assert by_name["Product events"]["tables"][0]["name"] == "events"
    assert [m["name"] for m in doc["metrics"]] == ["Daily visits", "Support tickets"]
    assert doc["metrics"][1]["source"] == "Product events"
    assert doc["metrics"][1]["sql"].startswith("SELECT date_trunc")
    assert doc["bindings"] == [
        {"outcome": "trial-visits-double", "metric": "Daily visits"},
        {
            "outcome": "trial-visits-double",
            "metric": "Support tickets",
            "guardrail": "support tickets per week",
        },
    ]
    assert doc["principles"] == [
        {"text": "Customers before features", "rationale": "Always."},
        {"text": "Small bets, fast feedback"},
    ]

    olga = org_b_with_same_teams(world)
    result = transfer.import_yaml(olga, text, allow_warnings=True)
    assert result.created["data_sources"] == 3 and result.created["metrics"] == 2
    assert result.created["bindings"] == 2 and result.created["principles"] == 2
    assert transfer.export_yaml(world.org_b.pk) == text
    warehouse = DataSource.objects.for_member(olga).get(name="Warehouse")
    # Imported without its password: it says so and refuses to run, rather than failing later.
    assert warehouse.needs_password and not warehouse.has_secret
    with pytest.raises(EngineError, match="imported without its password"):
        engine_for(warehouse)
    metrics.update_source(olga, warehouse, password="entered-again")
    warehouse.refresh_from_db()
    assert not warehouse.needs_password
    outcome = Outcome.objects.for_member(olga).get(title="Trial visits double")
    assert {
        (b.metric.name, b.role, b.guardrail)
        for b in OutcomeMetric.objects.for_member(olga).filter(outcome=outcome)
    } == {
        ("Daily visits", "primary", ""),
        ("Support tickets", "guardrail", "support tickets per week"),
    }
    assert [p.text for p in Principle.objects.for_member(olga)] == [
        "Customers before features",
        "Small bets, fast feedback",
    ]


def test_the_source_page_says_a_password_is_needed(world: Any, metrics_dir: Path) -> None:
    _numbers(world)
    olga = org_b_with_same_teams(world)
    transfer.import_yaml(olga, transfer.export_yaml(world.org_a.pk), allow_warnings=True)
    warehouse = DataSource.objects.for_member(olga).get(name="Warehouse")
    client = world.client("outsider_owner")
    listing = " ".join(client.get("/metrics/sources/").content.decode().split())
    assert 'Warehouse</a> <span class="badge badge-warn">needs its password</span>' in listing
    page = " ".join(client.get(warehouse.get_absolute_url()).content.decode().split())
    assert "imported from a strategy document, which never carries passwords" in page


def test_an_uploaded_table_comes_without_its_file_and_is_filled_by_uploading_it(
    world: Any, metrics_dir: Path
) -> None:
    leader = world.membership("leader")
    files = metrics.create_source(leader, name="Uploads", kind="duckdb")
    from django.core.files.uploadedfile import SimpleUploadedFile

    data = mh.write_events(metrics_dir / "up.parquet").read_bytes()
    metrics.add_table(leader, files, name="events", file=SimpleUploadedFile("e.parquet", data))
    mh.count_metric(leader, files, name="Uploaded visits")
    text = transfer.export_yaml(world.org_a.pk)
    [source] = yaml.safe_load(text)["data_sources"]
    assert source["tables"] == [{"name": "events", "format": "parquet", "uploaded": True}]
    assert str(metrics_dir) not in text

    olga = org_b_with_same_teams(world)
    transfer.import_yaml(olga, text, allow_warnings=True)
    imported = DataSource.objects.for_member(olga).get(name="Uploads")
    page = " ".join(
        world.client("outsider_owner").get(imported.get_absolute_url()).content.decode().split()
    )
    assert "awaiting its file" in page
    metric = Metric.objects.for_member(olga).get(name="Uploaded visits")
    refresh = metrics.refresh_now(olga, metric)
    assert refresh.status == "failed" and "upload events again" in refresh.message
    metrics.add_table(olga, imported, name="events", file=SimpleUploadedFile("e.parquet", data))
    assert metrics.refresh_now(olga, metric).status == "succeeded"
    assert imported.tables.count() == 1


def _doc(**sections: Any) -> str:
    return yaml.safe_dump({"pillar": "strategy", "version": 1, **sections}, sort_keys=False)


SOURCE = {"name": "Files", "kind": "duckdb", "tables": [{"name": "events", "uploaded": True}]}
SPEC = {"table": "events", "timestamp_column": "ts", "aggregation": "count"}


@pytest.mark.parametrize(
    ("sections", "where", "says"),
    [
        (
            {
                "data_sources": [SOURCE],
                "metrics": [
                    {"name": "A", "source": "Files", "spec": SPEC},
                    {
                        "name": "B",
                        "source": "Files",
                        "definition": "sql",
                        "sql": "DROP TABLE events",
                    },
                ],
            },
            "metrics[1].sql",
            "SELECT",
        ),
        (
            {
                "data_sources": [SOURCE],
                "metrics": [
                    {
                        "name": "B",
                        "source": "Files",
                        "definition": "sql",
                        "sql": "SELECT 1 AS period, 2 AS value; SELECT 3",
                    }
                ],
            },
            "metrics[0].sql",
            "",
        ),
        (
            {"metrics": [{"name": "A", "source": "Someone else's warehouse", "spec": SPEC}]},
            "metrics[0].source",
            "No data source named",
        ),
        (
            {"data_sources": [{"name": "W", "kind": "postgres", "password": "x"}]},
            "data_sources[0].password",
            "never part of a strategy document",
        ),
        (
            {
                "data_sources": [
                    {"name": "W", "kind": "postgres", "settings": {"host": "h", "passwd": "x"}}
                ]
            },
            "data_sources[0].settings.passwd",
            "Unknown setting",
        ),
        (
            {"data_sources": [{"name": "W", "kind": "postgres", "settings": {"host": "h"}}]},
            "data_sources[0].database",
            "",
        ),
        (
            {"bindings": [{"outcome": "nowhere", "metric": "A"}]},
            "bindings[0].outcome",
            "No outcome with key",
        ),
        (
            {
                "outcomes": [{"key": "o", "title": "Trial teams invite a teammate"}],
                "bindings": [{"outcome": "o", "metric": "A", "guardrail": "refunds"}],
            },
            "bindings[0].guardrail",
            "no guardrail named 'refunds'",
        ),
        (
            {"principles": [{"text": ""}]},
            "principles[0].text",
            "",
        ),
    ],
)
def test_bad_numbers_name_their_place_and_nothing_is_written(
    world: Any, metrics_dir: Path, sections: dict[str, Any], where: str, says: str
) -> None:
    leader = world.membership("leader")
    with pytest.raises(ValidationError) as exc:
        transfer.import_yaml(leader, _doc(**sections), allow_warnings=True)
    errors = exc.value.message_dict
    assert where in errors, errors
    assert says in " ".join(errors[where])
    assert not DataSource.objects.for_member(leader).exists()
    assert not Metric.objects.for_member(leader).exists()
    assert not Principle.objects.for_member(leader).exists()


def test_a_metric_reads_only_a_source_of_the_importing_organization(
    world: Any, metrics_dir: Path
) -> None:
    _numbers(world)  # org A has "Product events"; org B has no source of that name
    olga = world.membership("outsider_owner")
    text = _doc(metrics=[{"name": "Visits", "source": "Product events", "spec": SPEC}])
    with pytest.raises(ValidationError) as exc:
        transfer.import_yaml(olga, text)
    assert "metrics[0].source" in exc.value.message_dict
    assert not Metric.objects.for_member(olga).exists()


def test_importing_again_updates_metrics_and_sources_by_name(world: Any, metrics_dir: Path) -> None:
    n = _numbers(world)
    leader = world.membership("leader")
    doc = yaml.safe_load(transfer.export_yaml(world.org_a.pk))
    doc["metrics"][0]["unit"] = "visits"
    [cluster] = [s for s in doc["data_sources"] if s["name"] == "Events cluster"]
    cluster["description"] = "The events cluster"
    result = transfer.import_yaml(
        leader, yaml.safe_dump(doc, sort_keys=False), allow_warnings=True, replace=True
    )
    assert result.created["metrics updated"] == 2 and "metrics" not in result.created
    n["visits"].refresh_from_db()
    assert n["visits"].unit == "visits"
    assert DataSource.objects.for_member(leader).get(name="Events cluster").description == (
        "The events cluster"
    )
    assert OutcomeMetric.objects.for_member(leader).count() == 2


def test_the_api_exports_the_numbers_and_refuses_a_bad_metric_by_its_place(
    world: Any, metrics_dir: Path
) -> None:
    from pom.strategy.tests.test_api_strategy import post

    _numbers(world)
    exported = world.api("leader").get("/api/v1/strategy/export").content.decode()
    assert "Support tickets" in exported and "s3cret" not in exported
    olga = org_b_with_same_teams(world)
    assert olga.role == "owner"
    api = world.api("outsider_owner")
    ok = post(
        api, "/api/v1/strategy/import", {"yaml": exported, "allow_warnings": True, "dry_run": True}
    )
    assert ok.status_code == 200, ok.content
    assert ok.json()["created"]["metrics"] == 2 and ok.json()["created"]["bindings"] == 2
    assert not Metric.objects.for_member(olga).exists()  # a dry run writes nothing
    broken = exported.replace("SELECT date_trunc", "DELETE FROM events; SELECT date_trunc")
    refused = post(api, "/api/v1/strategy/import", {"yaml": broken, "allow_warnings": True})
    assert refused.status_code == 400
    assert [e["field"] for e in refused.json()["errors"]] == ["metrics[1].sql"]
    assert not DataSource.objects.for_member(olga).exists()
