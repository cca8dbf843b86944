"""Generated transformation records for ``pom seed`` and ``pom demo``, written through the services.

Two readiness assessments half a year apart show the comparison: the first is "not ready yet"
(a doubtful CEO, no coaches), the second ready. Then the people of the first teams answer the
hunger-to-learn questions for their own team, and the leader chooses the recommended number of
pilots from the top of the ranking, each with a reason. Last, one closed clarity pulse: most
people name the bets, some name what is not one.
"""

from __future__ import annotations

from datetime import timedelta

from pom.accounts.models import Membership, Role
from pom.core.seeding import SeedContext
from pom.teams.models import Person, TeamMember
from pom.transformation import queries, services
from pom.transformation.services import rollout

HUNGER_TEAMS = 12  # the first teams by name whose people answer
ANSWERS_PER_TEAM = 3


def _leader(ctx: SeedContext) -> Membership | None:
    return (
        Membership.objects.for_org(ctx.organization)
        .filter(role__in=[Role.OWNER, Role.LEADER])
        .select_related("user")
        .order_by("id")
        .first()
    )


def seed_transformation(ctx: SeedContext) -> None:
    actor = _leader(ctx)
    if actor is None:
        return
    today = ctx.now.date()
    services.take_assessment(
        actor,
        assessed_on=today - timedelta(days=180),
        ceo_belief=3,
        ceo_belief_evidence="The CEO asked why the roadmap keeps slipping, but still funds projects by annual plan.",
        pain_missed_targets=True,
        pain_evidence="Missed the new-customer target in three of the last four quarters (by 12 % on average).",
        trigger_competition=True,
        coaching_capacity=0,
        notes="First look, before the board offsite.",
    )
    ctx.made["readiness"] = services.take_assessment(
        actor,
        assessed_on=today - timedelta(days=14),
        ceo_belief=5,
        ceo_belief_evidence="At the offsite the CEO said: 'the way we plan will not win the next five years'.",
        pain_missed_targets=True,
        pain_margin_pressure=True,
        pain_evidence="Missed the new-customer target in four of the last five quarters; gross margin down from 61 % to 54 % in two years.",
        trigger_competition=True,
        trigger_tech_spend=True,
        trigger_competitors_succeed=True,
        sponsor="Dana Ruiz, COO",
        coaching_capacity=2,
        notes="Two internal coaches freed from the PMO.",
    )
    _answer_hunger(ctx, actor)
    _choose_pilots(ctx, actor)
    _rollout(ctx, actor)
    _pulse(ctx, actor)


def _answer_hunger(ctx: SeedContext, leader: Membership) -> None:
    board = queries.pilot_board(leader)
    team_ids = [c.team.pk for c in board.candidates[:HUNGER_TEAMS]]
    seats = (
        TeamMember.objects.for_org(ctx.organization)
        .filter(team_id__in=team_ids, person__user__isnull=False)
        .values_list("team_id", "person__user_id")
        .order_by("team_id", "id")
    )
    members = {
        m.user_id: m
        for m in Membership.objects.for_org(ctx.organization)
        .filter(user_id__in={u for _, u in seats})
        .exclude(role__in=[Role.STAKEHOLDER, Role.VIEWER])
        .select_related("user")
    }
    answered: dict[int, int] = {}
    for n, (team_id, user_id) in enumerate(seats):
        actor = members.get(user_id)
        if actor is None or answered.get(team_id, 0) >= ANSWERS_PER_TEAM:
            continue
        answered[team_id] = answered.get(team_id, 0) + 1
        # Some teams are eager, some tired: the ranking should show both.
        eager = 4 + (team_id % 2) if team_id % 3 else 2
        services.answer_hunger(
            actor,
            team=team_id,
            beginners=min(5, eager + n % 2),
            time_to_learn=max(1, eager - 1),
            feedback=eager,
        )


def _choose_pilots(ctx: SeedContext, actor: Membership) -> None:
    board = queries.pilot_board(actor)
    for c in board.candidates[: board.recommendation.recommended]:
        strong = (
            ", ".join(x.label.lower() for x in c.criteria if x.meets) or "the best of the ranking"
        )
        services.choose_pilot(actor, team=c.team.pk, reason=f"Strong on {strong}.")


def _rollout(ctx: SeedContext, actor: Membership) -> None:
    board = queries.pilot_board(actor)
    pilots_ = [c for c in board.candidates if c.choice]
    rest = [c for c in board.candidates if not c.choice]
    found_by = pilots_[0].team.pk if pilots_ else None
    day = ctx.now.date()
    rollout.raise_blocker(
        actor,
        title="Funding is approved per project, once a year",
        kind="funding",
        description="The pilot had to write a business case for each idea it wanted to test.",
        found_by_id=found_by,
        status="resolved",
        resolution="Pilot teams get a standing quarterly budget tied to their outcome.",
        raised_on=day - timedelta(days=90),
    )
    rollout.raise_blocker(
        actor,
        title="Roadmap dates are promised to customers by sales",
        kind="stakeholder_behaviour",
        description="The pilot's discovery was overruled twice by dates already given to customers.",
        found_by_id=found_by,
        raised_on=day - timedelta(days=30),
    )
    coach = Person.objects.for_member(actor).order_by("id").first()
    rollout.plan_wave(
        actor,
        name="Wave 1",
        starts_on=day + timedelta(days=45),
        ends_on=day + timedelta(days=180),
        coach=coach.pk if coach else None,
        team_ids=[c.team.pk for c in rest[:2]],
        notes="The next best candidates, once the roadmap blocker is fixed.",
    )
    team_id = pilots_[0].team.pk if pilots_ else None
    for kind, who, said, response, status in (
        (
            "no_time",
            "tech lead",
            "We have a release every week; when would we interview anyone?",
            "Dropped the weekly status meeting; that hour goes to one customer call.",
            "resolved",
        ),
        (
            "never_here",
            "engineer",
            "Customers here never talk to engineers; it will never work.",
            "Invited the engineer to a support call with the customer success lead.",
            "responding",
        ),
        (
            "favoured_solutions",
            "VP sales",
            "We already know the customer wants the export button.",
            "",
            "open",
        ),
        (
            "less_control",
            "head of delivery",
            "Without a roadmap of features I can't tell the board what ships when.",
            "Monthly outcome review with the board instead of a feature roadmap.",
            "unresolved",
        ),
    ):
        rollout.log_objection(
            actor,
            kind=kind,
            raised_by=who,
            statement=said,
            response=response,
            status=status,
            team_id=team_id if kind in ("no_time", "never_here") else None,
        )


# --- The clarity pulse --------------------------------------------------------------------------

PULSE_ANSWERS = 150  # at most this many people answer the demo pulse
# How people in the demo name the demo strategy's bets (strategy/seed.py), and what else they name.
ALIGNED = (
    "Faster payouts for our customers",
    "get paid faster",
    "Instant payouts",
    "self-serve for small businesses in Europe",
    "Stop small customers from leaving",
    "net revenue retention",
    "Make the mobile app where people do their work",
    "move key tasks from desktop to the phone",
    "Trial users see value on day one",
)
CONFUSED = (
    "Hire more engineers",
    "Ship the redesign on time",
    "Enterprise deals in the US",
    "Pass the SOC 2 audit",
    "Migrate to the new cloud provider",
    "Open up our API to partners",
)


def _pulse(ctx: SeedContext, actor: Membership) -> None:
    """One closed pulse: most people name the bets, some name what is not (or no longer) one."""
    from pom.transformation.models import PulseInvite
    from pom.transformation.services import clarity

    day = ctx.now.date()
    if not Person.objects.for_member(actor).exists():
        return
    pulse = clarity.create_pulse(
        actor,
        title="Monday morning test",
        opens_on=day - timedelta(days=13),
        closes_on=day,
    )
    invites = list(
        PulseInvite.objects.for_member(actor).filter(pulse=pulse).order_by("id")[:PULSE_ANSWERS]
    )
    rng = ctx.rng
    for n, invite in enumerate(invites):
        if n % 4 == 3:
            continue  # a quarter do not answer
        # Some teams hear the strategy less clearly than others.
        confused = 0.15 + 0.5 * ((invite.team_id or 0) % 3 == 0)
        named = [
            rng.choice(CONFUSED) if rng.random() < confused else rng.choice(ALIGNED)
            for _ in range(3)
        ]
        token = clarity.issue_link(invite).rstrip("/").rsplit("/", 1)[1]
        clarity.answer_pulse(
            pulse.pk,
            token,
            priorities=list(dict.fromkeys(named)),
            contribution="My team's work moves the outcome we committed to this quarter.",
        )
    clarity.close_pulse(actor, pulse)
