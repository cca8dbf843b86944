"""The clarity pulse's services: who is asked, the emailed links, answering once through a link,
and every refusal storing nothing."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404

from pom.core.validation import today
from pom.teams import services as teams
from pom.transformation.models import ClarityPulse, PulseAnswer, PulseInvite
from pom.transformation.services import clarity
from pom.transformation.tests import helpers as h

pytestmark = pytest.mark.django_db


def _answers(world):
    return PulseAnswer.objects.for_org(world.org_a)


def test_the_whole_organization_is_asked_each_with_their_team_and_role(world):
    team = h.crew(world, "Payments", 2)
    alone = h.person(world, "Pat Nobody")
    other = teams.create_team(h.leader(world), name="Mobile")
    seat = team.members.order_by("id").first()
    teams.add_member(h.leader(world), other, person=seat.person, role="tech_lead", allocation=40)
    pulse = h.pulse(world)
    invites = {i.person_id: i for i in PulseInvite.objects.for_org(world.org_a).filter(pulse=pulse)}
    assert len(invites) == 3
    assert invites[alone.pk].team_id is None and invites[alone.pk].role == ""
    # The seat with the larger allocation is the one the person answers for.
    assert invites[seat.person_id].team_id == team.pk
    assert invites[seat.person_id].role == "engineer"


def test_chosen_teams_ask_only_their_people(world):
    team = h.crew(world, "Payments", 3)
    h.crew(world, "Mobile", 2)
    pulse = h.pulse(world, audience="teams", team_ids=[team.pk])
    assert pulse.invites.count() == 3
    assert list(pulse.teams.all()) == [team]


def test_creating_emails_each_person_their_own_link_through_the_worker(
    world, django_capture_on_commit_callbacks
):
    h.crew(world, "Payments", 3)
    with django_capture_on_commit_callbacks(execute=True):
        pulse = h.pulse(world)
    assert sorted(m.to[0] for m in mail.outbox) == sorted(
        PulseInvite.objects.for_org(world.org_a).values_list("email", flat=True)
    )
    links = {h.token_in(m.body) for m in mail.outbox}
    assert len(links) == 3 and {pk for pk, _ in links} == {pulse.pk}
    assert "three most important things" in mail.outbox[0].body
    pulse.refresh_from_db()
    assert pulse.sent_at is not None
    stored = set(PulseInvite.objects.for_org(world.org_a).values_list("token_hash", flat=True))
    assert not {t for _, t in links} & stored  # only hashes are kept
    # The task sends once: run again, it finds nobody left to send to.
    assert clarity.send_invitations(world.org_a.pk, pulse.pk) == 0


def test_an_answer_through_the_link_is_stored_without_the_person(world):
    team = h.crew(world, "Payments", 2)
    pulse = h.pulse(world)
    token = h.tokens(pulse)[0]
    answer = clarity.answer_pulse(
        pulse.pk,
        token,
        priorities=["Faster payouts", "", "  Mobile app "],
        contribution="I build the payout API.",
    )
    assert answer.priorities == ["Faster payouts", "Mobile app"]
    assert answer.team_id == team.pk and answer.role == "engineer"
    assert not hasattr(answer, "person_id") and not hasattr(answer, "invite_id")
    assert pulse.invites.filter(answered=True).count() == 1


def test_answering_twice_is_refused_and_stores_nothing(world):
    h.crew(world, "Payments", 1)
    pulse = h.pulse(world)
    token = h.tokens(pulse)[0]
    clarity.answer_pulse(pulse.pk, token, priorities=["Faster payouts"])
    with pytest.raises(clarity.LinkRefused, match="already answered"):
        clarity.answer_pulse(pulse.pk, token, priorities=["Something else"])
    assert _answers(world).count() == 1


def test_a_forged_link_or_another_pulses_link_is_refused(world):
    h.crew(world, "Payments", 1)
    first, second = h.pulse(world), h.pulse(world, title="Second")
    token = h.tokens(first)[0]
    for bad in ("x" * 43, "", None, "a" * 500, 42):
        with pytest.raises(clarity.LinkRefused, match="not valid"):
            clarity.answer_pulse(first.pk, bad, priorities=["Faster payouts"])
    with pytest.raises(clarity.LinkRefused, match="another pulse"):
        clarity.answer_pulse(second.pk, token, priorities=["Faster payouts"])
    assert _answers(world).count() == 0
    assert not PulseInvite.objects.for_org(world.org_a).filter(answered=True).exists()


def test_a_new_link_replaces_the_old_one(world):
    h.crew(world, "Payments", 1)
    pulse = h.pulse(world)
    old = h.tokens(pulse)[0]
    new = h.tokens(pulse)[0]
    with pytest.raises(clarity.LinkRefused, match="not valid"):
        clarity.answer_pulse(pulse.pk, old, priorities=["x"])
    clarity.answer_pulse(pulse.pk, new, priorities=["x"])


def test_after_close_or_before_opening_answers_are_refused(world):
    h.crew(world, "Payments", 2)
    pulse = h.pulse(world)
    token = h.tokens(pulse)[0]
    clarity.close_pulse(h.leader(world), pulse)
    with pytest.raises(clarity.LinkRefused, match="closed on"):
        clarity.answer_pulse(pulse.pk, token, priorities=["Faster payouts"])
    with pytest.raises(ValidationError, match="already closed"):
        clarity.close_pulse(h.leader(world), pulse)
    later = h.pulse(world, opens_on=today() + timedelta(days=3))
    with pytest.raises(clarity.LinkRefused, match="opens on"):
        clarity.answer_pulse(later.pk, h.tokens(later)[0], priorities=["Faster payouts"])
    # Past its closing date, a pulse is closed without anybody closing it.
    ClarityPulse.objects.for_org(world.org_a).filter(pk=later.pk).update(
        opens_on=today() - timedelta(days=9), closes_on=today() - timedelta(days=1)
    )
    with pytest.raises(clarity.LinkRefused, match="closed on"):
        clarity.answer_pulse(later.pk, h.tokens(later)[1], priorities=["Faster payouts"])
    assert _answers(world).count() == 0


@pytest.mark.parametrize(
    ("priorities", "contribution", "field"),
    [
        ([], "", "priorities"),
        (["", "  "], "", "priorities"),
        (["a", "b", "c", "d"], "", "priorities"),
        (["x" * 201], "", "priority_1"),
        (["ok", 5], "", "priorities"),
        ("Faster payouts", "", "priorities"),
        (["ok"], "y" * 2001, "contribution"),
    ],
)
def test_answers_are_bounded_and_a_bad_one_leaves_the_link_usable(
    world, priorities, contribution, field
):
    h.crew(world, "Payments", 1)
    pulse = h.pulse(world)
    token = h.tokens(pulse)[0]
    with pytest.raises(ValidationError) as refused:
        clarity.answer_pulse(pulse.pk, token, priorities=priorities, contribution=contribution)
    assert field in refused.value.message_dict
    assert _answers(world).count() == 0
    clarity.answer_pulse(pulse.pk, token, priorities=["Faster payouts"])


@pytest.mark.parametrize(
    ("values", "field"),
    [
        ({"title": ""}, "title"),
        ({"title": "x" * 201}, "title"),
        ({"audience": "everyone"}, "audience"),
        ({"audience": "teams"}, "team_ids"),
        ({"team_ids": [1]}, "team_ids"),
        ({"closes_on": None}, "closes_on"),
        ({"closes_on": "2020-01-01"}, "closes_on"),
        ({"opens_on": "2020-01-01"}, "opens_on"),
        ({"closes_on": "soon"}, "closes_on"),
        ({"closes_on": today() + timedelta(days=200)}, "closes_on"),
        (
            {"opens_on": today() + timedelta(days=5), "closes_on": today() + timedelta(days=4)},
            "closes_on",
        ),
        ({"colour": "red"}, "colour"),
    ],
)
def test_a_bad_pulse_is_refused_naming_the_field_and_nothing_is_stored(world, values, field):
    h.crew(world, "Payments", 1)
    with pytest.raises(ValidationError) as refused:
        h.pulse(world, **values)
    assert field in refused.value.message_dict
    assert not ClarityPulse.objects.for_org(world.org_a).exists()
    assert not PulseInvite.objects.for_org(world.org_a).exists()


def test_a_pulse_with_nobody_to_ask_is_refused(world):
    with pytest.raises(ValidationError, match="Nobody to ask"):
        h.pulse(world)


def test_another_organizations_team_is_a_404(world):
    from pom.teams.services import create_team

    theirs = create_team(world.membership("outsider_owner"), name="Theirs")
    h.crew(world, "Payments", 1)
    with pytest.raises(Http404):
        h.pulse(world, audience="teams", team_ids=[theirs.pk])
    assert not ClarityPulse.objects.for_org(world.org_a).exists()


def test_only_leaders_create_and_close(world):
    h.crew(world, "Payments", 1)
    for persona in ("member", "stakeholder", "viewer"):
        with pytest.raises(PermissionDenied):
            clarity.create_pulse(
                world.membership(persona), title="T", closes_on=today() + timedelta(days=3)
            )
    pulse = h.pulse(world)
    with pytest.raises(PermissionDenied):
        clarity.close_pulse(world.membership("member"), pulse)
