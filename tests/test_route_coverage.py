"""Every URL and every API operation must have a case in the permission matrix."""

from __future__ import annotations

import importlib

from django.apps import apps
from django.urls import URLPattern, URLResolver, get_resolver

from pom.config.api import api
from tests.matrix import REGISTRY

MATRIX_MODULE = "tests.test_permissions_matrix"


def _load_every_matrix() -> None:
    """Import each app's permission matrix, so that running only some test files (or one app's)
    still checks every route against every case instead of reporting other apps' as missing."""
    for app in apps.get_app_configs():
        if not app.name.startswith("pom."):
            continue
        try:
            importlib.import_module(f"{app.name}.{MATRIX_MODULE}")
        except ModuleNotFoundError as exc:
            if not (exc.name or "").startswith(f"{app.name}.tests"):
                raise


_load_every_matrix()

# Routes that are not pages of the product: Ninja's per-operation URL names behind the API
# (covered operation by operation below) and the catch-all pillar placeholder's static siblings.
NOT_PAGES = {"api-1.0.0"}


def _page_names(patterns: list[object], namespace: str = "") -> set[str]:
    names: set[str] = set()
    for p in patterns:
        if isinstance(p, URLResolver):
            ns = p.namespace or ""
            full = f"{namespace}:{ns}" if namespace and ns else (ns or namespace)
            names |= _page_names(p.url_patterns, full)
        elif isinstance(p, URLPattern) and p.name:
            names.add(f"{namespace}:{p.name}" if namespace else p.name)
    return names


def test_every_page_is_in_the_permission_matrix() -> None:
    covered = {case.route for case in REGISTRY if case.kind == "page"}
    pages = {
        n for n in _page_names(get_resolver().url_patterns) if n.split(":")[0] not in NOT_PAGES
    }
    pages |= {"api-1.0.0:openapi-json", "api-1.0.0:openapi-view"}
    missing = sorted(pages - covered)
    assert not missing, f"Pages without a permission-matrix case: {missing}"


def test_every_api_operation_is_in_the_permission_matrix() -> None:
    schema = api.get_openapi_schema()
    operations = {
        f"{method.upper()} {path}"
        for path, methods in schema["paths"].items()
        for method in methods
        if method in ("get", "post", "put", "patch", "delete")
    }
    covered = {f"{case.method} {case.route}" for case in REGISTRY if case.kind == "api"}
    missing = sorted(operations - covered)
    assert not missing, f"API operations without a permission-matrix case: {missing}"
