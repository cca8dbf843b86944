"""Changes to people, product areas, teams and team membership.

Each function takes the acting membership explicitly, checks the permission rule, validates its
input and raises ``ValidationError`` keyed by field; each write is one transaction. Foreign keys
may be given as objects or ids; either way a row of another organization is refused by name.
Writes go through ``pom.core.imports`` (``transactional``, ``save``, ``delete``), so an import
preview runs every check here and writes nothing (objects new in the preview have no pk).
"""

from __future__ import annotations

from datetime import date
from typing import Any, TypeVar

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.validators import validate_email
from django.db.models import ProtectedError
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.text import slugify

from pom.accounts.models import Membership, User
from pom.core import imports
from pom.core.models import TenantModel
from pom.core.permissions import can, require
from pom.core.validation import member_account
from pom.teams.models import (
    ALLOCATION,
    TEAM_SIZE_LIMIT,
    LifecycleStage,
    OperatingMode,
    Person,
    PilotStatus,
    ProductArea,
    Team,
    TeamMember,
    TeamRole,
    TeamSettings,
    Topology,
)

# Paths under /teams/ that a team slug must not shadow.
RESERVED_SLUGS = frozenset(
    {"new", "map", "people", "areas", "import", "export", "settings", "api", "archived"}
)

M = TypeVar("M", bound=TenantModel)
_UNSET: Any = object()


def _resolve(model: type[M], actor: Membership, value: Any, field: str) -> M | None:
    """An object of the actor's organization from an object or an id; a clear error otherwise."""
    if value is None or value == "":
        return None
    label = model._meta.verbose_name
    if isinstance(value, model):
        if value.organization_id != actor.organization_id:
            raise ValidationError({field: f"This {label} belongs to another organization."})
        return value
    try:
        pk = int(value)
    except (TypeError, ValueError):
        raise ValidationError({field: f"{value!r} is not a {label} id."}) from None
    obj: M | None = model.objects.for_member(actor).filter(pk=pk).first()  # type: ignore[assignment]
    if obj is None:
        raise ValidationError({field: f"There is no {label} with id {pk} in this organization."})
    return obj


def _choice(value: str, choices: type[Any], field: str) -> str:
    if value not in choices.values:
        raise ValidationError(
            {field: f"Unknown value {value!r}; choose one of {', '.join(choices.values)}."}
        )
    return value


def _full_clean(obj: TenantModel) -> None:
    # Uniqueness is checked by name below, with messages that say what to do.
    obj.full_clean(validate_unique=False, validate_constraints=False)


def _slug_for(
    model: type[Team] | type[ProductArea], actor: Membership, slug: str, name: str, pk: int | None
) -> str:
    explicit = bool(slug.strip())
    slug = slugify(slug or name)[:80]
    if not slug:
        raise ValidationError(
            {"slug" if explicit else "name": "Use letters or numbers in the name."}
        )
    taken = model.objects.for_member(actor).filter(slug=slug).exclude(pk=pk or 0)
    label = model._meta.verbose_name
    if model is Team and slug in RESERVED_SLUGS:
        if explicit:
            raise ValidationError({"slug": f"{slug!r} is reserved by pom; choose another slug."})
        slug = f"{slug}-team"
    if taken.exists():
        if explicit:
            raise ValidationError(
                {"slug": f"Another {label} already uses the slug {slug!r}; choose another."}
            )
        base, n = slug[:75], 2
        while (
            model.objects.for_member(actor).filter(slug=f"{base}-{n}").exclude(pk=pk or 0).exists()
        ):
            n += 1
        slug = f"{base}-{n}"
    return slug


def _delete(obj: TenantModel, field: str) -> None:
    """Delete, or explain which other records (of other pillars) still point at the row."""
    try:
        imports.delete(obj)
    except ProtectedError as exc:
        kinds = sorted({str(o._meta.verbose_name) for o in exc.protected_objects})
        raise ValidationError(
            {field: f"{obj} is still referenced by: {', '.join(kinds)}. Reassign those first."}
        ) from None


# --- People -----------------------------------------------------------------------------------


def _clean_person(actor: Membership, person: Person) -> None:
    person.name = (person.name or "").strip()
    person.email = (person.email or "").strip().lower()
    person.title = (person.title or "").strip()
    if not person.name:
        raise ValidationError({"name": "Give the person a name."})
    try:
        validate_email(person.email)
    except ValidationError:
        raise ValidationError(
            {"email": f"{person.email!r} is not a valid email address."}
        ) from None
    _check_account(actor, person)
    _full_clean(person)
    # LOWER(email) = … uses the (organization, lower(email)) unique index; iexact would scan.
    if (
        Person.objects.for_member(actor)
        .annotate(email_lower=Lower("email"))
        .filter(email_lower=person.email)
        .exclude(pk=person.pk or 0)
        .exists()
    ):
        raise ValidationError(
            {"email": f"Someone in this organization already has {person.email}."}
        )


def _check_account(actor: Membership, person: Person) -> None:
    """The linked account is a member here (one answer whether it exists elsewhere or not at all)
    and is nobody else's person: one account, at most one person per organization."""
    user_id = member_account(actor, person.user_id, "user")
    if user_id is None:
        return
    other = (
        Person.objects.for_member(actor).filter(user_id=user_id).exclude(pk=person.pk or 0).first()
    )
    if other is not None:
        raise ValidationError(
            {"user": f"That account is already linked to {other.name}; unlink it there first."}
        )


def _user(value: Any) -> int | None:
    if value is None or value == "":
        return None
    if isinstance(value, User):
        return int(value.pk)
    try:
        return int(value)
    except (TypeError, ValueError):
        raise ValidationError({"user": f"{value!r} is not an account id."}) from None


def _link(actor: Membership, person: Person, user_id: int | None) -> None:
    """Who a person is in pom is an identity decision: whoever is linked to a person on a team
    edits that team's work. Owners and leaders decide it; anyone may take their own account off
    a person; the person themself links by accepting an invitation (``link_invited_person``)."""
    if user_id == person.user_id:
        return
    unlinking_self = user_id is None and person.user_id == actor.user_id
    if not unlinking_self and not can(actor, "teams.link_account", person):
        raise PermissionDenied(
            "Only owners and leaders link a person to a pom account; people link themselves "
            "by accepting an invitation sent to their address."
        )
    person.user_id = user_id


def link_invited_person(membership: Membership) -> Person | None:
    """On accepting an invitation: link the person with the invited address, if still unlinked.

    The address was proven by the invitation link and chosen by the leader who sent it; a person
    already linked to some account, or an account already linked to a person, is left alone.
    """
    org_id = membership.organization_id
    if Person.objects.for_org(org_id).filter(user_id=membership.user_id).exists():
        return None
    person = (
        Person.objects.for_org(org_id)
        .filter(email__iexact=membership.user.email, user__isnull=True)
        .first()
    )
    if person is not None:
        person.user_id = membership.user_id
        person.save(update_fields=["user", "updated_at"])
    return person


@imports.transactional
def create_person(
    actor: Membership, *, name: str, email: str, title: str = "", user: Any = None
) -> Person:
    require(actor, "teams.people")
    person = Person(organization_id=actor.organization_id, name=name, email=email, title=title)
    _link(actor, person, _user(user))
    _clean_person(actor, person)
    imports.save(person)
    return person


@imports.transactional
def update_person(actor: Membership, person: Person, **changes: Any) -> Person:
    require(actor, "teams.people")
    for key in ("name", "email", "title"):
        if key in changes and changes[key] is not None:
            setattr(person, key, changes[key])
    if "user" in changes:
        _link(actor, person, _user(changes["user"]))
    _clean_person(actor, person)
    imports.save(person)
    return person


@imports.transactional
def delete_person(actor: Membership, person: Person) -> None:
    """Remove a person and their places on teams (the audit log keeps what they were)."""
    require(actor, "teams.people_delete")
    _delete(person, "person")


# --- Product areas ----------------------------------------------------------------------------


def _save_area(actor: Membership, area: ProductArea, slug: str) -> ProductArea:
    area.name = (area.name or "").strip()
    if not area.name:
        raise ValidationError({"name": "Give the product area a name."})
    area.slug = _slug_for(ProductArea, actor, slug, area.name, area.pk)
    _full_clean(area)
    imports.save(area)
    return area


@imports.transactional
def create_area(
    actor: Membership, *, name: str, slug: str = "", description: str = "", leader: Any = None
) -> ProductArea:
    require(actor, "teams.areas")
    area = ProductArea(
        organization_id=actor.organization_id,
        name=name,
        description=(description or "").strip(),
        leader=_resolve(Person, actor, leader, "leader"),
    )
    return _save_area(actor, area, slug)


@imports.transactional
def update_area(actor: Membership, area: ProductArea, **changes: Any) -> ProductArea:
    require(actor, "teams.areas")
    if changes.get("name") is not None:
        area.name = changes["name"]
    if changes.get("description") is not None:
        area.description = changes["description"].strip()
    if "leader" in changes:
        area.leader = _resolve(Person, actor, changes["leader"], "leader")
    return _save_area(actor, area, changes.get("slug") or area.slug)


@imports.transactional
def delete_area(actor: Membership, area: ProductArea) -> None:
    """Remove an area; its teams stay, outside any area."""
    require(actor, "teams.areas")
    for team in Team.objects.for_member(actor).filter(product_area=area):
        team.product_area = None
        imports.save(team, update_fields=["product_area", "updated_at"])
    _delete(area, "product_area")


# --- Teams ------------------------------------------------------------------------------------

TEAM_FIELDS = (
    "name",
    "slug",
    "mission",
    "product_area",
    "topology",
    "lifecycle_stage",
    "operating_mode",
    "pilot_status",
    "coach",
    "reliable_customer_access",
    "formed_on",
)


def snapshot_team(team: Team) -> dict[str, Any]:
    """The editable values of a team, to tell whether an update changed anything."""
    return {
        name: getattr(team, f"{name}_id" if name in ("product_area", "coach") else name)
        for name in TEAM_FIELDS
    }


def _apply_team(actor: Membership, team: Team, values: dict[str, Any]) -> None:
    unknown = set(values) - set(TEAM_FIELDS)
    if unknown:
        raise ValidationError({sorted(unknown)[0]: "This field is not part of a team."})
    for key, value in values.items():
        if key == "product_area":
            team.product_area = _resolve(ProductArea, actor, value, "product_area")
        elif key == "coach":
            team.coach = _resolve(Person, actor, value, "coach")
        elif key == "topology":
            team.topology = _choice(value, Topology, key)
        elif key == "lifecycle_stage":
            team.lifecycle_stage = _choice(value, LifecycleStage, key)
        elif key == "operating_mode":
            team.operating_mode = _choice(value, OperatingMode, key)
        elif key == "pilot_status":
            team.pilot_status = _choice(value, PilotStatus, key)
        elif key == "formed_on":
            if value is not None and not isinstance(value, date):
                try:
                    value = date.fromisoformat(str(value))
                except ValueError:
                    raise ValidationError(
                        {"formed_on": f"{value!r} is not a date (use YYYY-MM-DD)."}
                    ) from None
            team.formed_on = value
        elif key in ("name", "mission"):
            setattr(team, key, (value or "").strip())
        elif key == "reliable_customer_access":
            team.reliable_customer_access = bool(value)
    if not team.name:
        raise ValidationError({"name": "Give the team a name."})


@imports.transactional
def create_team(actor: Membership, **values: Any) -> Team:
    require(actor, "teams.create")
    team = Team(organization_id=actor.organization_id)
    slug = values.pop("slug", "") or ""
    _apply_team(actor, team, values)
    team.slug = _slug_for(Team, actor, slug, team.name, None)
    _full_clean(team)
    imports.save(team)
    return team


@imports.transactional
def update_team(actor: Membership, team: Team, **values: Any) -> Team:
    require(actor, "teams.edit", team)
    slug = values.pop("slug", None)
    _apply_team(actor, team, values)
    if slug is not None and slug != team.slug:
        team.slug = _slug_for(Team, actor, slug or team.name, team.name, team.pk)
    _full_clean(team)
    imports.save(team)
    return team


@imports.transactional
def archive_team(actor: Membership, team: Team) -> Team:
    """Retire a team without losing its history: members, outcomes and work stay linked to it."""
    require(actor, "teams.archive", team)
    if team.archived_at is None:
        team.archived_at = timezone.now()
        imports.save(team, update_fields=["archived_at", "updated_at"])
    return team


@imports.transactional
def restore_team(actor: Membership, team: Team) -> Team:
    require(actor, "teams.archive", team)
    if team.archived_at is not None:
        team.archived_at = None
        imports.save(team, update_fields=["archived_at", "updated_at"])
    return team


# --- Team membership --------------------------------------------------------------------------


def _allocation(value: Any) -> int:
    try:
        number = int(value)
    except (TypeError, ValueError, OverflowError):
        raise ValidationError(
            {"allocation": f"{value!r} is not a whole number of percent."}
        ) from None
    if not ALLOCATION.min <= number <= ALLOCATION.max:  # type: ignore[operator]
        raise ValidationError(
            {
                "allocation": f"{number}% is not possible on one team: use 1–100 "
                "(a share of one person's time)."
            }
        )
    return number


def _since(value: Any) -> date | None:
    if value in (None, ""):
        return None
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value))
    except ValueError:
        raise ValidationError({"since": f"{value!r} is not a date (use YYYY-MM-DD)."}) from None


@imports.transactional
def add_member(
    actor: Membership,
    team: Team,
    *,
    person: Any,
    role: str = TeamRole.ENGINEER,
    allocation: Any = 100,
    since: Any = None,
) -> TeamMember:
    require(actor, "teams.edit", team)
    if team.organization_id != actor.organization_id:
        raise ValidationError({"team": "This team belongs to another organization."})
    found = _resolve(Person, actor, person, "person")
    if found is None:
        raise ValidationError({"person": "Choose who joins the team."})
    if (
        imports.saved(team)
        and imports.saved(found)
        and TeamMember.objects.for_member(actor).filter(team=team, person=found).exists()
    ):
        raise ValidationError({"person": f"{found.name} is already on {team.name}."})
    member = TeamMember(
        organization_id=actor.organization_id,
        team=team,
        person=found,
        role=_choice(role, TeamRole, "role"),
        allocation=_allocation(allocation),
        since=_since(since),
    )
    imports.save(member)
    return member


@imports.transactional
def update_member(actor: Membership, member: TeamMember, **changes: Any) -> TeamMember:
    require(actor, "teams.edit", member.team)
    if changes.get("role") is not None:
        member.role = _choice(changes["role"], TeamRole, "role")
    if changes.get("allocation") is not None:
        member.allocation = _allocation(changes["allocation"])
    if "since" in changes:
        member.since = _since(changes["since"])
    imports.save(member)
    return member


@imports.transactional
def remove_member(actor: Membership, member: TeamMember) -> None:
    require(actor, "teams.edit", member.team)
    imports.delete(member)


# --- Settings ---------------------------------------------------------------------------------


@imports.transactional
def update_settings(actor: Membership, *, team_size_limit: Any) -> TeamSettings:
    require(actor, "teams.settings")
    try:
        limit = int(team_size_limit)
    except (TypeError, ValueError, OverflowError):
        raise ValidationError({"team_size_limit": "Enter a whole number of people."}) from None
    if not TEAM_SIZE_LIMIT.min <= limit <= TEAM_SIZE_LIMIT.max:  # type: ignore[operator]
        raise ValidationError({"team_size_limit": "Use a limit between 2 and 100 people."})
    settings_row = TeamSettings.objects.for_member(actor).first() or TeamSettings(
        organization_id=actor.organization_id
    )
    settings_row.team_size_limit = limit
    imports.save(settings_row)
    return settings_row
