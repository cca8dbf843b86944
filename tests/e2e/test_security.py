"""The Content-Security-Policy in a real browser (issue 15, item 8): pages that use scripts,
charts, htmx and the API docs work with no inline script and no inline style; the ``page``
fixture fails any test during which the policy refused something."""

from __future__ import annotations

from typing import Any

from playwright.sync_api import expect

from tests.e2e.conftest import loaded, sign_in
from tests.fixtures import World, add_member


def test_pages_run_their_scripts_under_the_policy(page: Any, world: World) -> None:
    sign_in(page, "leo@acme.test")
    response = page.goto("/teams/")
    assert response is not None
    assert "script-src 'self'" in response.headers["content-security-policy"]
    assert "camera=()" in response.headers["permissions-policy"]
    for url in ("/discovery/", "/strategy/", "/teams/map/", "/metrics/", "/accounts/members/"):
        page.goto(url)
        expect(page.get_by_role("heading", level=1)).to_be_visible()


def test_the_api_docs_render_from_vendored_files(page: Any, world: World) -> None:
    sign_in(page, "leo@acme.test")
    page.goto("/api/v1/docs")
    # Swagger UI renders once it has fetched the OpenAPI schema, which takes pom seconds to build
    # (every operation), more on a loaded machine: wait for the title as long as a reader would.
    expect(page.locator(".swagger-ui .title").first).to_contain_text("pom API", timeout=60_000)


def test_the_organization_switcher_submits_without_an_inline_handler(
    page: Any, world: World
) -> None:
    add_member(world.membership("outsider_owner"), world.user("leader"), "member")
    sign_in(page, "leo@acme.test")
    loaded(page)
    page.get_by_label("Switch organization").select_option(label="Bluth")
    expect(page.get_by_label("Switch organization")).to_have_value(str(world.org_b.pk))
    page.goto("/teams/")
    expect(page.locator("body")).to_contain_text("Bluth")
