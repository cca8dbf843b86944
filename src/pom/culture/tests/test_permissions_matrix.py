"""Every culture page and endpoint, as every persona.

Team "Checkout" has bob (member) on it: bob, leaders and owners prepare and hold its demos;
stakeholders and viewers read them; mallory (another organization) gets 404 for anything of org A.
"""

from __future__ import annotations

from typing import Any

from tests.matrix import (
    LEADERS,
    api,
    api_for,
    api_read,
    codes,
    matrix_test,
    page,
    page_for,
    page_read,
)

from pom.culture import digests, learnings, notifications, reviews, rituals
from pom.culture.models import Delivery, DeliveryStatus
from pom.culture.tests import helpers as h
from pom.culture.tests import ritual_helpers as rh

TEAM = ("member", *LEADERS)


def slug(w: Any) -> list[str]:
    return [h.team(w).slug]


def demo_id(w: Any) -> list[int]:
    return [h.demo(w).pk]


def held_id(w: Any) -> list[int]:
    return [h.held_demo(w).pk]


def learning_id(w: Any) -> list[int]:
    entry = learnings.record_learning(
        w.membership("member"), team=h.team(w), title="Reminders are not the pain", lesson="L"
    )
    return [entry.pk]


def review_id(w: Any) -> list[int]:
    return [reviews.start_review(w.membership("leader")).pk]


def held_review_id(w: Any) -> list[int]:
    leo = w.membership("leader")
    return [reviews.hold_review(leo, reviews.start_review(leo)).pk]


def cadence_id(w: Any) -> list[int]:
    return [rh.cadence(w, "demo", starts_on=h.days_ago(3)).pk]


def retro_id(w: Any) -> list[int]:
    return [rituals.log_retro(w.membership("member"), team=h.team(w), note="Went well").pk]


RITUAL_CASES = [
    page("GET", "culture:calendar", page_read()),
    page(
        "GET",
        "culture:calendar",
        page_read(),
        data={"overdue": "1", "mine": "1"},
        name="GET culture:calendar (overdue, mine)",
    ),
    page("GET", "culture:team_rituals", page_read(outsider=404), args=slug),
    page(
        "POST",
        "culture:team_rituals",
        page_for(*TEAM, ok=302, outsider=404),
        args=slug,
        data={"kind": "demo", "every_weeks": "2"},
    ),
    page(
        "POST",
        "culture:retro_log",
        page_for(*TEAM, ok=302, outsider=404),
        args=slug,
        data={"note": "Went well"},
    ),
    page("POST", "culture:retro_delete", page_for(*TEAM, ok=302, outsider=404), args=retro_id),
    page("POST", "culture:cadence_stop", page_for(*TEAM, ok=302, outsider=404), args=cadence_id),
    page("GET", "culture:review_cadence", page_for(*LEADERS)),
    page("POST", "culture:review_cadence", page_for(*LEADERS, ok=302), data={"every_weeks": "4"}),
    api("GET", "/api/v1/culture/cadences", api_read()),
    api(
        "POST",
        "/api/v1/culture/cadences",
        api_for(*TEAM, ok=201, outsider=400),
        data=lambda w: {"kind": "demo", "team_id": h.team(w).pk, "every_weeks": 2},
    ),
    api("GET", "/api/v1/culture/cadences/{cadence_id}", api_read(outsider=404), args=cadence_id),
    api(
        "PATCH",
        "/api/v1/culture/cadences/{cadence_id}",
        api_for(*TEAM, outsider=404),
        args=cadence_id,
        data={"every_weeks": 3},
    ),
    api(
        "DELETE",
        "/api/v1/culture/cadences/{cadence_id}",
        api_for(*TEAM, ok=204, outsider=404),
        args=cadence_id,
    ),
    api("GET", "/api/v1/culture/calendar", api_read()),
    api("GET", "/api/v1/culture/calendar/review", api_read()),
    api("GET", "/api/v1/culture/retros", api_read()),
    api(
        "POST",
        "/api/v1/culture/retros",
        api_for(*TEAM, ok=201, outsider=400),
        data=lambda w: {"team_id": h.team(w).pk},
    ),
    api(
        "DELETE",
        "/api/v1/culture/retros/{retro_id}",
        api_for(*TEAM, ok=204, outsider=404),
        args=retro_id,
    ),
]

HOOK = "https://hooks.slack.com/services/T000/B000/matrix"


def webhook(w: Any) -> None:
    notifications.set_webhook(w.membership("leader"), kind="slack", url=HOOK)


def bobs_delivery_id(w: Any) -> list[int]:
    digests._create_digests(digests.week_of(h.days_ago(0)))
    found = Delivery.objects.for_org(w.org_a).get(recipient="bob@acme.test")
    return [found.pk]


def failed_id(w: Any) -> list[int]:
    webhook(w)
    test = notifications.send_test(w.membership("leader"))
    Delivery.objects.for_org(w.org_a).filter(pk=test.pk).update(
        status=DeliveryStatus.FAILED, attempts=1, last_error="The chat service answered 500."
    )
    return [test.pk]


# A person's own delivery: theirs and the leaders' to read; for anyone else it does not exist.
OWN = codes(200, 404, ("member", "leader", "owner"), anonymous=401, outsider=404)

NOTIFICATION_CASES = [
    page("GET", "culture:preferences", page_read()),
    page("POST", "culture:preferences", page_read(ok=302, outsider=302), data={"digest": "on"}),
    page("GET", "culture:deliveries", page_for(*LEADERS)),
    page(
        "GET",
        "culture:deliveries",
        page_for(*LEADERS),
        data={"status": "failed"},
        name="GET culture:deliveries (failed)",
    ),
    page("POST", "culture:delivery_retry", page_for(*LEADERS, ok=302), args=failed_id),
    page("GET", "culture:webhook", page_for(*LEADERS)),
    page(
        "POST",
        "culture:webhook",
        page_for(*LEADERS, ok=302),
        data={"kind": "slack", "url": HOOK, "enabled": "on"},
    ),
    page("POST", "culture:webhook_delete", page_for(*LEADERS, ok=302), setup=webhook),
    page("POST", "culture:webhook_test", page_for(*LEADERS, ok=302), setup=webhook),
    api("GET", "/api/v1/culture/preferences", api_read()),
    api("PATCH", "/api/v1/culture/preferences", api_read(), data={"digest": False}),
    api("GET", "/api/v1/culture/deliveries", api_read()),
    api("GET", "/api/v1/culture/deliveries/{delivery_id}", OWN, args=bobs_delivery_id),
    api(
        "POST",
        "/api/v1/culture/deliveries/{delivery_id}/retry",
        api_for(*LEADERS, outsider=404),
        args=failed_id,
    ),
    api("GET", "/api/v1/culture/webhook", api_for(*LEADERS)),
    api("PUT", "/api/v1/culture/webhook", api_for(*LEADERS), data={"kind": "teams", "url": HOOK}),
    api("DELETE", "/api/v1/culture/webhook", api_for(*LEADERS, ok=204), setup=webhook),
    api("POST", "/api/v1/culture/webhook/test", api_for(*LEADERS, ok=201), setup=webhook),
]

CASES = [
    page("GET", "culture:index", page_read()),
    page(
        "GET",
        "culture:index",
        page_read(),
        data={"q": "check"},
        name="GET culture:index (team search)",
    ),
    page("GET", "culture:demo_create", page_for(*TEAM, outsider=404), args=slug),
    page("POST", "culture:demo_create", page_for(*TEAM, ok=302, outsider=404), args=slug, data={}),
    page("GET", "culture:demo", page_read(outsider=404), args=demo_id),
    page(
        "GET", "culture:demo", page_read(outsider=404), args=held_id, name="GET culture:demo (held)"
    ),
    page("GET", "culture:demo_markdown", page_read(outsider=404), args=demo_id),
    page("GET", "culture:demo_edit", page_for(*TEAM, outsider=404), args=demo_id),
    page(
        "POST",
        "culture:demo_edit",
        page_for(*TEAM, ok=302, outsider=404),
        args=demo_id,
        data=lambda w: {
            "title": "Edited",
            "period_start": h.days_ago(7).isoformat(),
            "period_end": h.days_ago(0).isoformat(),
            "narrative": "Our story",
        },
    ),
    page("POST", "culture:demo_hold", page_for(*TEAM, ok=302, outsider=404), args=demo_id),
    page("POST", "culture:demo_delete", page_for(*TEAM, ok=302, outsider=404), args=demo_id),
    page("GET", "culture:learnings", page_read()),
    page("GET", "culture:learning_create", page_for(*TEAM, outsider=200)),
    page(
        "POST",
        "culture:learning_create",
        page_for(*TEAM, ok=302, outsider=400),
        data=lambda w: {"team": h.team(w).pk, "title": "T", "lesson": "L", "source": "other"},
    ),
    page("GET", "culture:learning_edit", page_for(*TEAM, outsider=404), args=learning_id),
    page(
        "POST",
        "culture:learning_edit",
        page_for(*TEAM, ok=302, outsider=404),
        args=learning_id,
        data=lambda w: {"team": h.team(w).pk, "title": "T2", "lesson": "L2", "source": "test"},
    ),
    page(
        "POST", "culture:learning_delete", page_for(*TEAM, ok=302, outsider=404), args=learning_id
    ),
    api("GET", "/api/v1/culture/learnings", api_read()),
    api(
        "POST",
        "/api/v1/culture/learnings",
        api_for(*TEAM, ok=201, outsider=400),
        data=lambda w: {"team_id": h.team(w).pk, "title": "T", "lesson": "L"},
    ),
    api("GET", "/api/v1/culture/learnings/{learning_id}", api_read(outsider=404), args=learning_id),
    api(
        "PATCH",
        "/api/v1/culture/learnings/{learning_id}",
        api_for(*TEAM, outsider=404),
        args=learning_id,
        data={"lesson": "L2"},
    ),
    api(
        "DELETE",
        "/api/v1/culture/learnings/{learning_id}",
        api_for(*TEAM, ok=204, outsider=404),
        args=learning_id,
    ),
    page("GET", "culture:reviews", page_read()),
    page("POST", "culture:review_create", page_for(*LEADERS, ok=302)),
    page("GET", "culture:review", page_read(outsider=404), args=review_id),
    page(
        "GET",
        "culture:review",
        page_read(outsider=404),
        args=held_review_id,
        data={"bet": "none"},
        name="GET culture:review (held, one bet)",
    ),
    page("GET", "culture:review_markdown", page_read(outsider=404), args=review_id),
    page("GET", "culture:review_edit", page_for(*LEADERS), args=review_id),
    page(
        "POST",
        "culture:review_edit",
        page_for(*LEADERS, ok=302),
        args=review_id,
        data={"title": "Q4 review", "notes": "Talk to Checkout"},
    ),
    page("POST", "culture:review_hold", page_for(*LEADERS, ok=302), args=review_id),
    page("POST", "culture:review_delete", page_for(*LEADERS, ok=302), args=review_id),
    api("GET", "/api/v1/culture/reviews", api_read()),
    api("POST", "/api/v1/culture/reviews", api_for(*LEADERS, ok=201), data={}),
    api("GET", "/api/v1/culture/reviews/{review_id}", api_read(outsider=404), args=review_id),
    api(
        "PATCH",
        "/api/v1/culture/reviews/{review_id}",
        api_for(*LEADERS, outsider=404),
        args=review_id,
        data={"notes": "Talk to Checkout"},
    ),
    api(
        "PATCH",
        "/api/v1/culture/reviews/{review_id}",
        api_for(*LEADERS, ok=409, outsider=404),
        args=held_review_id,
        data={"notes": "Rewriting history"},
        name="PATCH held review",
    ),
    api(
        "POST",
        "/api/v1/culture/reviews/{review_id}/hold",
        api_for(*LEADERS, outsider=404),
        args=review_id,
    ),
    api(
        "DELETE",
        "/api/v1/culture/reviews/{review_id}",
        api_for(*LEADERS, ok=204, outsider=404),
        args=review_id,
    ),
    api("GET", "/api/v1/culture/demos", api_read()),
    api(
        "POST",
        "/api/v1/culture/demos",
        api_for(*TEAM, ok=201, outsider=400),
        data=lambda w: {"team_id": h.team(w).pk},
    ),
    api("GET", "/api/v1/culture/demos/{demo_id}", api_read(outsider=404), args=demo_id),
    api(
        "PATCH",
        "/api/v1/culture/demos/{demo_id}",
        api_for(*TEAM, outsider=404),
        args=demo_id,
        data={"narrative": "Our story"},
    ),
    api(
        "PATCH",
        "/api/v1/culture/demos/{demo_id}",
        api_for(*TEAM, ok=409, outsider=404),
        args=held_id,
        data={"narrative": "Rewriting history"},
        name="PATCH held demo",
    ),
    api("POST", "/api/v1/culture/demos/{demo_id}/hold", api_for(*TEAM, outsider=404), args=demo_id),
    api(
        "DELETE",
        "/api/v1/culture/demos/{demo_id}",
        api_for(*TEAM, ok=204, outsider=404),
        args=demo_id,
    ),
]

test_matrix = matrix_test(CASES + RITUAL_CASES + NOTIFICATION_CASES)
