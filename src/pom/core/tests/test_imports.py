"""Imports read documents safely: no alias expansion, no stack overflow, no unbounded documents."""

from __future__ import annotations

import io
import json
from pathlib import Path
from typing import Any

import pytest
import yaml
from django.core.management import CommandError, call_command

from pom.core.imports import MAX_DOCUMENT_BYTES, UnsafeYAML, load_yaml
from pom.strategy.models import StrategicBet
from pom.teams.models import Person

# The probe's document: ~500 bytes that expand to 10**9 values ("billion laughs").
LAUGHS = "\n".join(
    [
        "pillar: strategy",
        'a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol","lol"]',
        *(
            f"{chr(98 + i)}: &{chr(98 + i)} [{','.join(['*' + chr(97 + i)] * 10)}]"
            for i in range(8)
        ),
        "bets: *i",
    ]
)


def post(client: Any, url: str, body: dict[str, Any]) -> Any:
    return client.post(url, data=json.dumps(body), content_type="application/json")


def test_plain_documents_load_as_before() -> None:
    assert load_yaml("pillar: teams\npeople:\n- name: Ann\n  since: 2025-01-02\n") == {
        "pillar": "teams",
        "people": [{"name": "Ann", "since": __import__("datetime").date(2025, 1, 2)}],
    }
    assert load_yaml("") is None


def test_billion_laughs_is_refused_at_the_alias_that_crosses_the_budget() -> None:
    with pytest.raises(UnsafeYAML, match="repeat more than 10,000 values") as exc:
        load_yaml(LAUGHS)
    assert exc.value.problem_mark is not None
    assert exc.value.problem_mark.line + 1 == 5  # d: ten aliases of 1,111 values each


def test_small_shared_values_as_pyyaml_writes_them_still_load() -> None:
    guardrail = {"metric": "churn", "comparison": "<=", "limit": 3}
    text = yaml.safe_dump({"outcomes": [{"guardrails": [guardrail]}, {"guardrails": [guardrail]}]})
    assert "&id001" in text
    assert load_yaml(text)["outcomes"][1]["guardrails"][0]["limit"] == 3
    assert load_yaml("base: &b {x: 1}\nother:\n  <<: *b\n  y: 2\n")["other"] == {"x": 1, "y": 2}


def test_cycles_and_deep_nesting_through_aliases_are_refused() -> None:
    with pytest.raises(UnsafeYAML, match="repeats the collection it is in"):
        load_yaml("a: &a [1, *a]\n")
    deep = "[" * 40 + "1" + "]" * 40
    with pytest.raises(UnsafeYAML, match="nests deeper than 64") as exc:
        load_yaml(f"a: &a {deep}\nb: [[[[[[[[[[[[[[[[[[[[[[[[[[*a]]]]]]]]]]]]]]]]]]]]]]]]]]\n")
    assert exc.value.problem_mark.line + 1 == 2
    assert load_yaml(f"a: &a {deep}\nb: [[[[[[[[[[*a]]]]]]]]]]\n")["b"] is not None


def test_deep_nesting_and_huge_documents_are_refused() -> None:
    with pytest.raises(UnsafeYAML, match="nests deeper than 64"):
        load_yaml("[" * 10_000 + "]" * 10_000)
    assert load_yaml("[" * 60 + "]" * 60) is not None
    with pytest.raises(UnsafeYAML, match="up to 5 MB"):
        load_yaml("a: " + "x" * MAX_DOCUMENT_BYTES)
    assert isinstance(UnsafeYAML(problem="x"), yaml.YAMLError)


def test_the_strategy_api_refuses_alias_expansion_even_as_a_dry_run(world: Any) -> None:
    response = post(
        world.api("leader"),
        "/api/v1/strategy/import",
        {"yaml": LAUGHS, "dry_run": True, "allow_warnings": True},
    )
    assert response.status_code == 400
    assert "repeat more than" in response.content.decode()
    assert len(response.content) < 2_000
    assert not StrategicBet.objects.for_org(world.org_a).exists()


def test_the_teams_api_refuses_alias_expansion(world: Any) -> None:
    doc = LAUGHS.replace("pillar: strategy", "pom: 1\npillar: teams").replace("bets:", "people:")
    response = post(world.api("leader"), "/api/v1/teams/import", {"kind": "yaml", "content": doc})
    assert response.status_code == 400
    error = response.json()["errors"][0]
    assert error["field"].startswith("line 6")
    assert "repeat more than" in error["message"]
    assert not Person.objects.for_org(world.org_a).exists()


def test_the_teams_import_page_refuses_alias_expansion(world: Any) -> None:
    doc = LAUGHS.replace("pillar: strategy", "pom: 1\npillar: teams").replace("bets:", "people:")
    response = world.client("leader").post(
        "/teams/import/", {"kind": "yaml", "content": doc, "apply": "1"}
    )
    assert "repeat more than" in response.content.decode()
    assert not Person.objects.for_org(world.org_a).exists()


def test_the_cli_refuses_alias_expansion(world: Any, tmp_path: Path) -> None:
    path = tmp_path / "laughs.yaml"
    path.write_text(LAUGHS)
    with pytest.raises(CommandError, match="repeat more than"):
        call_command("import", str(path), "--org", world.org_a.slug, stdout=io.StringIO())
    err = io.StringIO()
    with pytest.raises(SystemExit):
        call_command("lint", str(path), stdout=io.StringIO(), stderr=err)
    assert "repeat more than" in err.getvalue()
