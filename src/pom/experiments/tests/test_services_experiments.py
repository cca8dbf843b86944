"""Assumptions and tests through the services: rules, locking, bad input and the decision flow."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from pom.discovery.models import Decision, Solution, SolutionStatus
from pom.experiments import queries, services
from pom.experiments.models import Assumption, AssumptionStatus, AssumptionTest, ExperimentVariant
from pom.experiments.tests import helpers as h

pytestmark = pytest.mark.django_db


def test_member_maps_an_assumption_and_the_risky_ones_stand_out(world):
    a = h.assumption(world)
    safe = h.assumption(
        world,
        sol=a.solution,
        statement="Buyers find the button",
        risk_type="usability",
        importance=2,
        evidence_strength=4,
    )
    assert a.is_risky and not safe.is_risky
    assert a.status == AssumptionStatus.UNTESTED
    listed = list(queries.assumptions_for(world.membership("viewer"), solution=a.solution_id))
    assert listed == [a, safe]  # most important and least evidenced first


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"importance": 6}, "importance"),
        ({"importance": 0}, "importance"),
        ({"evidence_strength": "lots"}, "evidence_strength"),
        ({"evidence_strength": 2.5}, "evidence_strength"),
        ({"risk_type": "political"}, "risk_type"),
        ({"statement": "   "}, "statement"),
    ],
)
def test_bad_assumption_input_names_the_field_and_stores_nothing(world, changes, field):
    sol = h.solution(world)
    with pytest.raises(ValidationError) as err:
        h.assumption(world, sol=sol, **changes)
    assert field in err.value.message_dict
    assert not Assumption.objects.for_org(world.org_a).exists()


def test_stakeholders_and_other_teams_cannot_change_assumptions(world):
    sol = h.solution(world)
    for persona in ("stakeholder", "viewer"):
        with pytest.raises(PermissionDenied):
            services.create_assumption(
                world.membership(persona),
                solution=sol,
                statement="x",
                risk_type="value",
                importance=3,
                evidence_strength=3,
            )
    # mallory's organization cannot even see the solution
    with pytest.raises(ValidationError):
        services.create_assumption(
            world.membership("outsider"),
            solution=sol.pk,
            statement="x",
            risk_type="value",
            importance=3,
            evidence_strength=3,
        )
    # leo the leader may
    services.create_assumption(
        world.membership("leader"),
        solution=sol,
        statement="x",
        risk_type="value",
        importance=3,
        evidence_strength=3,
    )


def test_an_ab_test_starts_with_a_control_and_a_treatment(world):
    t = h.ab_test(world)
    assert [v.name for v in t.variants.all()] == ["Control", "Treatment"]
    assert services.analysis_for(t) is None  # no data yet


def test_the_criterion_locks_when_the_test_starts(world):
    t = h.ab_test(world)
    services.update_test(h.bob(world), t, criterion_threshold=0.02, success_criterion="Up 2 %")
    services.start_test(h.bob(world), t)
    t.refresh_from_db()
    assert t.criterion_locked
    assert t.assumptions.get().status == AssumptionStatus.TESTING
    for field, value in (
        ("criterion_threshold", 0.0),
        ("success_criterion", "Anything up"),
        ("hypothesis", "Other"),
        ("sequential", True),
        ("method", "survey"),
    ):
        with pytest.raises(ValidationError) as err:
            services.update_test(h.bob(world), t, **{field: value})
        assert field in err.value.message_dict
    t.refresh_from_db()
    assert t.criterion_threshold == 0.02 and t.success_criterion == "Up 2 %"
    services.update_test(
        h.bob(world), t, title="Renamed", criterion_threshold=0.02
    )  # unchanged value is fine
    with pytest.raises(ValidationError):
        services.start_test(h.bob(world), t)


@pytest.mark.parametrize(
    ("rows", "field"),
    [
        (
            [
                {"name": "Control", "users": 100, "conversions": 101},
                {"name": "Treatment", "users": 100, "conversions": 1},
            ],
            "variants[0].conversions",
        ),
        (
            [
                {"name": "Control", "users": -5, "conversions": 0},
                {"name": "Treatment", "users": 100, "conversions": 1},
            ],
            "variants[0].users",
        ),
        ([{"name": "Control", "users": 100, "conversions": 1}], "variants"),
        (
            [
                {"name": "Control", "users": 100},
                {"name": "Treatment", "users": 100, "conversions": 1},
            ],
            "variants[0]",
        ),
        (
            [
                {"name": "Control", "users": 1.5, "conversions": 1},
                {"name": "Treatment", "users": 100, "conversions": 1},
            ],
            "variants[0].users",
        ),
    ],
)
def test_bad_variant_data_names_the_variant_and_keeps_the_old_data(world, rows, field):
    t = h.binary_data(h.ab_test(world, started=True), world)
    with pytest.raises(ValidationError) as err:
        services.set_variants(h.bob(world), t, rows)
    assert field in err.value.message_dict
    assert list(ExperimentVariant.objects.for_org(world.org_a).values_list("users", flat=True)) == [
        10000,
        10000,
    ]


def test_a_planned_split_must_be_given_for_every_variant_or_none(world):
    t = h.ab_test(world)
    with pytest.raises(ValidationError) as err:
        services.set_variants(
            h.bob(world), t, [{"name": "Control", "planned_share": 0.5}, {"name": "Treatment"}]
        )
    assert "planned_share" in err.value.message_dict
    with pytest.raises(ValidationError) as err:
        services.set_variants(h.bob(world), t, [{"name": "Control"}, {"name": "Control"}])
    assert "variants[1].name" in err.value.message_dict


def test_zero_variance_group_is_rejected_by_name(world):
    t = h.ab_test(world, metric_kind="continuous", started=True)
    with pytest.raises(ValidationError) as err:
        services.set_variants(
            h.bob(world),
            t,
            [
                {"name": "Control", "n": 50, "mean": 3.0, "sd": 1.0},
                {"name": "Treatment", "n": 50, "mean": 3.0, "sd": 0},
            ],
        )
    assert "Treatment" in err.value.message_dict["variants[1].sd"][0]


def test_csv_of_per_user_values_is_summarised(world):
    t = h.ab_test(world, metric_kind="continuous", started=True)
    csv = (
        "variant,value\n"
        + "".join(f"Control,{v}\n" for v in (1, 2, 3, 4))
        + "".join(f"Treatment,{v}\n" for v in (2, 4, 6))
    )
    services.upload_values(h.bob(world), t, csv)
    control, treatment = t.variants.all()
    assert (control.n, control.mean) == (4, 2.5)
    assert treatment.sd == pytest.approx(2.0)
    with pytest.raises(ValidationError) as err:
        services.upload_values(h.bob(world), t, "Nobody,1\nNobody,2\n")
    assert "Nobody" in err.value.messages[0]
    with pytest.raises(ValidationError):
        services.upload_values(h.bob(world), t, "Control,1\nControl,x\n")
    control.refresh_from_db()
    assert control.n == 4


def test_running_tests_keep_their_variants_and_split(world):
    t = h.binary_data(h.ab_test(world, started=True), world)
    with pytest.raises(ValidationError):
        services.set_variants(
            h.bob(world),
            t,
            [
                {"name": "Control", "users": 1, "conversions": 0},
                {"name": "Other", "users": 1, "conversions": 0},
            ],
        )
    h.binary_data(t, world, treatment=(10100, 1300))
    assert services.analysis_for(t).comparisons[0].absolute_lift == pytest.approx(
        1300 / 10100 - 0.1
    )


def test_concluding_records_the_decision_and_marks_a_refuted_value_solution(world):
    t = h.binary_data(h.ab_test(world, started=True), world, treatment=(10000, 900))
    analysis = services.analysis_for(t)
    assert analysis.verdict == "refuted"
    services.conclude_test(
        h.bob(world),
        t,
        result="refuted",
        decision="kill",
        rationale="No lift at all",
        learnings="Buyers reorder from email instead",
    )
    t.refresh_from_db()
    assert t.status == "concluded" and t.decision == "kill"
    decision = Decision.objects.for_org(world.org_a).get()
    assert t.decision_record == decision and decision.subject == t
    assert decision.solution_id == t.assumptions.get().solution_id
    assert "Kill" in decision.title
    a = t.assumptions.get()
    assert a.status == AssumptionStatus.REFUTED
    assert (
        Solution.objects.for_org(world.org_a).get(pk=a.solution_id).status
        == SolutionStatus.DISCARDED
    )
    assert queries.refuted_value_solution_ids(world.membership("viewer")) == {a.solution_id}
    with pytest.raises(ValidationError):
        services.update_test(h.bob(world), t, hypothesis="x")
    services.update_test(h.bob(world), t, learnings="More learnings")


def test_persevering_after_a_supported_test_keeps_the_solution(world):
    t = h.binary_data(h.ab_test(world, started=True), world)
    services.conclude_test(
        h.bob(world), t, result="supported", decision="persevere", rationale="Clear lift"
    )
    assert t.assumptions.get().status == AssumptionStatus.SUPPORTED
    assert Solution.objects.for_org(world.org_a).get().status != SolutionStatus.DISCARDED


def test_concluding_needs_a_running_test_a_rationale_and_valid_choices(world):
    t = h.ab_test(world)
    with pytest.raises(ValidationError):
        services.conclude_test(
            h.bob(world), t, result="supported", decision="persevere", rationale="x"
        )
    services.start_test(h.bob(world), t)
    for kwargs, field in (
        ({"result": "great", "decision": "persevere", "rationale": "x"}, "result"),
        ({"result": "supported", "decision": "ship", "rationale": "x"}, "decision"),
        ({"result": "supported", "decision": "persevere", "rationale": " "}, "rationale"),
    ):
        with pytest.raises(ValidationError) as err:
            services.conclude_test(h.bob(world), t, **kwargs)
        assert field in err.value.message_dict
    t.refresh_from_db()
    assert t.status == "running"
    assert not Decision.objects.for_org(world.org_a).exists()


def test_bad_test_input_stores_nothing(world):
    a = h.assumption(world)
    for kwargs, field in (
        ({"criterion_confidence": 1.0}, "criterion_confidence"),
        ({"criterion_threshold": -1}, "criterion_threshold"),
        ({"metric_kind": ""}, "metric_kind"),
        ({"method": "vibes"}, "method"),
        ({"planned_start": "2026-05-02", "planned_end": "2026-05-01"}, "planned_end"),
    ):
        with pytest.raises(ValidationError) as err:
            h.ab_test(world, assumption=a, **kwargs)
        assert field in err.value.message_dict
    assert not AssumptionTest.objects.for_org(world.org_a).exists()


def test_assumptions_of_another_team_cannot_be_linked(world):
    from pom.discovery import services as discovery
    from pom.discovery.tests import helpers as dh

    other = dh.team(world, "Search")
    leo = world.membership("leader")
    sol = discovery.create_solution(leo, team=other, title="Better search")
    foreign = services.create_assumption(
        leo, solution=sol, statement="x", risk_type="value", importance=3, evidence_strength=1
    )
    with pytest.raises(ValidationError) as err:
        h.ab_test(world, assumption=foreign, team=dh.team(world))
    assert "assumptions" in err.value.message_dict


def test_variant_updates_keep_ids_and_allow_reordering_a_planned_test(world):
    t = h.ab_test(world)
    ids = list(t.variants.values_list("id", flat=True))
    services.set_variants(
        h.bob(world),
        t,
        [{"name": "Control", "planned_share": 0.4}, {"name": "Treatment", "planned_share": 0.6}],
    )
    assert list(t.variants.values_list("id", flat=True)) == ids
    services.set_variants(
        h.bob(world), t, [{"name": "Treatment"}, {"name": "Control"}, {"name": "Third"}]
    )
    assert list(t.variants.values_list("name", flat=True)) == ["Treatment", "Control", "Third"]
    services.set_variants(h.bob(world), t, [{"name": "Control"}, {"name": "Treatment"}])
    assert t.variants.count() == 2
