"""Models of the transformation: readiness assessments, the pilot teams chosen and why, and the
teams' own word on their hunger to learn.

A transformation lead records what consultants keep in spreadsheets; the verdicts and figures
that judge those records live in pure modules (``readiness.py``) so pages, the API and the
home page all show the same thing.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.urls import reverse

from pom.core.models import TenantModel
from pom.core.validation import Bounds, today

# 1 = does not hold at all, 5 = holds fully and visibly.
SCALE = Bounds.whole(1, 5)
# How many teams the organization's coaches can support at once.
COACHING_CAPACITY = Bounds.whole(0, 500)


class ReadinessAssessment(TenantModel):
    """One honest look at whether the company is ready to move to the product model, on a date.

    The seeds name what must be there before pilots start: a CEO who believes today's way of
    working will not win tomorrow, pain the company feels (with evidence, not a hunch), the
    triggers that make the case urgent, an executive sponsor and coaches to support the pilots.
    Assessments are retaken over time and compared; none is ever edited into another.
    """

    assessed_on = models.DateField()
    assessed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    ceo_belief = models.PositiveSmallIntegerField(
        validators=SCALE.validators(),
        help_text="1 = the CEO thinks today's way works, 5 = the CEO says it will not win tomorrow.",
    )
    ceo_belief_evidence = models.TextField(blank=True)
    pain_missed_targets = models.BooleanField(default=False)
    pain_margin_pressure = models.BooleanField(default=False)
    pain_lost_share = models.BooleanField(default=False)
    pain_evidence = models.TextField(
        blank=True,
        help_text="The figures behind the pain: which target, which margin, which share.",
    )
    trigger_competition = models.BooleanField(default=False)
    trigger_tech_spend = models.BooleanField(
        default=False, help_text="Heavy spending on technology with little impact to show for it."
    )
    trigger_competitors_succeed = models.BooleanField(
        default=False, help_text="Competitors are succeeding with the product model."
    )
    sponsor = models.CharField(
        max_length=150, blank=True, help_text="The executive who sponsors the change, by name."
    )
    coaching_capacity = models.PositiveSmallIntegerField(
        default=0,
        validators=COACHING_CAPACITY.validators(),
        help_text="How many teams the coaches available can support at the same time.",
    )
    notes = models.TextField(blank=True)

    class Meta:
        ordering = ["-assessed_on", "-id"]
        constraints = [
            SCALE.constraint("ceo_belief", "readiness_ceo_belief_1_5"),
            COACHING_CAPACITY.constraint("coaching_capacity", "readiness_coaching_capacity_range"),
        ]
        indexes = [
            models.Index(fields=["organization", "-assessed_on", "-id"], name="readiness_org_date"),
        ]

    def __str__(self) -> str:
        return f"Readiness assessment of {self.assessed_on:%Y-%m-%d}"

    def get_absolute_url(self) -> str:
        return reverse("transformation:assessment", args=[self.pk])

    @property
    def pains(self) -> list[str]:
        return [label for name, label in PAINS if getattr(self, name)]

    @property
    def triggers(self) -> list[str]:
        return [label for name, label in TRIGGERS if getattr(self, name)]


class HungerAnswer(TenantModel):
    """One person's short self-assessment of their team's hunger to learn the product model.

    Hunger cannot be read from records, so the team is asked: three statements, each from 1
    (not us) to 5 (very much us). A person's latest answer for a team replaces their earlier one.
    """

    team = models.ForeignKey("teams.Team", on_delete=models.CASCADE, related_name="+")
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    answered_on = models.DateField()
    beginners = models.PositiveSmallIntegerField(validators=SCALE.validators())
    time_to_learn = models.PositiveSmallIntegerField(validators=SCALE.validators())
    feedback = models.PositiveSmallIntegerField(validators=SCALE.validators())
    note = models.TextField(blank=True)

    class Meta:
        ordering = ["-answered_on", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["team", "answered_by"], name="hunger_once_per_person"),
            SCALE.constraint("beginners", "hunger_beginners_1_5"),
            SCALE.constraint("time_to_learn", "hunger_time_1_5"),
            SCALE.constraint("feedback", "hunger_feedback_1_5"),
        ]

    def __str__(self) -> str:
        return f"Hunger to learn of team {self.team_id}, {self.answered_on:%Y-%m-%d}"


HUNGER_QUESTIONS: tuple[tuple[str, str], ...] = (
    ("beginners", "We are willing to be beginners again to learn a new way of working."),
    ("time_to_learn", "We can make time to learn, even when delivery presses."),
    ("feedback", "We go looking for customers' feedback and change course on it."),
)


class PilotChoice(TenantModel):
    """The leaders' decision to make a team a pilot of the product model, with why, and its end.

    The score the team had when it was chosen is kept, so a later reader can see what the
    leaders saw; a team is an active pilot at most once at a time.
    """

    team = models.ForeignKey("teams.Team", on_delete=models.CASCADE, related_name="+")
    chosen_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    chosen_on = models.DateField()
    reason = models.TextField()
    score = models.FloatField(help_text="The team's pilot score (0–5) when it was chosen.")
    warnings = models.JSONField(default=list, blank=True)
    ended_on = models.DateField(null=True, blank=True)
    end_reason = models.TextField(blank=True)

    class Meta:
        ordering = ["-chosen_on", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["team"],
                condition=models.Q(ended_on__isnull=True),
                name="pilot_choice_one_active_per_team",
            ),
        ]

    def __str__(self) -> str:
        return f"Pilot choice of team {self.team_id} on {self.chosen_on:%Y-%m-%d}"

    @property
    def active(self) -> bool:
        return self.ended_on is None


# --- Rollout ------------------------------------------------------------------------------------


class WaveStatus(models.TextChoices):
    PLANNED = "planned", "Planned"
    RUNNING = "running", "Running"
    DONE = "done", "Done"


class Wave(TenantModel):
    """A group of teams that moves to the product model together, after the pilots, with a coach.

    Never everyone at once: the rollout scales in waves, each one entered only when the systemic
    blockers the pilots surfaced are fixed and a coach is paired with it.
    """

    name = models.CharField(max_length=120)
    starts_on = models.DateField()
    ends_on = models.DateField(null=True, blank=True)
    coach = models.ForeignKey(
        "teams.Person", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    teams = models.ManyToManyField("teams.Team", related_name="+", blank=True)
    status = models.CharField(max_length=20, choices=WaveStatus.choices, default=WaveStatus.PLANNED)
    notes = models.TextField(blank=True)

    class Meta:
        ordering = ["starts_on", "id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_on__isnull=True)
                | models.Q(ends_on__gte=models.F("starts_on")),
                name="wave_ends_after_start",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("transformation:wave", args=[self.pk])


class BlockerKind(models.TextChoices):
    FUNDING = "funding", "Funding"
    PLANNING = "planning", "Planning"
    CUSTOMER_ACCESS = "customer_access", "Customer access"
    DECISION_RIGHTS = "decision_rights", "Decision rights"
    STAKEHOLDER_BEHAVIOUR = "stakeholder_behaviour", "Stakeholder behaviour"


class BlockerStatus(models.TextChoices):
    OPEN = "open", "Open"
    IN_PROGRESS = "in_progress", "Being fixed"
    RESOLVED = "resolved", "Resolved"


class Blocker(TenantModel):
    """A systemic obstacle a pilot ran into — how the company funds, plans or decides — that must
    be fixed before the next wave, or the next teams run into it too."""

    title = models.CharField(max_length=200)
    kind = models.CharField(max_length=30, choices=BlockerKind.choices)
    description = models.TextField(blank=True)
    found_by = models.ForeignKey(
        "teams.Team", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    owner = models.ForeignKey(
        "teams.Person", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    status = models.CharField(
        max_length=20, choices=BlockerStatus.choices, default=BlockerStatus.OPEN
    )
    raised_on = models.DateField()
    resolved_on = models.DateField(null=True, blank=True)
    resolution = models.TextField(blank=True)

    class Meta:
        ordering = ["status", "-raised_on", "-id"]

    def __str__(self) -> str:
        return self.title

    @property
    def is_open(self) -> bool:
        return self.status != BlockerStatus.RESOLVED


class ObjectionKind(models.TextChoices):
    """The objections the seeds list, from teams and from leaders and stakeholders."""

    NO_TIME = "no_time", "No time for this"
    BEGINNER_AGAIN = "beginner_again", "Don't want to be a beginner again"
    NEVER_HERE = "never_here", "It will never work here"
    FAVOURED_SOLUTIONS = "favoured_solutions", "Attached to favoured solutions"
    LESS_CONTROL = "less_control", "Discomfort with less control"
    UPDATE_BOTTLENECK = "update_bottleneck", "Updates become a bottleneck"


FROM_TEAMS = (ObjectionKind.NO_TIME, ObjectionKind.BEGINNER_AGAIN, ObjectionKind.NEVER_HERE)


class ObjectionStatus(models.TextChoices):
    OPEN = "open", "Open: understand it first"
    RESPONDING = "responding", "Response being tried"
    RESOLVED = "resolved", "Resolved"
    UNRESOLVED = "unresolved", "Not resolved"


class Objection(TenantModel):
    """Resistance, logged as an objection to understand rather than a person to overcome: what was
    said, by whom, the response tried, and whether it resolved."""

    kind = models.CharField(max_length=30, choices=ObjectionKind.choices)
    raised_by = models.CharField(
        max_length=150, help_text="Who said it, as a role or a name (e.g. 'sales VP')."
    )
    team = models.ForeignKey(
        "teams.Team", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    statement = models.TextField(help_text="What was said, in their words.")
    response = models.TextField(blank=True, help_text="The response tried.")
    status = models.CharField(
        max_length=20, choices=ObjectionStatus.choices, default=ObjectionStatus.OPEN
    )
    logged_on = models.DateField()
    closed_on = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["-logged_on", "-id"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} ({self.raised_by})"

    @property
    def from_teams(self) -> bool:
        return self.kind in FROM_TEAMS


PAINS: tuple[tuple[str, str], ...] = (
    ("pain_missed_targets", "Missed targets"),
    ("pain_margin_pressure", "Margin pressure"),
    ("pain_lost_share", "Lost market share"),
)
TRIGGERS: tuple[tuple[str, str], ...] = (
    ("trigger_competition", "Competition"),
    ("trigger_tech_spend", "Heavy tech spend, little impact"),
    ("trigger_competitors_succeed", "Competitors succeeding with the model"),
)


# --- The clarity pulse --------------------------------------------------------------------------

PRIORITY_MAX = 200  # characters of one named priority
CONTRIBUTION_MAX = 2000  # characters of "how your work contributes"
PRIORITIES = 3  # how many priorities a person is asked to name

CLARITY_QUESTIONS = {
    "priorities": "What are the three most important things for the business right now?",
    "contribution": "How does your work contribute to them today?",
}


class Audience(models.TextChoices):
    ORGANIZATION = "organization", "The whole organization"
    TEAMS = "teams", "Chosen teams"


class ClarityPulse(TenantModel):
    """The seeds' "Monday morning test": people are asked, each through their own emailed link,
    for the three most important things for the business and how their work contributes today;
    the answers are scored against the declared bets and outcomes (``clarity.py``).

    The questions are fixed. Everyone invited gets one ``PulseInvite``; answers are
    ``PulseAnswer`` rows that name no person.
    """

    title = models.CharField(max_length=200)
    audience = models.CharField(
        max_length=20, choices=Audience.choices, default=Audience.ORGANIZATION
    )
    teams = models.ManyToManyField("teams.Team", related_name="+", blank=True)
    opens_on = models.DateField()
    closes_on = models.DateField()
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    sent_at = models.DateTimeField(null=True, blank=True, editable=False)
    closed_at = models.DateTimeField(null=True, blank=True, editable=False)

    class Meta:
        ordering = ["-opens_on", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(closes_on__gte=models.F("opens_on")),
                name="pulse_closes_after_opening",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("transformation:pulse", args=[self.pk])

    def status_on(self, day: Any) -> str:
        """``scheduled`` before it opens, ``open`` while answers are taken, else ``closed``."""
        if self.closed_at is not None or day > self.closes_on:
            return "closed"
        return "scheduled" if day < self.opens_on else "open"

    @property
    def status(self) -> str:
        return self.status_on(today())


class PulseInvite(TenantModel):
    """One person's invitation to one pulse: the hash of their link's token, and whether they
    answered (a flag, no time: the answer itself cannot be traced back to it).

    The team and role are the person's when the pulse was created, so the report can group the
    answers; they are copied onto the answer, never the person.
    """

    pulse = models.ForeignKey(ClarityPulse, on_delete=models.CASCADE, related_name="invites")
    person = models.ForeignKey(
        "teams.Person", null=True, on_delete=models.SET_NULL, related_name="+"
    )
    email = models.EmailField(max_length=254)
    team = models.ForeignKey(
        "teams.Team", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    role = models.CharField(max_length=30, blank=True)
    # NULL until the worker sends the link: unique, and unsent invitations must not collide.
    token_hash = models.CharField(  # noqa: DJ001
        max_length=64, null=True, unique=True, editable=False
    )
    sent_at = models.DateTimeField(null=True, blank=True, editable=False)
    answered = models.BooleanField(default=False, editable=False)

    # Thousands per pulse, and who answered must not show in the audit log.
    audit_rows = False

    class Meta:
        ordering = ["id"]
        constraints = [
            models.UniqueConstraint(fields=["pulse", "person"], name="pulse_invite_once"),
        ]

    def __str__(self) -> str:
        return f"Invitation to pulse {self.pulse_id}"


class PulseAnswer(TenantModel):
    """One anonymous answer: the priorities named, how the work contributes, and the team and
    role of the person (from the invitation) — never the person."""

    pulse = models.ForeignKey(ClarityPulse, on_delete=models.CASCADE, related_name="answers")
    team = models.ForeignKey(
        "teams.Team", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    role = models.CharField(max_length=30, blank=True)
    priorities = models.JSONField(default=list)
    contribution = models.TextField(blank=True)

    audit_rows = False  # an answer in the audit log would sit beside the time it was given

    class Meta:
        ordering = ["id"]

    def __str__(self) -> str:
        return f"Answer to pulse {self.pulse_id}"


MIN_GROUP = 5  # the fewest answers a reported group of the clarity pulse holds
MIN_GROUP_NOTE = (
    f"Answers are anonymous: they are reported only for groups of {MIN_GROUP} answers or more, "
    "and never with a name."
)
