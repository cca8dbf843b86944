"""Every accounts page and endpoint, as every persona."""

from __future__ import annotations

from typing import Any

from tests.matrix import (
    LEADERS,
    OWNERS,
    PUBLIC,
    ROLE_ORDER,
    api,
    api_for,
    api_read,
    codes,
    matrix_test,
    page,
    page_for,
    page_read,
)

from pom.accounts import services


def bob_membership(world: Any) -> list[int]:
    return [world.membership("member").pk]


def pending_invitation(world: Any) -> list[int]:
    invitation = services.invite(
        world.membership("owner"), email="newcomer@acme.test", role="member"
    )
    return [invitation.pk]


def alices_spare_token(world: Any) -> list[int]:
    token, _ = services.create_token(world.membership("owner"), name="spare")
    return [token.pk]


def invitation_token(world: Any) -> list[str]:
    invitation = services.invite(
        world.membership("owner"), email="newcomer@acme.test", role="member"
    )
    return [invitation.link.rstrip("/").rsplit("/", 1)[-1]]


SIGNED_IN_REDIRECT = {**dict.fromkeys(("outsider", *ROLE_ORDER), 302), "anonymous": 200}
SELF_OR_OWNER = {**api_for(*OWNERS, "member", ok=204, outsider=404)}
SELF_OR_OWNER_PAGE = {**page_for(*OWNERS, "member", ok=302, outsider=404)}
ONLY_ALICE_PAGE = {
    **page_for(*OWNERS, ok=302, outsider=404),
    **dict.fromkeys(("viewer", "stakeholder", "member", "leader"), 404),
}
ONLY_ALICE_API = {
    **api_for(*OWNERS, ok=204, outsider=404),
    **dict.fromkeys(("viewer", "stakeholder", "member", "leader"), 404),
}

CASES = [
    # Pages
    page("GET", "accounts:login", SIGNED_IN_REDIRECT),
    page("POST", "accounts:logout", codes(302, anonymous=302, outsider=302)),
    page("GET", "accounts:signup", SIGNED_IN_REDIRECT),
    page("GET", "accounts:profile", page_read()),
    page("POST", "accounts:profile", page_read(302, outsider=302), data={"full_name": "Renamed"}),
    page("GET", "accounts:password_change", page_read()),
    page("GET", "accounts:password_reset", PUBLIC),
    page("GET", "accounts:password_reset_done", PUBLIC),
    page("GET", "accounts:password_reset_confirm", PUBLIC, args=lambda w: ["MQ", "set-password"]),
    page("GET", "accounts:password_reset_complete", PUBLIC),
    page("GET", "accounts:organization_create", page_read()),
    page(
        "POST",
        "accounts:organization_switch",
        page_read(302, outsider=302),
        data=lambda w: {"organization": w.org_a.pk},
    ),
    page(
        "POST",
        "accounts:organization_rename",
        page_for(*OWNERS, ok=302),
        data={"name": "Acme Renamed"},
    ),
    page("GET", "accounts:members", page_read()),
    page(
        "POST",
        "accounts:member_role",
        page_for(*OWNERS, ok=302, outsider=404),
        args=bob_membership,
        data={"role": "viewer"},
    ),
    page("POST", "accounts:member_remove", SELF_OR_OWNER_PAGE, args=bob_membership),
    page(
        "POST",
        "accounts:invitation_create",
        page_for(*LEADERS, ok=302),
        data={"email": "new@acme.test", "role": "member"},
    ),
    page(
        "POST",
        "accounts:invitation_revoke",
        page_for(*LEADERS, ok=302, outsider=404),
        args=pending_invitation,
    ),
    page(
        "POST",
        "accounts:invitation_resend",
        page_for(*LEADERS, ok=302, outsider=404),
        args=pending_invitation,
    ),
    page("GET", "accounts:invitation_accept", PUBLIC, args=invitation_token),
    page("GET", "accounts:tokens", page_read()),
    page("POST", "accounts:tokens", page_read(), data={"name": "laptop"}),
    page("POST", "accounts:token_revoke", ONLY_ALICE_PAGE, args=alices_spare_token),
    # API
    api("GET", "/api/v1/me", api_read()),
    api("PATCH", "/api/v1/me", api_read(), data={"full_name": "New Name"}),
    api("GET", "/api/v1/organizations", api_read()),
    api(
        "POST", "/api/v1/organizations", api_read(201, outsider=201), data={"name": "Side project"}
    ),
    api("GET", "/api/v1/organizations/current", api_read()),
    api("PATCH", "/api/v1/organizations/current", api_for(*OWNERS), data={"name": "Acme 2"}),
    api("GET", "/api/v1/memberships", api_read()),
    api(
        "PATCH",
        "/api/v1/memberships/{membership_id}",
        api_for(*OWNERS, outsider=404),
        args=bob_membership,
        data={"role": "viewer"},
    ),
    api("DELETE", "/api/v1/memberships/{membership_id}", SELF_OR_OWNER, args=bob_membership),
    api("GET", "/api/v1/invitations", api_for(*LEADERS)),
    api(
        "POST",
        "/api/v1/invitations",
        api_for(*LEADERS, ok=201),
        data={"email": "new@acme.test", "role": "member"},
    ),
    api(
        "DELETE",
        "/api/v1/invitations/{invitation_id}",
        api_for(*LEADERS, ok=204, outsider=404),
        args=pending_invitation,
    ),
    api("GET", "/api/v1/tokens", api_read()),
    api("POST", "/api/v1/tokens", api_read(201, outsider=201), data={"name": "script"}),
    api("DELETE", "/api/v1/tokens/{token_id}", ONLY_ALICE_API, args=alices_spare_token),
    api("GET", "/api/v1/audit", api_for(*OWNERS)),
]

test_matrix = matrix_test(CASES)
