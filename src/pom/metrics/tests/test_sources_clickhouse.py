"""Connecting a ClickHouse warehouse, through the API and the data-sources page.

The connection test runs against the embedded ClickHouse engine (chdb) the suite uses instead
of a server (``POM_METRICS_CLICKHOUSE_EMBEDDED``).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from django.urls import reverse

from pom.core.models import AuditEvent
from pom.metrics.models import DataSource
from pom.metrics.tests.helpers import metrics_dir
from pom.metrics.tests.test_engine_clickhouse import clickhouse_dir, clickhouse_source, events_file

__all__ = ["clickhouse_dir", "events_file", "metrics_dir"]

pytest.importorskip("chdb")
pytestmark = pytest.mark.django_db
URL = "/api/v1/metrics/sources"
WAREHOUSE = {
    "name": "Warehouse",
    "kind": "clickhouse",
    "host": "ch.internal",
    "database": "product",
    "user": "metrics_reader",
    "password": "hunter2-hunter2",
}


def send(client: Any, method: str, url: str, body: dict[str, Any]) -> Any:
    return getattr(client, method)(url, data=json.dumps(body), content_type="application/json")


def collapsed(response: Any) -> str:
    return " ".join(response.content.decode().split())


def test_a_clickhouse_source_is_created_over_tls_by_default_and_never_returns_its_password(
    world: Any,
) -> None:
    api = world.api("leader")
    response = send(api, "post", URL, WAREHOUSE)
    assert response.status_code == 201, response.content
    body = response.json()
    assert (body["kind"], body["host"], body["port"], body["secure"]) == (
        "clickhouse",
        "ch.internal",
        8443,
        True,
    )
    assert body["database"] == "product" and body["has_password"] is True
    assert body["sslmode"] is None
    plain = send(api, "post", URL, {**WAREHOUSE, "name": "Plain", "secure": False}).json()
    assert (plain["port"], plain["secure"]) == (8123, False)
    everything = api.get(URL).content.decode() + json.dumps(
        list(AuditEvent.objects.values("changes"))
    )
    assert "hunter2" not in everything
    source = DataSource.objects.for_org(world.org_a).get(pk=body["id"])
    assert source.secret_encrypted and "hunter2" not in source.secret_encrypted


# 422: the request's shape is wrong (the schema); 400: a rule of pom's (the service), as everywhere.
@pytest.mark.parametrize(
    ("change", "field", "status"),
    [
        ({"host": "ch internal; rm"}, "host", 400),
        ({"host": ""}, "host", 400),
        ({"port": 70000}, "port", 422),
        ({"database": "product; DROP"}, "database", 400),
        ({"user": ""}, "user", 400),
        ({"password_env": "HOME"}, "password_env", 400),
        ({"secure": "sometimes"}, "secure", 422),
    ],
)
def test_bad_clickhouse_settings_are_refused_naming_the_field(
    world: Any, change: dict[str, Any], field: str, status: int
) -> None:
    response = send(world.api("leader"), "post", URL, {**WAREHOUSE, **change})
    assert response.status_code == status, response.content
    assert [e["field"] for e in response.json()["errors"]] == [field]
    assert not DataSource.objects.for_org(world.org_a).exists()


def test_a_clickhouse_source_is_changed_by_patch_and_bad_input_changes_nothing(
    world: Any,
) -> None:
    source = clickhouse_source(world)
    api = world.api("leader")
    url = f"{URL}/{source.pk}"
    response = send(api, "patch", url, {"secure": False, "port": 9440, "password": ""})
    assert response.status_code == 200, response.content
    assert (response.json()["secure"], response.json()["port"]) == (False, 9440)
    source.refresh_from_db()
    assert source.has_secret, "a blank password keeps the stored one"
    before = dict(source.settings)
    response = send(api, "patch", url, {"database": "two words", "host": "elsewhere"})
    assert response.status_code == 400
    assert response.json()["errors"][0]["field"] == "database"
    source.refresh_from_db()
    assert source.settings == before


def test_another_organization_cannot_see_or_change_a_clickhouse_source(world: Any) -> None:
    source = clickhouse_source(world)
    outsider = world.api("outsider_owner")
    assert outsider.get(f"{URL}/{source.pk}").status_code == 404
    response = send(outsider, "patch", f"{URL}/{source.pk}", {"host": "attacker.example"})
    assert response.status_code == 404
    assert outsider.post(f"{URL}/{source.pk}/test").status_code == 404
    source.refresh_from_db()
    assert source.settings["host"] == "clickhouse.internal"


def test_the_connection_test_answers_from_clickhouse(world: Any, clickhouse_dir: Path) -> None:
    source = clickhouse_source(world)
    response = world.api("leader").post(f"{URL}/{source.pk}/test")
    assert response.status_code == 200
    body = response.json()
    assert body["ok"] is True, body
    assert body["message"].startswith("ClickHouse 2")
    assert "1 table visible" in body["message"]


def test_a_leader_connects_clickhouse_on_the_sources_page(world: Any) -> None:
    client = world.client("leader")
    page = collapsed(client.get(reverse("metrics:sources")))
    assert "ClickHouse: connect over TLS (HTTPS)" in page
    form = {
        "name": "Warehouse",
        "kind": "clickhouse",
        "host": "ch.internal",
        "database": "product",
        "user": "reader",
        "secure": "on",
        "password": "hunter2-hunter2",
    }
    response = client.post(reverse("metrics:sources"), form)
    assert response.status_code == 302, collapsed(response)
    source = DataSource.objects.for_org(world.org_a).get(name="Warehouse")
    assert source.settings == {
        "host": "ch.internal",
        "port": 8443,
        "database": "product",
        "user": "reader",
        "secure": True,
    }
    shown = collapsed(client.get(source.get_absolute_url()))
    assert "ClickHouse · reader@ch.internal:8443/product over TLS" in shown
    assert "hunter2" not in shown


def test_a_bad_port_on_the_sources_page_names_the_field_and_adds_nothing(world: Any) -> None:
    client = world.client("leader")
    response = client.post(
        reverse("metrics:sources"),
        {"name": "Warehouse", "kind": "clickhouse", "host": "ch.internal", "port": "99999"},
    )
    assert response.status_code == 400
    assert "Ensure this value is less than or equal to 65535" in collapsed(response)
    assert not DataSource.objects.for_org(world.org_a).exists()
    response = client.post(
        reverse("metrics:sources"),
        {"name": "Warehouse", "kind": "clickhouse", "host": "ch.internal", "user": "reader"},
    )
    assert response.status_code == 400
    assert "database" in collapsed(response).lower()
    assert not DataSource.objects.for_org(world.org_a).exists()
