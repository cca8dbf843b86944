"""The field rules every pillar's services share, and bounded numbers declared once for every layer.

Services validate what they are given (a form, the API, an import or the CLI may be the caller)
and raise ``ValidationError({"field": "message"})`` naming the field at fault, so forms show
the message under the field and the API returns it as a 400 with ``field`` set::

    title = text(data.get("title"), "title", required=True, max_length=200)
    level = choice(data.get("level"), "level", Level, default=Level.TEAM)
    team = resolve(Team, actor, data.get("team_id"), "team_id")
    allocation = PERCENT.clean(data.get("allocation"), "allocation")

A number's range is declared once as ``Bounds`` and applied to the model (validators and a
database check constraint), the Django form field, the Ninja schema field and the service::

    PERCENT = Bounds.whole(0, 100)
    allocation = models.PositiveSmallIntegerField(validators=PERCENT.validators())  # model
    constraints = [PERCENT.constraint("allocation", "team_member_allocation_range")]  # Meta
    allocation = PERCENT.form_field(label="Allocation (%)")  # form
    allocation: int = PERCENT.schema(100)  # Ninja schema (pydantic: ge/le)
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, time
from decimal import Decimal, InvalidOperation
from typing import TYPE_CHECKING, Any, Literal, TypeVar

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator, URLValidator
from django.db import models
from django.utils import timezone
from pydantic import Field

if TYPE_CHECKING:
    from pom.accounts.models import Membership

M = TypeVar("M", bound=models.Model)
Number = int | Decimal | float

# The largest key any supported database stores (a signed 64-bit integer): a larger id cannot
# name a row, and handing it to the database would overflow instead of finding nothing.
ID_MAX = 2**63 - 1


def today() -> date:
    """Today in the site's time zone: the one date every pillar's rules compare with."""
    return timezone.localdate()


def day_start(day: date) -> datetime:
    """The first moment of ``day`` in the site's time zone.

    ``created_at__lt=day_start(d)`` is ``created_at__date__lt=d`` without casting every row's
    timestamp to a date (on SQLite a Python function a row: 50 ms over 10,000 outcomes), so an
    index on the timestamp can serve it.
    """
    return datetime.combine(day, time.min, tzinfo=timezone.get_current_timezone())


def _label(field: str, label: str | None) -> str:
    return label or field.removesuffix("_id").replace("_", " ")


# --- References -------------------------------------------------------------------------------


def resolve(model: type[M], actor: Membership, value: Any, field: str) -> M | None:
    """An object of ``model`` in the actor's organization, from the object or its id.

    ``None`` or ``""`` is ``None`` (the reference is optional; the caller decides if it is
    required). Another organization's object, an id that is not a number, or one that does not
    exist here is a field error that says so, never a leak of what exists elsewhere.
    """
    if value is None or value == "":
        return None
    label = model._meta.verbose_name
    if isinstance(value, model):
        if value.organization_id != actor.organization_id:  # type: ignore[attr-defined]
            raise ValidationError({field: f"No {label} with that id in this organization."})
        return value
    try:
        pk = int(value.pk if isinstance(value, models.Model) else value)
    except (TypeError, ValueError):
        raise ValidationError({field: f"{value!r} is not a valid {label} id."}) from None
    found = (
        model._default_manager.for_member(actor).filter(pk=pk).first()  # type: ignore[attr-defined]
        if 0 < pk <= ID_MAX
        else None
    )
    if found is None:
        raise ValidationError({field: f"No {label} with id {pk} in this organization."})
    return found  # type: ignore[no-any-return]


NOT_A_MEMBER = "That account is not a member of this organization."


def member_account(actor: Membership, value: Any, field: str) -> int | None:
    """The id of an account that is a member of the actor's organization (``None`` stays ``None``).

    An account of another organization, one that does not exist and an id no account can have
    all get the same field error, so the answer never tells which accounts exist elsewhere.
    """
    if value is None or value == "":
        return None
    try:
        pk = int(value.pk if isinstance(value, models.Model) else value)
    except (TypeError, ValueError):
        raise ValidationError({field: f"{value!r} is not an account id."}) from None
    members = type(actor)._default_manager.for_member(actor)  # type: ignore[attr-defined]
    if not (0 < pk <= ID_MAX and members.filter(user_id=pk).exists()):
        raise ValidationError({field: NOT_A_MEMBER})
    return pk


def same_org(obj: M | None, actor: Membership, field: str) -> M | None:
    """A related object named in input must be in the actor's organization (else: as if unknown)."""
    if obj is not None and obj.organization_id != actor.organization_id:  # type: ignore[attr-defined]
        raise ValidationError({field: "No such item in this organization."})
    return obj


# --- Text, choices, links, dates --------------------------------------------------------------


def text(
    value: Any,
    field: str,
    *,
    required: bool = False,
    max_length: int | None = None,
    label: str | None = None,
) -> str:
    """``value`` as stripped text; empty is refused when ``required``, and so is overlong text."""
    if value is None:
        value = ""
    cleaned = (value if isinstance(value, str) else str(value)).strip()
    name = _label(field, label)
    if required and not cleaned:
        raise ValidationError({field: f"Give the {name.lower()}."})
    if max_length is not None and len(cleaned) > max_length:
        raise ValidationError(
            {
                field: f"Keep the {name.lower()} under {max_length:,} characters ({len(cleaned):,} now)."
            }
        )
    return cleaned


def choice(
    value: Any, field: str, choices: type[models.Choices], default: str | None = None
) -> str:
    """One of ``choices``' values; ``default`` stands in for a missing value when given."""
    if value in (None, "") and default is not None:
        return default
    if value not in choices.values:
        raise ValidationError(
            {
                field: f"Unknown value {value!r}; choose one of {', '.join(map(str, choices.values))}."
            }
        )
    return str(value)


def url(value: Any, field: str) -> str:
    """An optional http(s) link."""
    cleaned = (value or "").strip()
    if cleaned:
        try:
            URLValidator(schemes=["http", "https"])(cleaned)
        except ValidationError:
            raise ValidationError({field: "Enter a full http(s) link."}) from None
    return str(cleaned)


def date_value(value: Any, field: str) -> date | None:
    """An optional date, from a ``date`` or ``YYYY-MM-DD`` text."""
    if value in (None, ""):
        return None
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value))
    except ValueError:
        raise ValidationError({field: f"{value!r} is not a date; use YYYY-MM-DD."}) from None


def past_date(value: date | None, field: str, label: str | None = None) -> date:
    """A required date that is today or earlier (something that already happened)."""
    name = _label(field, label)
    if value is None:
        raise ValidationError({field: f"Give the {name}."})
    if value > today():
        raise ValidationError({field: f"The {name} {value:%Y-%m-%d} is in the future."})
    return value


CONFLICT = "conflict"


def conflict(field: str, message: str) -> ValidationError:
    """A refusal because of the object's state, not the input's shape (the API answers 409):
    e.g. changing a test's success criterion after it started."""
    return ValidationError({field: ValidationError(message, code=CONFLICT)})


def is_conflict(error: ValidationError) -> bool:
    if hasattr(error, "error_dict"):
        return any(e.code == CONFLICT for errs in error.error_dict.values() for e in errs)
    return any(e.code == CONFLICT for e in error.error_list)


# An id is a whole number from 1 that fits the database's 64-bit integers (a larger one would
# overflow SQLite instead of matching nothing), and one list names at most MAX_IDS of them (one
# query reads them all, and SQLite binds at most 32,766 values).
MAX_ID = 2**63 - 1
MAX_IDS = 1000


def unique_ids(values: Iterable[Any] | None, field: str, limit: int = MAX_IDS) -> list[int]:
    """A list of ids, each a whole number from 1 to ``MAX_ID``, without repeats (order kept);
    ``None`` (a PATCH's explicit null) is no ids; more than ``limit`` is a field error."""
    if values is None:
        return []
    if isinstance(values, str | bytes | dict) or not isinstance(values, Iterable):
        raise ValidationError({field: "Send a list of ids."})
    ids: dict[int, None] = {}
    for value in values:
        try:
            pk = int(value.pk if isinstance(value, models.Model) else value)
        except (TypeError, ValueError, OverflowError):
            raise ValidationError({field: f"{value!r} is not a valid id."}) from None
        if not 1 <= pk <= MAX_ID:
            raise ValidationError({field: f"{value!r} is not a valid id."})
        ids.setdefault(pk)
        if len(ids) > limit:
            raise ValidationError({field: f"Name at most {limit:,} ids."})
    return list(ids)


# --- Bounded numbers --------------------------------------------------------------------------


def _show(number: Number | None) -> str:
    """1000000000000000.0 as "1,000,000,000,000,000", 0.95 as "0.95"."""
    if number is None:
        return ""
    if isinstance(number, float) and number.is_integer():
        number = int(number)
    return f"{number:,}"


@dataclass(frozen=True)
class Bounds:
    """The range a number may take, declared once and applied at every layer that takes it in.

    ``kind`` is ``"int"`` (whole numbers), ``"decimal"`` (``max_digits``/``decimal_places``, for
    money and measured values) or ``"float"`` (finite only). Either end may be ``None`` for an
    open range, but every number a user can type should have both: an unbounded number is a
    page that answers 500 later, when it overflows a column or a chart.
    """

    min: Number | None
    max: Number | None
    kind: Literal["int", "decimal", "float"] = "int"
    max_digits: int | None = None
    decimal_places: int | None = None

    @classmethod
    def whole(cls, min: int | None, max: int | None) -> Bounds:
        """Whole numbers from ``min`` to ``max``, both included."""
        return cls(min, max, "int")

    @classmethod
    def decimal(
        cls, min: Number | None, max: Number | None, *, max_digits: int, decimal_places: int
    ) -> Bounds:
        """Decimals from ``min`` to ``max`` that fit a ``DecimalField(max_digits, decimal_places)``."""
        lo = None if min is None else Decimal(str(min))
        hi = None if max is None else Decimal(str(max))
        return cls(lo, hi, "decimal", max_digits, decimal_places)

    @classmethod
    def real(cls, min: float | None, max: float | None) -> Bounds:
        """Finite floating-point numbers from ``min`` to ``max``."""
        return cls(min, max, "float")

    # What to say when a value is out of range.
    def describe(self) -> str:
        noun = "a whole number" if self.kind == "int" else "a number"
        lo, hi = _show(self.min), _show(self.max)
        if self.min is not None and self.max is not None:
            return f"Use {noun} from {lo} to {hi}."
        if self.min == 0:
            return "Cannot be negative."
        if self.min is not None:
            return f"Use {noun} of {lo} or more."
        if self.max is not None:
            return f"Use {noun} of {hi} or less."
        return f"Use {noun}."

    def clean(self, value: Any, field: str, *, label: str | None = None) -> Any:
        """``value`` parsed and checked, or ``None`` when it is empty; a field error otherwise.

        ``label`` prefixes the message ("Importance: use a whole number from 1 to 5.").
        """
        if value is None or value == "":
            return None

        def refuse(message: str) -> ValidationError:
            if label:
                message = f"{label}: {message[0].lower()}{message[1:]}"
            return ValidationError({field: message})

        if isinstance(value, bool):
            raise refuse(f"{value!r} is not a number.")
        try:
            if self.kind == "decimal":
                number: Number = Decimal(str(value).strip())
            elif self.kind == "int" and isinstance(value, int):
                number = value  # exact, however large (float() would overflow)
            else:
                number = float(value)
        except (TypeError, ValueError, InvalidOperation):
            raise refuse(f"{value!r} is not a number.") from None
        except OverflowError:
            raise refuse(self.describe()) from None
        if (isinstance(number, float) and not math.isfinite(number)) or (
            isinstance(number, Decimal) and not number.is_finite()
        ):
            raise refuse("Enter a finite number.")
        if self.kind == "int" and not isinstance(number, int):
            if not float(number).is_integer():
                raise refuse("Enter a whole number.")
            number = int(number)
        if (self.min is not None and number < self.min) or (
            self.max is not None and number > self.max
        ):
            raise refuse(self.describe())
        if self.kind == "decimal" and self.decimal_places is not None:
            exponent = number.as_tuple().exponent  # type: ignore[union-attr]
            if isinstance(exponent, int) and -exponent > self.decimal_places:
                raise refuse(f"Use at most {self.decimal_places} decimal places.")
        return number

    def validators(self) -> list[Any]:
        """Model-field validators (``full_clean``, ``ModelForm``, the admin)."""
        found: list[Any] = []
        if self.min is not None:
            found.append(MinValueValidator(self.min))
        if self.max is not None:
            found.append(MaxValueValidator(self.max))
        return found

    def constraint(self, field: str, name: str) -> models.CheckConstraint:
        """The database's own check (a ``Meta.constraints`` entry); NULL passes, as SQL has it."""
        condition = models.Q()
        if self.min is not None:
            condition &= models.Q(**{f"{field}__gte": self.min})
        if self.max is not None:
            condition &= models.Q(**{f"{field}__lte": self.max})
        return models.CheckConstraint(
            condition=condition | models.Q(**{f"{field}__isnull": True}), name=name
        )

    def form_field(self, **kwargs: Any) -> forms.Field:
        """A Django form field with the same range (``min``/``max`` on the input, checked on post)."""
        limits: dict[str, Any] = {"min_value": self.min, "max_value": self.max}
        if self.kind == "int":
            return forms.IntegerField(**limits, **kwargs)
        if self.kind == "decimal":
            return forms.DecimalField(
                **limits, max_digits=self.max_digits, decimal_places=self.decimal_places, **kwargs
            )
        return forms.FloatField(**limits, **kwargs)

    def schema(self, default: Any = ..., **kwargs: Any) -> Any:
        """A pydantic ``Field`` for a Ninja schema: ``allocation: int = PERCENT.schema(100)``."""
        extra: dict[str, Any] = {}
        if self.kind == "decimal":
            extra = {"max_digits": self.max_digits, "decimal_places": self.decimal_places}
        elif self.kind == "float":
            extra = {"allow_inf_nan": False}
        return Field(default, ge=self.min, le=self.max, **extra, **kwargs)
