"""Tenancy and audit: the ground every pillar's models stand on."""

from __future__ import annotations

import copy
from contextvars import ContextVar
from typing import Any, Protocol, Self

from django.conf import settings
from django.db import models
from django.db.models import sql


class Acting(Protocol):
    """What the tenancy door needs of a membership: the organization it acts in.

    (A protocol, so that this module does not import ``accounts``, whose models stand on it.)
    """

    @property
    def organization_id(self) -> int: ...


class UnscopedQueryError(RuntimeError):
    """A tenant-owned table was read without saying which organization it is read for."""


# The filters that name one organization: an equality, nothing else (not isnull, in, a range,
# a negation or another row's column).
_ONE_ORGANIZATION = frozenset(
    f"{field}{suffix}"
    for field in ("organization", "organization_id", "organization__pk", "organization__id")
    for suffix in ("", "__exact")
)


def _names_one_organization(key: str, value: Any) -> bool:
    if key not in _ONE_ORGANIZATION:
        return False
    if isinstance(value, models.Model):
        value = value.pk
    return isinstance(value, int) and not isinstance(value, bool)


# Set while Django builds the correlated inner query of an exclude() (see TenantQuery.split_exclude).
_CORRELATED: ContextVar[bool] = ContextVar("pom_correlated", default=False)


class TenantQuery(sql.Query):
    """The SQL of a tenant queryset, which remembers whether the queryset was scoped.

    The mark travels with the query (Django copies it on every clone), so that a tenant queryset
    nested in another query (``Subquery(...)``, ``Exists(...)``, ``field__in=<queryset>``, a
    ``union``) is checked where Django resolves it, whatever model the outer query reads.
    """

    pom_scoped = False

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.pom_scoped = _CORRELATED.get()

    def split_exclude(self, *args: Any, **kwargs: Any) -> Any:
        # exclude() across a to-many relation builds its inner query afresh and ties it to this
        # query's rows, so it reads nothing this query would not: Django's own, scoped by its outer.
        token = _CORRELATED.set(True)
        try:
            return super().split_exclude(*args, **kwargs)
        finally:
            _CORRELATED.reset(token)

    def resolve_expression(self, *args: Any, **kwargs: Any) -> Any:  # type: ignore[override]
        if not self.pom_scoped:
            raise UnscopedQueryError(
                f"{self.model.__name__ if self.model else 'A tenant'} rows are read inside another "
                f"query (Subquery, Exists or __in) without naming one organization; scope the "
                f"inner queryset with .for_org(), .for_member() or, deliberately, .unscoped()"
            )
        return super().resolve_expression(*args, **kwargs)


class TenantQuerySet(models.QuerySet):
    """A queryset that refuses to run until it is scoped to one organization.

    ``for_org(org)`` and ``for_member(membership)`` are the door every read goes through.
    ``unscoped()`` is the named way out, for migrations, the CLI and cross-tenant maintenance.
    Only an equality on one organization counts as scoped (see ``filter``); the queryset is
    checked when it runs and when it is nested in another query (see ``TenantQuery``).
    """

    def __init__(
        self,
        model: type[models.Model] | None = None,
        query: sql.Query | None = None,
        using: str | None = None,
        hints: dict[str, Any] | None = None,
    ) -> None:
        super().__init__(model, query or TenantQuery(model), using, hints)
        if query is None and (hints or {}).get("instance") is not None:
            self._scope()

    @property
    def _pom_scoped(self) -> bool:
        # ``_query``, not ``query``: reading ``query`` would apply a related manager's deferred
        # filter early, which prefetching avoids on purpose.
        return bool(getattr(self._query, "pom_scoped", False))  # type: ignore[attr-defined]

    def _scope(self, scoped: bool = True) -> Self:
        self._query.pom_scoped = scoped  # type: ignore[attr-defined]
        return self

    def for_org(self, organization: models.Model | int) -> Self:
        org_id = organization if isinstance(organization, int) else organization.pk
        return self.filter(organization_id=org_id)._scope()

    def for_member(self, membership: Acting) -> Self:
        return self.for_org(membership.organization_id)

    def unscoped(self) -> Self:
        return self._chain()._scope()  # type: ignore[attr-defined, no-any-return]

    def filter(self, *args: Any, **kwargs: Any) -> Self:
        qs = super().filter(*args, **kwargs)
        # Django's own unique-constraint validation filters on the organization field directly.
        if any(_names_one_organization(key, value) for key, value in kwargs.items()):
            qs._scope()
        return qs

    def _add_hints(self, **hints: Any) -> None:
        # Related managers and prefetches start from a row that is already in scope; Django
        # marks them with an "instance" hint.
        super()._add_hints(**hints)  # type: ignore[misc]
        if hints.get("instance") is not None:
            self._scope()

    def __or__(self, other: Any) -> Self:
        return self._widened(super().__or__(other), other)

    def __xor__(self, other: Any) -> Self:
        return self._widened(super().__xor__(other), other)

    def __and__(self, other: Any) -> Self:
        combined = super().__and__(other)
        if isinstance(combined, TenantQuerySet) and combined is not self and combined is not other:
            combined._scope(self._pom_scoped or _is_scoped(other))
        return combined

    def _widened(self, combined: Any, other: Any) -> Any:
        # Either side of an OR widens the result: it is scoped only if both sides are.
        if combined is self or combined is other:
            return combined
        if isinstance(combined, TenantQuerySet):
            combined._scope(self._pom_scoped and _is_scoped(other))
        elif isinstance(other, TenantQuerySet):
            other._guard()
        return combined

    def _combinator_query(self, combinator: str, *other_qs: Any, all: bool = False) -> Self:
        for other in other_qs:
            if isinstance(other, TenantQuerySet):
                other._guard()
        return super()._combinator_query(combinator, *other_qs, all=all)  # type: ignore[misc, no-any-return]

    def _guard(self) -> None:
        if not self._pom_scoped:
            raise UnscopedQueryError(
                f"{self.model.__name__} rows belong to organizations; read them through "
                f".for_org(), .for_member() or, deliberately, .unscoped()"
            )

    def _fetch_all(self) -> None:
        if self._result_cache is None:
            self._guard()
        super()._fetch_all()  # type: ignore[misc]

    def count(self) -> int:
        self._guard()
        return super().count()

    def exists(self) -> bool:
        self._guard()
        return super().exists()

    def aggregate(self, *args: Any, **kwargs: Any) -> dict[str, Any]:
        self._guard()
        return super().aggregate(*args, **kwargs)

    def update(self, **kwargs: Any) -> int:
        self._guard()
        return super().update(**kwargs)

    def delete(self) -> tuple[int, dict[str, int]]:
        self._guard()
        return super().delete()

    def iterator(self, chunk_size: int | None = None) -> Any:
        self._guard()
        return super().iterator(chunk_size=chunk_size)


def _is_scoped(qs: Any) -> bool:
    return not isinstance(qs, TenantQuerySet) or qs._pom_scoped


TenantManager = models.Manager.from_queryset(TenantQuerySet)


class AuditedModel(models.Model):
    """A row whose changes the audit log records (see ``pom.core.audit``)."""

    # Fields the audit log leaves out of "what changed".
    audit_exclude: tuple[str, ...] = ("created_at", "updated_at")
    # False for machine telemetry that arrives by the thousand (deployments and changes a
    # pipeline reports): each request is logged once where it arrives, not row by row.
    audit_rows: bool = True

    class Meta:
        abstract = True

    @classmethod
    def from_db(cls, db: str | None, field_names: Any, values: Any, **kwargs: Any) -> Self:  # type: ignore[override]
        instance = super().from_db(db, field_names, values, **kwargs)
        # Remember what was read so the audit log can say which fields a save changed. Most rows
        # are read and never saved (a portfolio review reads every open outcome), so this keeps
        # the database's tuple as it is and makes it a dict only on save (``loaded_values``).
        # Only a JSON value can be changed in place: that one is copied now. Fields the audit
        # leaves out are not: a held review's snapshot (every open outcome) would otherwise be
        # deep-copied on every read of the review, and of the review after it.
        mutable = cls._mutable_fields()
        if mutable and not mutable.isdisjoint(field_names):
            values = tuple(
                copy.deepcopy(v) if name in mutable else v
                for name, v in zip(field_names, values, strict=True)
            )
        instance._pom_read = (field_names, values)  # type: ignore[attr-defined]
        return instance

    @classmethod
    def _mutable_fields(cls) -> frozenset[str]:
        """The JSON fields the audit compares (copied when read), worked out once per model."""
        found = cls.__dict__.get("_pom_mutable")
        if found is None:
            found = frozenset(
                f.attname
                for f in cls._meta.concrete_fields
                if isinstance(f, models.JSONField) and f.attname not in cls.audit_exclude
            )
            cls._pom_mutable = found  # type: ignore[attr-defined]
        return found

    def loaded_values(self) -> dict[str, Any]:
        """The fields as read from the database (or as last saved), those the audit compares."""
        loaded = self.__dict__.get("_pom_loaded")
        if loaded is not None:
            return dict(loaded)
        read = self.__dict__.get("_pom_read")
        if read is None:
            return {}
        excluded = self.audit_exclude
        return {n: v for n, v in zip(*read, strict=True) if n not in excluded}


class TenantModel(AuditedModel):
    """A row that belongs to exactly one organization.

    ``objects`` is guarded (see ``TenantQuerySet``): every read names its organization.
    Relation traversal from a row already read (``team.members.all()``, ``prefetch_related``)
    stays inside that row's organization and is allowed.
    """

    organization = models.ForeignKey(
        "accounts.Organization", on_delete=models.CASCADE, related_name="+", editable=False
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = TenantManager()

    class Meta:
        abstract = True


class AuditEvent(models.Model):
    """One change to a tenant-owned row: who did it, when, and which fields moved from what to what."""

    class Action(models.TextChoices):
        CREATE = "create", "Created"
        UPDATE = "update", "Updated"
        DELETE = "delete", "Deleted"

    organization = models.ForeignKey(
        "accounts.Organization", on_delete=models.CASCADE, related_name="audit_events"
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    actor_label = models.CharField(max_length=254, blank=True)
    action = models.CharField(max_length=10, choices=Action.choices)
    object_type = models.CharField(max_length=100)
    object_id = models.CharField(max_length=64)
    object_repr = models.CharField(max_length=200)
    changes = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["organization", "-created_at"], name="audit_org_time"),
            models.Index(
                fields=["organization", "object_type", "object_id"], name="audit_org_object"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.actor_label or 'system'} {self.get_action_display().lower()} {self.object_type} {self.object_repr}"


class WorkerHeartbeat(models.Model):
    """A ``pom worker`` process saying it is alive (``core.worker``): a task claimed by a worker
    whose heartbeat stopped (killed, machine lost) is handed back to the queue."""

    worker_id = models.CharField(max_length=64, primary_key=True)
    seen_at = models.DateTimeField(db_index=True)

    def __str__(self) -> str:
        return f"{self.worker_id} at {self.seen_at:%Y-%m-%d %H:%M:%S}"
