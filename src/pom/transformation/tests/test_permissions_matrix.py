"""Every transformation page and endpoint, as every persona.

Everyone in the organization reads how the journey goes; leaders and owners run it. Mallory
(another organization) gets 404 for anything of org A and 403 when she tries to run it in hers.
"""

from __future__ import annotations

from typing import Any

from tests.matrix import (
    LEADERS,
    PUBLIC,
    api,
    api_for,
    api_read,
    matrix_test,
    page,
    page_for,
    page_read,
)

from pom.transformation.tests import helpers as h


def assessment_id(w: Any) -> list[int]:
    return [h.assessment(w).pk]


def team(w: Any) -> Any:
    from pom.teams.models import Team

    found = Team.objects.for_org(w.org_a).filter(slug="checkout").first()
    return found or h.pilot_team(w, "Checkout", with_bob=True, touch_weeks=2)


def team_slug(w: Any) -> list[str]:
    return [team(w).slug]


def team_id(w: Any) -> list[int]:
    return [team(w).pk]


def choice_id(w: Any) -> list[int]:
    return [h.choose(w, team(w)).choice.pk]


HUNGER = {"beginners": 4, "time_to_learn": 3, "feedback": 5}
TEAM = ("member",)  # bob is on Checkout; the leaders and the owner are not

FORM = {"assessed_on": "2026-01-10", "ceo_belief": 4, "coaching_capacity": 1}
BODY = {"assessed_on": "2026-01-10", "ceo_belief": 4, "coaching_capacity": 1}


def wave_id(w: Any) -> list[int]:
    from pom.transformation.services import rollout

    return [
        rollout.plan_wave(
            h.leader(w), name="Wave 1", starts_on="2027-01-04", team_ids=[team(w).pk]
        ).pk
    ]


def blocker_id(w: Any) -> list[int]:
    from pom.transformation.services import rollout

    return [rollout.raise_blocker(h.leader(w), title="Annual funding", kind="funding").pk]


def objection_id(w: Any) -> list[int]:
    from pom.transformation.services import rollout

    return [
        rollout.log_objection(
            h.leader(w), kind="no_time", raised_by="tech lead", statement="No time"
        ).pk
    ]


WAVE_FORM = {"wave-name": "Wave 2", "wave-starts_on": "2027-02-01", "wave-status": "planned"}
EDIT_WAVE = {"name": "Wave 1b", "starts_on": "2027-02-01", "status": "planned"}
BLOCKER_FORM = {
    "blocker-title": "Annual funding",
    "blocker-kind": "funding",
    "blocker-status": "open",
}
EDIT_BLOCKER = {"title": "Annual funding", "kind": "funding", "status": "open"}
OBJECTION_FORM = {
    "kind": "no_time",
    "raised_by": "tech lead",
    "statement": "No time",
    "status": "open",
}

ROLLOUT_CASES = [
    page("GET", "transformation:rollout", page_read()),
    page("POST", "transformation:rollout", page_for(*LEADERS, ok=302), data=WAVE_FORM),
    page("POST", "transformation:blocker_create", page_for(*LEADERS, ok=302), data=BLOCKER_FORM),
    page("GET", "transformation:wave", page_read(outsider=404), args=wave_id),
    page(
        "POST",
        "transformation:wave",
        page_for(*LEADERS, ok=302, outsider=404),
        args=wave_id,
        data=EDIT_WAVE,
    ),
    page("POST", "transformation:wave_delete", page_for(*LEADERS, ok=302), args=wave_id),
    page("GET", "transformation:blocker", page_read(outsider=404), args=blocker_id),
    page(
        "POST",
        "transformation:blocker",
        page_for(*LEADERS, ok=302, outsider=404),
        args=blocker_id,
        data=EDIT_BLOCKER,
    ),
    page("GET", "transformation:resistance", page_read()),
    page("POST", "transformation:resistance", page_for(*LEADERS, ok=302), data=OBJECTION_FORM),
    page("GET", "transformation:objection", page_read(outsider=404), args=objection_id),
    page(
        "POST",
        "transformation:objection",
        page_for(*LEADERS, ok=302, outsider=404),
        args=objection_id,
        data=OBJECTION_FORM,
    ),
    page("GET", "transformation:signs", page_read()),
    page("POST", "transformation:signs", page_for(*LEADERS, ok=302)),
    page("GET", "transformation:patterns", page_read()),
    page("POST", "transformation:patterns", page_for(*LEADERS, ok=302)),
    api("GET", "/api/v1/transformation/waves", api_read()),
    api(
        "POST",
        "/api/v1/transformation/waves",
        api_for(*LEADERS, ok=201),
        data=lambda w: {"name": "W", "starts_on": "2027-01-04", "team_ids": [team(w).pk]},
    ),
    api("GET", "/api/v1/transformation/waves/{wave_id}", api_read(outsider=404), args=wave_id),
    api(
        "PATCH",
        "/api/v1/transformation/waves/{wave_id}",
        api_for(*LEADERS, outsider=404),
        args=wave_id,
        data={"name": "Wave 1b"},
    ),
    api(
        "DELETE",
        "/api/v1/transformation/waves/{wave_id}",
        api_for(*LEADERS, ok=204, outsider=404),
        args=wave_id,
    ),
    api("GET", "/api/v1/transformation/blockers", api_read()),
    api(
        "POST",
        "/api/v1/transformation/blockers",
        api_for(*LEADERS, ok=201),
        data={"title": "Annual funding", "kind": "funding"},
    ),
    api(
        "PATCH",
        "/api/v1/transformation/blockers/{blocker_id}",
        api_for(*LEADERS, outsider=404),
        args=blocker_id,
        data={"status": "in_progress"},
    ),
    api("GET", "/api/v1/transformation/objections", api_read()),
    api(
        "POST",
        "/api/v1/transformation/objections",
        api_for(*LEADERS, ok=201),
        data={"kind": "no_time", "raised_by": "tech lead", "statement": "No time"},
    ),
    api(
        "PATCH",
        "/api/v1/transformation/objections/{objection_id}",
        api_for(*LEADERS, outsider=404),
        args=objection_id,
        data={"response": "Freed an hour"},
    ),
    api("GET", "/api/v1/transformation/signs", api_read()),
    api("GET", "/api/v1/transformation/patterns", api_read()),
]


CASES = [
    page("GET", "transformation:index", page_read()),
    page("GET", "transformation:readiness", page_read()),
    page("POST", "transformation:readiness", page_for(*LEADERS, ok=302), data=FORM),
    page("GET", "transformation:assessment", page_read(outsider=404), args=assessment_id),
    page("GET", "transformation:pilots", page_read()),
    page("POST", "transformation:pilots", page_for(*LEADERS, ok=302)),
    page("GET", "transformation:pilot_team", page_read(outsider=404), args=team_slug),
    page(
        "POST",
        "transformation:pilot_choose",
        page_for(*LEADERS, ok=302),
        args=team_slug,
        data={"reason": "They interview customers weekly."},
    ),
    page(
        "POST",
        "transformation:pilot_end",
        page_for(*LEADERS, ok=302),
        args=choice_id,
        data={"reason": "Done."},
    ),
    page(
        "POST",
        "transformation:pilot_hunger",
        page_for(*TEAM, ok=302, outsider=404),
        args=team_slug,
        data=HUNGER,
    ),
    api("GET", "/api/v1/transformation/pilots/candidates", api_read()),
    api(
        "GET",
        "/api/v1/transformation/pilots/candidates/{team_id}",
        api_read(outsider=404),
        args=team_id,
    ),
    api("GET", "/api/v1/transformation/pilots/recommendation", api_read()),
    api("GET", "/api/v1/transformation/pilots/choices", api_read()),
    api(
        "POST",
        "/api/v1/transformation/pilots/choices",
        api_for(*LEADERS, ok=201),
        data=lambda w: {"team_id": team(w).pk, "reason": "Weekly customer contact."},
    ),
    api(
        "POST",
        "/api/v1/transformation/pilots/choices/{choice_id}/end",
        api_for(*LEADERS, outsider=404),
        args=choice_id,
        data={"reason": "Done."},
    ),
    api(
        "POST",
        "/api/v1/transformation/pilots/hunger",
        api_for(*TEAM, ok=201, outsider=400),
        data=lambda w: {"team_id": team(w).pk, **HUNGER},
    ),
    api("GET", "/api/v1/transformation/readiness", api_read()),
    api("POST", "/api/v1/transformation/readiness", api_for(*LEADERS, ok=201), data=BODY),
    api(
        "GET",
        "/api/v1/transformation/readiness/{assessment_id}",
        api_read(outsider=404),
        args=assessment_id,
    ),
]

test_matrix = matrix_test(CASES + ROLLOUT_CASES)


# --- The clarity pulse --------------------------------------------------------------------------


def pulse(w: Any) -> Any:
    from pom.transformation.models import ClarityPulse

    found = ClarityPulse.objects.for_org(w.org_a).first()
    if found is None:
        team(w)  # people to ask
        found = h.pulse(w)
    return found


def pulse_id(w: Any) -> list[int]:
    return [pulse(w).pk]


def link(w: Any) -> list[Any]:
    p = pulse(w)
    return [p.pk, h.tokens(p)[0]]


def people(w: Any) -> None:
    team(w)


ANSWER_FORM = {"priority_1": "Faster payouts", "contribution": "I build the payout API."}

PULSE_CASES = [
    page("GET", "transformation:clarity", page_read()),
    page(
        "POST",
        "transformation:clarity",
        page_for(*LEADERS, ok=302),
        setup=people,
        data=lambda w: {
            "title": "Monday morning test",
            "audience": "organization",
            "opens_on": f"{h.today():%Y-%m-%d}",
            "closes_on": f"{h.today() + h.timedelta(days=7):%Y-%m-%d}",
        },
    ),
    page("GET", "transformation:pulse", page_read(outsider=404), args=pulse_id),
    page("POST", "transformation:pulse_close", page_for(*LEADERS, ok=302), args=pulse_id),
    # The answer page is reached through the emailed link, signed in or not.
    page("GET", "transformation:pulse_answer", PUBLIC, args=link),
    page("POST", "transformation:pulse_answer", PUBLIC, args=link, data=ANSWER_FORM),
]

test_pulse_matrix = matrix_test(PULSE_CASES)


def answer_body(w: Any) -> dict[str, Any]:
    pk, token = link(w)
    return {"pulse_id": pk, "token": token, "priorities": ["Faster payouts"]}


PULSE_API_CASES = [
    api("GET", "/api/v1/transformation/clarity/pulses", api_read()),
    api(
        "POST",
        "/api/v1/transformation/clarity/pulses",
        api_for(*LEADERS, ok=201),
        setup=people,
        data=lambda w: {
            "title": "Monday morning test",
            "closes_on": f"{h.today() + h.timedelta(days=7):%Y-%m-%d}",
        },
    ),
    api(
        "GET",
        "/api/v1/transformation/clarity/pulses/{pulse_id}",
        api_read(outsider=404),
        args=pulse_id,
    ),
    api(
        "POST",
        "/api/v1/transformation/clarity/pulses/{pulse_id}/close",
        api_for(*LEADERS, outsider=404),
        args=pulse_id,
    ),
    # The link is the credential: anyone holding it answers, with or without a token.
    api(
        "POST",
        "/api/v1/transformation/clarity/answer",
        dict.fromkeys(PUBLIC, 201),
        data=answer_body,
    ),
]

test_pulse_api_matrix = matrix_test(PULSE_API_CASES)
