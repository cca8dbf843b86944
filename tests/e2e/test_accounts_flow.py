"""A person signs in, switches organization, makes a token, and the owner reads the audit log."""

from __future__ import annotations

import re
from typing import Any

from playwright.sync_api import expect

from pom.accounts import services
from tests.e2e.conftest import loaded, sign_in
from tests.fixtures import World


def test_sign_in_with_a_wrong_password_says_so(page: Any, world: World) -> None:
    page.goto("/accounts/login/")
    page.get_by_label("Email address").fill("alice@acme.test")
    page.get_by_label("Password").fill("not-the-password")
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("alert")).to_contain_text("do not match")


def test_member_switches_organization_and_sees_the_other_ones_members(
    page: Any, world: World
) -> None:
    bob = world.user("member")
    second = services.create_organization(world.user("outsider_owner"), name="Zeta Labs")
    owner_b = second and world.members["outsider_owner"].__class__.objects.for_org(second).get(
        user=world.user("outsider_owner")
    )
    services.accept_invitation(bob, services.invite(owner_b, email=bob.email, role="viewer"))

    sign_in(page, bob.email)
    expect(page.get_by_role("heading", level=1)).to_have_text(re.compile("Zeta Labs|Acme"))
    page.get_by_label("Switch organization").select_option(label="Acme")
    expect(page.get_by_role("heading", level=1)).to_have_text("Acme")
    page.get_by_label("Switch organization").select_option(label="Zeta Labs")
    expect(page.get_by_role("heading", level=1)).to_have_text("Zeta Labs")
    page.goto("/accounts/members/")
    expect(page.get_by_role("cell", name=re.compile("olga@bluth.test"))).to_be_visible()
    expect(page.get_by_text("carol@acme.test")).to_have_count(0)


def test_member_creates_a_token_sees_it_once_and_can_call_the_api(
    page: Any, world: World, live_server: Any
) -> None:
    sign_in(page, "bob@acme.test")
    page.goto("/accounts/tokens/")
    expect(page.get_by_text("You have no tokens yet")).to_be_visible()
    page.evaluate("window.pomMarker = 'still-here'")
    page.get_by_label("Token name").fill("Spreadsheet sync")
    page.get_by_role("button", name="Create token").click()
    secret = page.locator("#new-token")
    expect(secret).to_contain_text("pom_")
    # htmx swapped the token list in place: the page itself was not reloaded.
    assert page.evaluate("window.pomMarker") == "still-here"
    raw = secret.inner_text().strip()
    expect(page.get_by_role("cell", name="Spreadsheet sync")).to_be_visible()

    response = page.request.get(
        f"{live_server.url}/api/v1/me", headers={"Authorization": f"Bearer {raw}"}
    )
    assert response.status == 200
    assert response.json()["user"]["email"] == "bob@acme.test"

    assert page.url.endswith("/accounts/tokens/")
    page.goto("/accounts/tokens/")
    expect(page.locator("#new-token")).to_have_count(0)  # shown once only
    page.get_by_role("button", name="Revoke").click()
    expect(page.get_by_text("revoked", exact=True)).to_be_visible()
    response = page.request.get(
        f"{live_server.url}/api/v1/me", headers={"Authorization": f"Bearer {raw}"}
    )
    assert response.status == 401


def test_owner_invites_someone_and_sees_it_in_the_audit_log(page: Any, world: World) -> None:
    sign_in(page, "alice@acme.test")
    page.goto("/accounts/members/")
    page.get_by_label("Email address").fill("dana@acme.test")
    page.get_by_label("Their role").select_option("leader")
    page.get_by_role("button", name="Send invitation").click()
    expect(page.get_by_text("Invitation sent to dana@acme.test")).to_be_visible()
    expect(page.get_by_role("cell", name="dana@acme.test")).to_be_visible()

    page.get_by_text("Alice", exact=False).first.click()  # the account menu
    page.get_by_role("link", name="Audit log").click()
    expect(loaded(page).get_by_role("heading", name="Audit log")).to_be_visible()
    row = page.get_by_role("row").filter(has_text="Invitation for dana@acme.test").first
    expect(row).to_contain_text("alice@acme.test")
    expect(row).to_contain_text("Created")
    page.get_by_label("Action").select_option("update")
    expect(page.get_by_role("row").filter(has_text="Invitation for dana@acme.test")).to_have_count(
        0
    )


def test_bob_cannot_open_the_audit_log(page: Any, world: World) -> None:
    sign_in(page, "bob@acme.test")
    response = page.goto("/audit/")
    assert response is not None and response.status == 403
    expect(page.get_by_role("heading", name="Not allowed")).to_be_visible()
