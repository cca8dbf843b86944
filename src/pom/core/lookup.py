"""One way to fetch an object for a member, for pages and API endpoints alike.

Every read of a tenant-owned row goes through the tenancy door (``for_member``), so another
organization's object is a plain 404 whose message names the model, never a 403 that would
leak its existence. A bad id (``"abc"``) is a 404 too, never a 500. In the spirit of
healthchecks' ``_get_check_for_user`` and NetBox's ``BaseObjectView.get_object``::

    outcome = get_for_member(Outcome, request, pk=pk, select_related=["owner_team"])
    member = get_for_member(TeamMember, actor, pk=pk, team__slug=slug)
    test = get_for_member(AssumptionTest.objects.with_results(), request, pk=pk)
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any, TypeVar

from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Model, Prefetch, QuerySet
from django.http import Http404, HttpRequest

if TYPE_CHECKING:
    from pom.accounts.models import Membership

M = TypeVar("M", bound=Model)


def acting_member(actor: Membership | HttpRequest) -> Membership:
    """The membership a request acts through (or ``actor`` itself); 403 for a user with none yet."""
    if not isinstance(actor, HttpRequest):
        return actor
    membership = getattr(actor, "membership", None)
    if membership is None:
        raise PermissionDenied("You do not belong to an organization yet; create one first.")
    return membership  # type: ignore[no-any-return]


def scoped(
    source: type[M] | QuerySet[M],
    actor: Membership | HttpRequest,
    *,
    select_related: Sequence[str] = (),
    prefetch_related: Sequence[str | Prefetch] = (),
) -> QuerySet[M]:
    """``source`` (a model or a queryset of it) read for the actor's organization only."""
    qs: Any = source._default_manager.all() if isinstance(source, type) else source
    qs = qs.for_member(acting_member(actor))
    if select_related:
        qs = qs.select_related(*select_related)
    if prefetch_related:
        qs = qs.prefetch_related(*prefetch_related)
    return qs  # type: ignore[no-any-return]


def get_for_member(
    source: type[M] | QuerySet[M],
    actor: Membership | HttpRequest,
    *,
    select_related: Sequence[str] = (),
    prefetch_related: Sequence[str | Prefetch] = (),
    **lookup: Any,
) -> M:
    """The one object of ``source`` matching ``lookup`` in the actor's organization, or 404.

    ``actor`` is a membership or a request (its ``membership``); ``lookup`` is Django's field
    lookups (``pk=…``, ``slug=…``, ``team__slug=…``). The 404 names the model and the lookup:
    "No outcome with id 42."
    """
    qs = scoped(source, actor, select_related=select_related, prefetch_related=prefetch_related)
    try:
        obj = qs.filter(**lookup).first()
    except (TypeError, ValueError, ValidationError):
        obj = None  # an id that is not a number finds nothing
    if obj is None:
        raise Http404(_not_found(qs.model, lookup))
    return obj


def _not_found(model: type[Model], lookup: dict[str, Any]) -> str:
    label = model._meta.verbose_name
    if set(lookup) in ({"pk"}, {"id"}):
        return f"No {label} with id {next(iter(lookup.values()))}."
    said = ", ".join(f"{key.replace('__', ' ')} {value!r}" for key, value in lookup.items())
    return f"No {label} with {said}." if said else f"No {label} here."
