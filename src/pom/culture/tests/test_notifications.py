"""People choose what they receive; stakeholders hear back when their input is triaged; the
organization's chat webhook (https only, stored encrypted, never shown back) gets the digest."""

from __future__ import annotations

import json
from datetime import timedelta
from typing import Any

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.utils import timezone

from pom.core.models import AuditEvent
from pom.culture import digests, notifications, sending
from pom.culture.models import Delivery, DeliveryKind, DeliveryStatus, NotificationSettings
from pom.culture.tests import helpers as h
from pom.culture.tests import ritual_helpers as rh
from pom.culture.tests.test_digests import monday_morning
from pom.discovery import services as discovery

pytestmark = pytest.mark.django_db

HOOK = "https://hooks.slack.com/services/T000/B000/s3cr3tt0k3n"


def call(world: Any, method: str, url: str, body: Any = None, persona: str = "leader") -> Any:
    client = world.api(persona)
    if body is None:
        return getattr(client, method)(url)
    return getattr(client, method)(url, data=json.dumps(body), content_type="application/json")


@pytest.fixture
def posts(monkeypatch: Any) -> list[tuple[str, dict[str, Any]]]:
    """The chat posts that would have gone out: the HTTP call is stubbed at its seam."""
    sent: list[tuple[str, dict[str, Any]]] = []
    monkeypatch.setattr(sending, "post_json", lambda url, payload: sent.append((url, payload)))
    return sent


# --- Preferences ---------------------------------------------------------------------------------


def test_a_person_turns_the_digest_off_on_their_preferences_page(world: Any) -> None:
    client = world.client("member")
    page = client.get("/culture/notifications/").content.decode()
    assert 'name="digest" checked' in " ".join(page.split()) or "checked" in page
    response = client.post("/culture/notifications/", {"digest_todo": "on", "triage_replies": "on"})
    assert response.status_code == 302
    pref = notifications.preferences_of(world.membership("member"))
    assert (pref.digest, pref.digest_todo, pref.digest_rituals, pref.triage_replies) == (
        False,
        True,
        False,
        True,
    )


def test_preferences_through_the_api_are_the_callers_own(world: Any) -> None:
    assert call(world, "get", "/api/v1/culture/preferences", persona="viewer").json()["digest"]
    changed = call(world, "patch", "/api/v1/culture/preferences", {"digest": False}, "viewer")
    assert changed.status_code == 200 and changed.json()["digest"] is False
    assert call(world, "get", "/api/v1/culture/preferences", persona="member").json()["digest"]
    bad = call(world, "patch", "/api/v1/culture/preferences", {"digest": "sometimes"}, "viewer")
    assert bad.status_code in (400, 422) and bad.json()["errors"][0]["field"].endswith("digest")


# --- Stakeholders hear back ----------------------------------------------------------------------


def test_a_stakeholder_hears_back_when_their_input_is_declined(
    world: Any, django_capture_on_commit_callbacks: Any
) -> None:
    team = h.team(world)
    item = discovery.submit_input(
        world.membership("stakeholder"), kind="suggestion", text="Add a dark mode", team=team
    )
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        discovery.triage_input(
            h.bob(world), item, action="decline", reason="Nobody we talked to asked for it"
        )
    (email,) = mail.outbox
    assert email.to == ["carol@acme.test"]
    assert "“Add a dark mode”" in email.body and "Nobody we talked to asked for it" in email.body
    (notice,) = Delivery.objects.for_org(world.org_a).filter(kind=DeliveryKind.TRIAGED)
    assert notice.status == DeliveryStatus.SENT and notice.user_id == item.submitted_by_id


def test_a_stakeholder_who_opted_out_hears_nothing(
    world: Any, django_capture_on_commit_callbacks: Any
) -> None:
    notifications.set_preferences(world.membership("stakeholder"), triage_replies=False)
    item = discovery.submit_input(
        world.membership("stakeholder"), kind="context", text="Pricing", team=h.team(world)
    )
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        discovery.triage_input(h.bob(world), item, action="decline", reason="Known")
    assert mail.outbox == []
    assert not Delivery.objects.for_org(world.org_a).filter(kind=DeliveryKind.TRIAGED).exists()


def test_nobody_is_told_about_their_own_triage_or_a_reopening(
    world: Any, django_capture_on_commit_callbacks: Any
) -> None:
    bob = h.bob(world)
    item = discovery.submit_input(bob, kind="context", text="Mine", team=h.team(world))
    with django_capture_on_commit_callbacks(execute=True):
        discovery.triage_input(bob, item, action="decline", reason="Known")
        discovery.triage_input(bob, item, action="reopen")
    assert not Delivery.objects.for_org(world.org_a).filter(kind=DeliveryKind.TRIAGED).exists()


# --- The chat webhook ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "url",
    [
        "http://hooks.slack.com/services/x",
        "https://localhost/hook",
        "https://10.0.0.5/hook",
        "https://user:pw@hooks.slack.com/x",
        "hooks.slack.com/services/x",
        "https://" + "a" * 600 + ".com",
    ],
)
def test_a_webhook_must_be_a_public_https_address(world: Any, url: str) -> None:
    with pytest.raises(ValidationError) as caught:
        notifications.set_webhook(world.membership("leader"), kind="slack", url=url)
    assert "url" in caught.value.message_dict
    assert not NotificationSettings.objects.for_org(world.org_a).exists()


def test_the_webhook_is_stored_encrypted_and_never_shown_back(world: Any) -> None:
    saved = call(world, "put", "/api/v1/culture/webhook", {"kind": "slack", "url": HOOK})
    assert saved.status_code == 200, saved.content
    assert saved.json() == {
        "configured": True,
        "kind": "slack",
        "host": "hooks.slack.com",
        "enabled": True,
    }
    stored = NotificationSettings.objects.for_org(world.org_a).get()
    assert "s3cr3t" not in stored.webhook_encrypted
    assert notifications.stored_webhook(stored) == HOOK
    for shown in (
        call(world, "get", "/api/v1/culture/webhook").content.decode(),
        world.client("leader").get("/culture/notifications/webhook/").content.decode(),
        json.dumps(list(AuditEvent.objects.filter(organization=world.org_a).values("changes"))),
    ):
        assert "s3cr3t" not in shown
    # Changing only the kind keeps the address.
    call(world, "put", "/api/v1/culture/webhook", {"kind": "teams"})
    assert (
        notifications.stored_webhook(NotificationSettings.objects.for_org(world.org_a).get())
        == HOOK
    )


def test_the_weekly_digest_is_posted_to_the_chat(
    world: Any, posts: Any, django_capture_on_commit_callbacks: Any
) -> None:
    rh.cadence(world, "demo", every=1, starts_on=rh.days_ago(4))
    notifications.set_webhook(world.membership("leader"), kind="slack", url=HOOK)
    with django_capture_on_commit_callbacks(execute=True):
        digests.enqueue_due(monday_morning())
    ((url, payload),) = posts
    assert url == HOOK
    assert "Checkout — Discovery-delivery demo:" in payload["text"]
    (post,) = Delivery.objects.for_org(world.org_a).filter(channel="webhook")
    assert post.status == DeliveryStatus.SENT and post.recipient == "hooks.slack.com"


def test_a_failed_post_is_recorded_and_retried(
    world: Any, monkeypatch: Any, django_capture_on_commit_callbacks: Any
) -> None:
    def down(url: str, payload: Any) -> None:
        raise sending.SendFailed("The chat service answered 500 Internal Server Error.")

    monkeypatch.setattr(sending, "post_json", down)
    leo = world.membership("leader")
    notifications.set_webhook(leo, kind="teams", url=HOOK)
    with django_capture_on_commit_callbacks(execute=True):
        test = notifications.send_test(leo)
    test.refresh_from_db()
    assert test.status == DeliveryStatus.FAILED and "answered 500" in test.last_error
    sent: list[Any] = []
    monkeypatch.setattr(sending, "post_json", lambda url, payload: sent.append(payload))
    with django_capture_on_commit_callbacks(execute=True):
        digests.enqueue_due(timezone.now() + timedelta(minutes=6))
    test.refresh_from_db()
    assert test.status == DeliveryStatus.SENT and test.attempts == 2
    card = sent[0]["attachments"][0]
    assert card["contentType"] == "application/vnd.microsoft.card.adaptive"
    assert card["content"]["body"][0]["text"] == "A test message from pom"


def test_a_leader_retries_a_failed_delivery_from_the_deliveries_page(
    world: Any, monkeypatch: Any, django_capture_on_commit_callbacks: Any
) -> None:
    monkeypatch.setattr(sending, "post_json", lambda *a: 1 / 0)
    leo = world.membership("leader")
    notifications.set_webhook(leo, kind="slack", url=HOOK)
    with django_capture_on_commit_callbacks(execute=True):
        test = notifications.send_test(leo)
    page = world.client("leader").get("/culture/notifications/deliveries/").content.decode()
    assert "Failed, will retry" in page and "division by zero" in page
    monkeypatch.setattr(sending, "post_json", lambda *a: None)
    with django_capture_on_commit_callbacks(execute=True):
        response = world.client("leader").post(
            f"/culture/notifications/deliveries/{test.pk}/retry/"
        )
    assert response.status_code == 302
    test.refresh_from_db()
    assert test.status == DeliveryStatus.SENT


def test_people_see_only_their_own_deliveries(world: Any) -> None:
    digests._create_digests(digests.week_of(timezone.localdate()))
    mine = call(world, "get", "/api/v1/culture/deliveries", persona="member").json()
    assert {d["recipient"] for d in mine["items"]} == {"bob@acme.test"}
    everyone = call(world, "get", "/api/v1/culture/deliveries", persona="leader").json()
    assert everyone["count"] == 5
    leos = next(d for d in everyone["items"] if d["recipient"] == "leo@acme.test")
    assert (
        call(world, "get", f"/api/v1/culture/deliveries/{leos['id']}", persona="member").status_code
        == 404
    )
    assert (
        call(
            world, "get", f"/api/v1/culture/deliveries/{leos['id']}", persona="outsider"
        ).status_code
        == 404
    )


def test_the_real_post_refuses_anything_but_https_without_touching_the_network() -> None:
    with pytest.raises(sending.SendFailed):
        sending.post_json("http://hooks.slack.com/x", {"text": "hi"})


def test_the_real_post_refuses_a_public_name_that_resolves_to_a_private_address(
    monkeypatch: Any,
) -> None:
    connected: list[Any] = []
    monkeypatch.setattr(
        sending.socket,
        "getaddrinfo",
        lambda host, port, **kw: [(2, 1, 6, "", ("10.0.0.7", port))],
    )
    monkeypatch.setattr(sending.socket, "create_connection", lambda *a, **k: connected.append(a))
    with pytest.raises(sending.SendFailed, match="private or local network"):
        sending.post_json("https://hooks.example.com/services/x", {"text": "hi"})
    assert connected == []


def test_the_real_post_connects_to_the_address_it_checked(monkeypatch: Any) -> None:
    connected: list[Any] = []
    monkeypatch.setattr(
        sending.socket,
        "getaddrinfo",
        lambda host, port, **kw: [(2, 1, 6, "", ("93.184.215.14", port))],
    )

    def refuse(address: Any, timeout: Any = None) -> None:
        connected.append(address)
        raise ConnectionRefusedError("refused")

    monkeypatch.setattr(sending.socket, "create_connection", refuse)
    with pytest.raises(sending.SendFailed, match="Could not reach the chat service"):
        sending.post_json("https://hooks.example.com:8443/services/x?a=1", {"text": "hi"})
    assert connected == [("93.184.215.14", 8443)]
