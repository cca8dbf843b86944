"""Readiness: the verdict, what to do first, bad input refused, and the comparison over time."""

from datetime import date, timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from pom.core.validation import today
from pom.transformation import readiness, services
from pom.transformation.models import ReadinessAssessment
from pom.transformation.tests import helpers as h

pytestmark = pytest.mark.django_db


def test_a_believing_ceo_with_evidenced_pain_a_sponsor_and_coaches_is_ready(world):
    result = readiness.assess(h.assessment(world))
    assert result.verdict == readiness.Verdict.READY
    assert result.gaps == ()
    assert "pilot teams" in result.first_step


def test_a_doubtful_ceo_is_the_first_thing_to_fix(world):
    result = readiness.assess(h.early(world))
    assert result.verdict == readiness.Verdict.NOT_YET
    assert [g.key for g in result.gaps] == ["ceo_belief", "sponsor", "coaching"]
    assert result.first_step.startswith("Build the CEO's case")


def test_no_sponsor_or_coach_means_prepare_with_the_sponsor_first(world):
    result = readiness.assess(h.assessment(world, sponsor="", coaching_capacity=0))
    assert result.verdict == readiness.Verdict.PREPARE
    assert [g.key for g in result.gaps] == ["sponsor", "coaching"]
    assert "sponsor" in result.first_step


def test_no_trigger_is_advice_not_a_blocker(world):
    result = readiness.assess(h.assessment(world, trigger_competition=False))
    assert result.verdict == readiness.Verdict.READY
    assert [g.key for g in result.advice] == ["triggers"]
    assert "urgent" in result.first_step


def test_no_felt_pain_blocks_the_start(world):
    result = readiness.assess(
        h.assessment(world, pain_missed_targets=False, pain_evidence="We might do better.")
    )
    assert result.verdict == readiness.Verdict.NOT_YET
    assert result.gaps[0].key == "pain"


def test_pain_without_evidence_is_refused_and_nothing_is_stored(world):
    with pytest.raises(ValidationError) as err:
        h.assessment(world, pain_evidence="  ")
    assert "evidence" in err.value.message_dict["pain_evidence"][0]
    assert not ReadinessAssessment.objects.for_org(world.org_a).exists()


@pytest.mark.parametrize(
    ("field", "value", "says"),
    [
        ("ceo_belief", 6, "from 1 to 5"),
        ("ceo_belief", None, "CEO's belief"),
        ("ceo_belief", "lots", "not a number"),
        ("coaching_capacity", -1, "from 0 to 500"),
        ("assessed_on", today() + timedelta(days=1), "future"),
        ("assessed_on", "15/01/2026", "YYYY-MM-DD"),
        ("sponsor", "x" * 151, "150"),
        ("trigger_competition", "maybe", "yes or no"),
    ],
)
def test_bad_input_names_the_field_and_stores_nothing(world, field, value, says):
    with pytest.raises(ValidationError) as err:
        h.assessment(world, **{field: value})
    assert says in err.value.message_dict[field][0]
    assert not ReadinessAssessment.objects.for_org(world.org_a).exists()


def test_only_leaders_take_assessments(world):
    with pytest.raises(PermissionDenied):
        services.take_assessment(world.membership("member"), **h.READY)


def test_the_date_defaults_to_today(world):
    assert h.assessment(world).assessed_on == today()


def test_a_retaken_assessment_is_compared_with_the_one_before(world):
    first = h.early(world, on=date(2026, 1, 15))
    second = h.assessment(world, assessed_on=date(2026, 6, 1), trigger_tech_spend=True)
    changes = {c.label: c for c in readiness.compare(first, second)}
    assert changes["Verdict"].direction == "better"
    assert (changes["CEO belief"].before, changes["CEO belief"].after) == ("2/5", "5/5")
    assert changes["Coaching capacity"].direction == "better"
    assert changes["Triggers"].after == "Competition, Heavy tech spend, little impact"
    assert changes["Felt pain"].direction == "same"
    back = readiness.compare(second, first)
    assert {c.label: c.direction for c in back}["Verdict"] == "worse"
