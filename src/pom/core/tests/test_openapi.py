"""The OpenAPI schema describes what the API really answers (the fuzz test in tests/ relies on it)."""

from __future__ import annotations

from typing import Any

import pytest
from ninja.openapi.schema import OpenAPISchema

from pom.config.api import api


def test_no_two_schemas_share_a_component_name(monkeypatch: pytest.MonkeyPatch) -> None:
    # Ninja names a component after its class and silently keeps the last of two classes with
    # one name, so every operation using the other is documented with the wrong fields.
    clashes: set[str] = set()
    merge = OpenAPISchema.add_schema_definitions

    def add(self: OpenAPISchema, definitions: dict[str, Any]) -> None:
        clashes.update(
            name
            for name, definition in definitions.items()
            if name in self.schemas and self.schemas[name] != definition
        )
        merge(self, definitions)

    monkeypatch.setattr(OpenAPISchema, "add_schema_definitions", add)
    api.get_openapi_schema(path_prefix="/api/v1/")
    assert not clashes, f"rename one of each: {sorted(clashes)}"


@pytest.mark.parametrize(
    ("path", "media"),
    [
        ("/api/v1/teams/export", {"application/yaml", "text/csv"}),
        ("/api/v1/strategy/export", {"application/yaml"}),
        ("/api/v1/delivery/export", {"text/csv"}),
    ],
)
def test_an_export_documents_the_media_type_it_answers(path: str, media: set[str]) -> None:
    schema = api.get_openapi_schema(path_prefix="/api/v1/")
    assert set(schema["paths"][path]["get"]["responses"][200]["content"]) == media


def _integers(
    schema: dict[str, Any],
    components: dict[str, Any],
    seen: frozenset[str],
    types: tuple[str, ...] = ("integer",),
) -> Any:
    """Every integer (or other ``types``) in ``schema`` (refs followed once), with its dotted path."""
    if "$ref" in schema:
        name = schema["$ref"].rsplit("/", 1)[-1]
        if name not in seen:
            yield from _integers(components[name], components, seen | {name}, types)
        return
    if schema.get("type") in types:
        yield "", schema
    for key in ("anyOf", "oneOf", "allOf"):
        for option in schema.get(key, []):
            yield from _integers(option, components, seen, types)
    if "items" in schema:
        yield from _integers(schema["items"], components, seen, types)
    for name, prop in schema.get("properties", {}).items():
        for path, found in _integers(prop, components, seen, types):
            yield f"{name}.{path}".rstrip("."), found


def _read_numbers(types: tuple[str, ...]) -> list[tuple[str, str, dict[str, Any]]]:
    """(operation, parameter or body field, its schema) for every number an operation reads."""
    schema = api.get_openapi_schema(path_prefix="/api/v1/")
    components = schema["components"]["schemas"]
    found = []
    for path, operations in schema["paths"].items():
        for method, operation in operations.items():
            where = f"{method.upper()} {path}"
            for p in operation.get("parameters", []):
                found += [
                    (where, p["name"], x)
                    for _, x in _integers(p["schema"], components, frozenset(), types)
                ]
            for content in operation.get("requestBody", {}).get("content", {}).values():
                found += [
                    (where, name, x)
                    for name, x in _integers(content["schema"], components, frozenset(), types)
                ]
    return found


def _bounded(number: dict[str, Any]) -> bool:
    return ("minimum" in number or "exclusiveMinimum" in number) and (
        "maximum" in number or "exclusiveMaximum" in number
    )


def test_every_number_the_api_reads_is_bounded_at_both_ends() -> None:
    # An unbounded number is a 500 later: it overflows a column (an opportunity's position past
    # 2**31 on PostgreSQL) or a computation (a sample size for a 1e-300 effect). Declare it with
    # a pom.core.validation.Bounds (``ALLOCATION.schema(100)``), the one the form and service use.
    unbounded = {
        f"{where} {name}"
        for where, name, number in _read_numbers(("integer", "number"))
        if not _bounded(number)
    }
    assert not unbounded, sorted(unbounded)


def test_every_id_the_api_reads_is_bounded() -> None:
    # An id is declared as pom.core.api.Id (or IdList): from 1 to the database's largest integer,
    # so a larger one is a 422 naming it, not an overflow inside the database driver.
    schema = api.get_openapi_schema(path_prefix="/api/v1/")
    components = schema["components"]["schemas"]
    unbounded = set()
    for path, operations in schema["paths"].items():
        for method, operation in operations.items():
            found = [
                (p["name"], x)
                for p in operation.get("parameters", [])
                for _, x in _integers(p["schema"], components, frozenset())
            ]
            for content in operation.get("requestBody", {}).get("content", {}).values():
                found += list(_integers(content["schema"], components, frozenset()))
            unbounded |= {
                f"{method.upper()} {path} {name}"
                for name, integer in found
                if name.split(".")[-1].endswith(("_id", "_ids")) or "{" + name + "}" in path
                if not ("minimum" in integer and "maximum" in integer)
            }
    assert not unbounded, sorted(unbounded)
