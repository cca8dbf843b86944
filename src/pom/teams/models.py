"""People, product areas, teams and who is on which team: the shape of the organization.

In the product operating model work is done by small, durable, cross-functional teams that own a
problem space, not by people assembled around a project. These models record that shape; the
figures that judge it (trio completeness, size, over-allocation…) live in ``figures.py``.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models.functions import Lower
from django.urls import reverse

from pom.core.models import TenantModel
from pom.core.validation import Bounds

DEFAULT_TEAM_SIZE_LIMIT = 10
# The numbers people type here, declared once for the form, the service and the database.
ALLOCATION = Bounds.whole(1, 100)
TEAM_SIZE_LIMIT = Bounds.whole(2, 100)


class Topology(models.TextChoices):
    """Team Topologies' four fundamental team types."""

    STREAM_ALIGNED = "stream_aligned", "Stream-aligned"
    PLATFORM = "platform", "Platform"
    ENABLING = "enabling", "Enabling"
    COMPLICATED_SUBSYSTEM = "complicated_subsystem", "Complicated-subsystem"


class LifecycleStage(models.TextChoices):
    """Where the team's product is in its life; it decides how much discovery versus optimisation fits."""

    EXPLORE = "explore", "Explore"
    INVEST = "invest", "Invest"
    SUSTAIN = "sustain", "Sustain"
    RETIRE = "retire", "Retire"


class OperatingMode(models.TextChoices):
    PRODUCT = "product", "Product model"
    PROJECT = "project", "Project model"


class PilotStatus(models.TextChoices):
    """A team's place in the move from the project model to the product model."""

    NONE = "none", "Not a pilot"
    CANDIDATE = "candidate", "Candidate"
    PILOT = "pilot", "Pilot"
    GRADUATED = "graduated", "Graduated"


class TeamRole(models.TextChoices):
    PRODUCT_MANAGER = "product_manager", "Product manager"
    PRODUCT_DESIGNER = "product_designer", "Product designer"
    TECH_LEAD = "tech_lead", "Tech lead"
    ENGINEER = "engineer", "Engineer"
    DATA = "data", "Data"
    PRODUCT_MARKETING = "product_marketing", "Product marketing"
    OTHER = "other", "Other"


# The product trio: value and viability, usability, feasibility.
TRIO_ROLES: tuple[TeamRole, ...] = (
    TeamRole.PRODUCT_MANAGER,
    TeamRole.PRODUCT_DESIGNER,
    TeamRole.TECH_LEAD,
)


class Person(TenantModel):
    """Someone who works in the organization and can be on teams, with or without a pom account."""

    name = models.CharField(max_length=150)
    email = models.EmailField(max_length=254)
    title = models.CharField(max_length=150, blank=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="people",
        help_text="The pom account of this person, when they have one.",
    )

    class Meta:
        ordering = ["name", "id"]
        verbose_name_plural = "people"
        constraints = [
            models.UniqueConstraint(
                "organization", Lower("email"), name="person_email_unique_per_org"
            ),
            # One account is one person: the link decides who edits which team's work.
            models.UniqueConstraint(
                fields=["organization", "user"],
                condition=models.Q(user__isnull=False),
                name="person_user_unique_per_org",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("teams:person", args=[self.pk])


class ProductArea(TenantModel):
    """A grouping of teams that together own a larger part of the product, led by one person."""

    name = models.CharField(max_length=120)
    slug = models.SlugField(max_length=80)
    description = models.TextField(blank=True)
    leader = models.ForeignKey(
        Person,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="led_areas",
    )

    class Meta:
        ordering = ["name", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "slug"], name="area_slug_unique_per_org"
            ),
        ]

    def __str__(self) -> str:
        return self.name


class Team(TenantModel):
    """A durable, cross-functional team that owns a problem space (its mission) and decides how to solve it."""

    name = models.CharField(max_length=120)
    slug = models.SlugField(max_length=80)
    mission = models.TextField(blank=True, help_text="The problem space this team owns.")
    product_area = models.ForeignKey(
        ProductArea, null=True, blank=True, on_delete=models.SET_NULL, related_name="teams"
    )
    topology = models.CharField(
        max_length=30, choices=Topology.choices, default=Topology.STREAM_ALIGNED
    )
    lifecycle_stage = models.CharField(
        max_length=20, choices=LifecycleStage.choices, default=LifecycleStage.INVEST
    )
    operating_mode = models.CharField(
        max_length=20, choices=OperatingMode.choices, default=OperatingMode.PRODUCT
    )
    pilot_status = models.CharField(
        max_length=20, choices=PilotStatus.choices, default=PilotStatus.NONE
    )
    coach = models.ForeignKey(
        Person, null=True, blank=True, on_delete=models.SET_NULL, related_name="coached_teams"
    )
    reliable_customer_access = models.BooleanField(
        default=False, help_text="The team can reach real customers every week without asking."
    )
    formed_on = models.DateField(null=True, blank=True)
    archived_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["name", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "slug"], name="team_slug_unique_per_org"
            ),
        ]
        indexes = [
            models.Index(
                fields=["organization", "archived_at", "name"], name="team_org_active_name"
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("teams:team", args=[self.slug])

    @property
    def is_archived(self) -> bool:
        return self.archived_at is not None


class TeamMember(TenantModel):
    """A person's place on a team: the role they play there and how much of their time it takes."""

    team = models.ForeignKey(Team, on_delete=models.CASCADE, related_name="members")
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="team_memberships")
    role = models.CharField(max_length=30, choices=TeamRole.choices, default=TeamRole.ENGINEER)
    allocation = models.PositiveSmallIntegerField(
        default=100,
        validators=ALLOCATION.validators(),
        help_text="Share of the person's time on this team, in percent (1–100).",
    )
    since = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["team_id", "role", "person__name"]
        constraints = [
            models.UniqueConstraint(fields=["team", "person"], name="team_member_once_per_team"),
            models.CheckConstraint(
                condition=models.Q(allocation__gte=1, allocation__lte=100),
                name="team_member_allocation_1_100",
            ),
        ]

    def __str__(self) -> str:
        # Only names already loaded: the audit log calls this on every save and must not query.
        person = (
            self.person.name if TeamMember.person.is_cached(self) else f"person {self.person_id}"
        )
        team = self.team.name if TeamMember.team.is_cached(self) else f"team {self.team_id}"
        return f"{person} on {team} ({self.get_role_display()})"


class TeamSettings(TenantModel):
    """How an organization wants its teams judged: the size past which a team is flagged as too big."""

    team_size_limit = models.PositiveSmallIntegerField(
        default=DEFAULT_TEAM_SIZE_LIMIT,
        validators=TEAM_SIZE_LIMIT.validators(),
        help_text="Teams with more people than this get a warning: bigger groups slow decisions.",
    )

    class Meta:
        verbose_name_plural = "team settings"
        constraints = [
            models.UniqueConstraint(fields=["organization"], name="team_settings_one_per_org"),
            TEAM_SIZE_LIMIT.constraint("team_size_limit", "team_settings_size_limit_range"),
        ]

    def __str__(self) -> str:
        return f"Team settings (limit {self.team_size_limit})"
