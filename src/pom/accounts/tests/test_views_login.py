"""Signing in and out, rate limiting, changing and resetting a password, and signing up."""

from __future__ import annotations

import re
from collections.abc import Iterator
from unittest import mock

import pytest
from django.core import mail
from django.core.cache import cache
from django.test import Client, override_settings
from django.urls import reverse
from tests.fixtures import PASSWORD, World

from pom.accounts.models import User

LOGIN = reverse("accounts:login")
TOO_MANY = "Too many sign-in attempts. Wait a minute, then try again."


def sign_in(client: Client, email: str, password: str, **extra: str) -> object:
    return client.post(LOGIN, {"username": email, "password": password}, **extra)


def is_signed_in(client: Client) -> bool:
    return client.get("/api/v1/me").status_code == 200


@pytest.fixture
def fresh_rate_limits() -> Iterator[None]:
    cache.clear()
    # Rate windows are aligned to the clock; pin the window so a test never straddles two.
    with mock.patch("django_ratelimit.core._get_window", return_value=1_000_000_000):
        yield
    cache.clear()


def test_the_right_password_signs_in(world: World) -> None:
    client = Client()
    response = sign_in(client, "alice@acme.test", PASSWORD)
    assert response.status_code == 302
    assert is_signed_in(client)


def test_the_email_address_is_not_case_sensitive(world: World) -> None:
    client = Client()
    assert sign_in(client, "Alice@ACME.test", PASSWORD).status_code == 302


def test_a_wrong_password_is_refused_with_a_clear_message(world: World) -> None:
    client = Client()
    response = sign_in(client, "alice@acme.test", "not-the-password")
    assert response.status_code == 200
    assert "That email and password do not match an account" in response.content.decode()
    assert not is_signed_in(client)


@override_settings(POM_LOGIN_RATE="3/m")
def test_the_fourth_attempt_for_one_address_within_a_minute_is_refused(
    world: World, fresh_rate_limits: None
) -> None:
    for n in range(3):
        response = sign_in(Client(), "alice@acme.test", "wrong", REMOTE_ADDR=f"10.0.0.{n}")
        assert response.status_code == 200
    client = Client()
    # Even the right password is refused now: the limit is on attempts, not on failures.
    response = sign_in(client, "alice@acme.test", PASSWORD, REMOTE_ADDR="10.0.0.99")
    assert response.status_code == 429
    assert TOO_MANY in response.content.decode()
    assert not is_signed_in(client)


@override_settings(POM_LOGIN_RATE="3/m")
def test_the_fourth_attempt_from_one_client_within_a_minute_is_refused(
    world: World, fresh_rate_limits: None
) -> None:
    for email in ("a@x.test", "b@x.test", "c@x.test"):
        assert sign_in(Client(), email, "wrong").status_code == 200
    response = sign_in(Client(), "bob@acme.test", PASSWORD)
    assert response.status_code == 429
    assert TOO_MANY in response.content.decode()


@override_settings(POM_LOGIN_RATE="3/m")
def test_other_addresses_and_clients_are_not_held_back_by_one_being_limited(
    world: World, fresh_rate_limits: None
) -> None:
    for _ in range(4):
        sign_in(Client(), "alice@acme.test", "wrong", REMOTE_ADDR="10.0.0.1")
    response = sign_in(Client(), "bob@acme.test", PASSWORD, REMOTE_ADDR="10.0.0.2")
    assert response.status_code == 302


@override_settings(POM_LOGIN_RATE="3/m", POM_BEHIND_PROXY=True)
def test_behind_a_proxy_clients_are_told_apart_by_the_address_the_proxy_saw(
    world: World, fresh_rate_limits: None
) -> None:
    for email in ("a@x.test", "b@x.test", "c@x.test", "d@x.test"):
        sign_in(Client(), email, "wrong", HTTP_X_FORWARDED_FOR="203.0.113.7")
    limited = sign_in(Client(), "bob@acme.test", PASSWORD, HTTP_X_FORWARDED_FOR="203.0.113.7")
    assert limited.status_code == 429
    # Same proxy (REMOTE_ADDR), another client: not held back by the first one.
    other = sign_in(Client(), "bob@acme.test", PASSWORD, HTTP_X_FORWARDED_FOR="198.51.100.2")
    assert other.status_code == 302
    # A client cannot dodge the limit by claiming an address: the proxy appends the real one.
    spoofed = sign_in(
        Client(), "leo@acme.test", PASSWORD, HTTP_X_FORWARDED_FOR="10.9.9.9, 203.0.113.7"
    )
    assert spoofed.status_code == 429


@override_settings(POM_LOGIN_RATE="3/m")
def test_without_a_proxy_a_forwarded_for_header_is_ignored(
    world: World, fresh_rate_limits: None
) -> None:
    for n in range(3):
        sign_in(Client(), f"{n}@x.test", "wrong", HTTP_X_FORWARDED_FOR=f"198.51.100.{n}")
    assert sign_in(Client(), "bob@acme.test", PASSWORD).status_code == 429


def test_signing_out_ends_the_session(world: World) -> None:
    client = world.client("member")
    assert is_signed_in(client)
    response = client.post(reverse("accounts:logout"))
    assert response.status_code == 302
    assert response["Location"] == LOGIN
    assert not is_signed_in(client)
    assert client.get(reverse("accounts:profile")).status_code == 302


def test_changing_the_password_needs_the_old_one_and_the_new_one_works(world: World) -> None:
    client = world.client("member")
    url = reverse("accounts:password_change")
    wrong = client.post(
        url,
        {
            "old_password": "nope",
            "new_password1": "a-new-long-secret",
            "new_password2": "a-new-long-secret",
        },
    )
    assert wrong.status_code == 200
    assert "old_password" in wrong.context["form"].errors
    ok = client.post(
        url,
        {
            "old_password": PASSWORD,
            "new_password1": "a-new-long-secret",
            "new_password2": "a-new-long-secret",
        },
    )
    assert ok.status_code == 302
    assert is_signed_in(client), "changing the password keeps this session signed in"
    assert sign_in(Client(), "bob@acme.test", PASSWORD).status_code == 200
    assert sign_in(Client(), "bob@acme.test", "a-new-long-secret").status_code == 302


def test_a_password_reset_email_carries_a_link_that_sets_a_new_password(world: World) -> None:
    client = Client()
    response = client.post(reverse("accounts:password_reset"), {"email": "bob@acme.test"})
    assert response.status_code == 302
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["bob@acme.test"]
    assert message.subject == "Reset your pom password"
    link = re.search(r"https?://[^/\s]+(/accounts/password/reset/\S+/)", message.body)
    assert link, message.body

    form_page = client.get(link.group(1), follow=True)
    assert "Choose a new password" in form_page.content.decode()
    set_url = form_page.redirect_chain[-1][0]
    done = client.post(
        set_url, {"new_password1": "reset-long-secret", "new_password2": "reset-long-secret"}
    )
    assert done.status_code == 302
    assert done["Location"] == reverse("accounts:password_reset_complete")

    assert sign_in(Client(), "bob@acme.test", "reset-long-secret").status_code == 302
    assert sign_in(Client(), "bob@acme.test", PASSWORD).status_code == 200
    used_again = Client().get(link.group(1), follow=True)
    assert "This link no longer works" in used_again.content.decode()


def test_a_password_reset_for_an_unknown_address_sends_nothing_and_reveals_nothing(
    world: World,
) -> None:
    response = Client().post(reverse("accounts:password_reset"), {"email": "nobody@acme.test"})
    assert response.status_code == 302
    assert mail.outbox == []


def test_signing_up_creates_the_account_and_asks_for_an_organization(db: object) -> None:
    client = Client()
    response = client.post(
        reverse("accounts:signup"),
        {"full_name": "Nina New", "email": "Nina@Example.test", "password": "long-enough-secret"},
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("accounts:organization_create")
    assert User.objects.get(email="nina@example.test").full_name == "Nina New"
    assert is_signed_in(client)


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        ({"email": "not-an-email"}, "email", "Enter a valid email address."),
        ({"password": "short"}, "password", "This password is too short."),
        ({"password": "1234567890123"}, "password", "This password is entirely numeric."),
        ({"full_name": ""}, "full_name", "This field is required."),
        ({"email": "alice@acme.test"}, "email", "An account with this email already exists"),
    ],
)
def test_sign_up_errors_name_the_field(
    world: World, data: dict[str, str], field: str, message: str
) -> None:
    form = {"full_name": "Nina", "email": "nina@example.test", "password": "long-enough-secret"}
    response = Client().post(reverse("accounts:signup"), {**form, **data})
    assert response.status_code == 400
    errors = response.context["form"].errors
    assert any(message in e for e in errors[field]), errors
    assert not User.objects.filter(email="nina@example.test").exists()


@override_settings(POM_OPEN_SIGNUP=False)
def test_closed_sign_up_refuses_new_accounts_and_hides_the_link(db: object) -> None:
    client = Client()
    page = client.get(reverse("accounts:signup"))
    assert page.status_code == 403
    assert "Sign-up is closed" in page.content.decode()
    post = client.post(
        reverse("accounts:signup"),
        {"full_name": "Nina", "email": "nina@example.test", "password": "long-enough-secret"},
    )
    assert post.status_code == 403
    assert not User.objects.filter(email="nina@example.test").exists()
    assert "Create an account" not in client.get(LOGIN).content.decode()
