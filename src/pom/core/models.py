"""Tenancy and audit: the ground every pillar's models stand on."""

from __future__ import annotations

import copy
from typing import Any, Protocol, Self

from django.conf import settings
from django.db import models


class Acting(Protocol):
    """What the tenancy door needs of a membership: the organization it acts in.

    (A protocol, so that this module does not import ``accounts``, whose models stand on it.)
    """

    @property
    def organization_id(self) -> int: ...


class UnscopedQueryError(RuntimeError):
    """A tenant-owned table was read without saying which organization it is read for."""


class TenantQuerySet(models.QuerySet):
    """A queryset that refuses to run until it is scoped to one organization.

    ``for_org(org)`` and ``for_member(membership)`` are the door every read goes through.
    ``unscoped()`` is the named way out, for migrations, the CLI and cross-tenant maintenance.
    """

    _pom_scoped: bool = False

    def for_org(self, organization: models.Model | int) -> Self:
        org_id = organization if isinstance(organization, int) else organization.pk
        qs = self.filter(organization_id=org_id)
        qs._pom_scoped = True
        return qs

    def for_member(self, membership: Acting) -> Self:
        return self.for_org(membership.organization_id)

    def unscoped(self) -> Self:
        qs = self._chain()  # type: ignore[attr-defined]
        qs._pom_scoped = True
        return qs

    def _clone(self) -> Self:
        clone = super()._clone()  # type: ignore[misc]
        clone._pom_scoped = self._pom_scoped
        return clone

    def filter(self, *args: Any, **kwargs: Any) -> Self:
        qs = super().filter(*args, **kwargs)
        # Django's own unique-constraint validation filters on the organization field directly.
        if any(key.split("__")[0] in ("organization", "organization_id") for key in kwargs):
            qs._pom_scoped = True
        return qs

    def _guard(self) -> None:
        # Related managers and prefetches start from a row that is already in scope; Django
        # marks them with an "instance" hint.
        if not self._pom_scoped and self._hints.get("instance") is None:  # type: ignore[attr-defined]
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


TenantManager = models.Manager.from_queryset(TenantQuerySet)


class AuditedModel(models.Model):
    """A row whose changes the audit log records (see ``pom.core.audit``)."""

    # Fields the audit log leaves out of "what changed".
    audit_exclude: tuple[str, ...] = ("created_at", "updated_at")

    class Meta:
        abstract = True

    @classmethod
    def from_db(cls, db: str | None, field_names: Any, values: Any, **kwargs: Any) -> Self:  # type: ignore[override]
        instance = super().from_db(db, field_names, values, **kwargs)
        # Remember what was read so the audit log can say which fields a save changed.
        instance._pom_loaded = {  # type: ignore[attr-defined]
            name: copy.deepcopy(value) if isinstance(value, dict | list) else value
            for name, value in zip(field_names, values, strict=True)
        }
        return instance


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
