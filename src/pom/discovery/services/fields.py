"""What discovery's services share: resolving ids in the actor's organization, field rules, the team rule."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import Any, TypeVar

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import models
from django.utils import timezone

from pom.accounts.models import Membership
from pom.core.models import TenantModel
from pom.core.permissions import can
from pom.core.validation import unique_ids
from pom.discovery import importers
from pom.teams.models import Person, Team

M = TypeVar("M", bound=TenantModel)


def today() -> date:
    return timezone.localdate()


def resolve(model: type[M], actor: Membership, value: Any, field: str) -> M | None:
    """An id or an object of ``model`` in the actor's organization; another's is "not found"."""
    if value in (None, ""):
        return None
    if isinstance(value, model):
        if value.organization_id != actor.organization_id:
            raise ValidationError({field: f"No {model._meta.verbose_name} with that id here."})
        return value
    try:
        pk = int(value.pk if isinstance(value, models.Model) else value)
    except (TypeError, ValueError):
        raise ValidationError({field: f"{value!r} is not a valid id."}) from None
    found = model.objects.for_member(actor).filter(pk=pk).first()  # type: ignore[attr-defined]
    if found is None:
        raise ValidationError({field: f"No {model._meta.verbose_name} with id {pk} here."})
    return found  # type: ignore[return-value]


def _outcome_model() -> Any:
    from django.apps import apps

    return apps.get_model("strategy", "Outcome")


def _choice(value: str, choices: Any, field: str) -> str:
    if value not in choices.values:
        raise ValidationError({field: f"{value!r} is not one of: {', '.join(choices.values)}."})
    return value


def _text(value: str | None, field: str, *, required: bool, limit: int, label: str) -> str:
    value = (value or "").strip()
    if required and not value:
        raise ValidationError({field: f"{label} cannot be empty."})
    if len(value) > limit:
        raise ValidationError({field: f"Keep {label.lower()} under {limit:,} characters."})
    return value


def _past_date(value: date | None, field: str, label: str) -> date:
    if value is None:
        raise ValidationError({field: f"Give the {label}."})
    if value > today():
        raise ValidationError({field: f"The {label} {value:%Y-%m-%d} is in the future."})
    return value


def _sizing(value: Any, field: str) -> int | None:
    if value in (None, ""):
        return None
    try:
        number = int(value)
    except (TypeError, ValueError, OverflowError):
        raise ValidationError({field: "Use a whole number from 1 to 5."}) from None
    if not 1 <= number <= 5:
        raise ValidationError({field: "Use a whole number from 1 to 5."})
    return number


def _url(value: str, field: str) -> str:
    value = (value or "").strip()
    if value:
        try:
            URLValidator(schemes=["http", "https"])(value)
        except ValidationError:
            raise ValidationError({field: "Enter a full http(s) link."}) from None
    return value


def require_team(actor: Membership, team: Team, action: str = "discovery.edit") -> None:
    if not can(actor, action, team):
        from django.core.exceptions import PermissionDenied

        raise PermissionDenied(
            f"Only members of {team.name} (or leaders) can change its discovery."
        )


def _people(actor: Membership, values: Iterable[Any] | None) -> list[Person]:
    ids = unique_ids(values, "attendees")
    found = list(Person.objects.for_member(actor).filter(pk__in=ids))
    missing = set(ids) - {p.pk for p in found}
    if missing:
        raise ValidationError(
            {"attendees": f"No person with id {', '.join(map(str, sorted(missing)))} here."}
        )
    return found


def clean_tags(raw: Any) -> list[str]:
    return importers.clean_tags(raw)
