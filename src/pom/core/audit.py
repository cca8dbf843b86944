"""The audit log: every create, update and delete of a tenant-owned row, with the changed fields.

Changes are recorded from model signals so that no service can forget to; the acting user is
carried in a context variable that the request middleware, the API authentication and the CLI set
(``acting_as``). A context variable is per request/thread/task, never shared between processes.
Bulk operations (``bulk_create``, ``QuerySet.update``) bypass signals and are used only by the
data generator, which is not a change anybody made.
"""

from __future__ import annotations

import contextlib
import contextvars
import json
from collections.abc import Iterator
from typing import Any

from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.db.models.signals import post_delete, post_save

from pom.core.models import AuditedModel, AuditEvent, TenantModel

_actor: contextvars.ContextVar[Any] = contextvars.ContextVar("pom_audit_actor", default=None)


@contextlib.contextmanager
def acting_as(user: Any) -> Iterator[None]:
    """Attribute every change made inside the block to ``user`` (``None`` for the system)."""
    token = _actor.set(user)
    try:
        yield
    finally:
        _actor.reset(token)


def set_actor(user: Any) -> contextvars.Token[Any]:
    return _actor.set(user)


def reset_actor(token: contextvars.Token[Any]) -> None:
    _actor.reset(token)


def _audited_fields(instance: models.Model) -> list[models.Field[Any, Any]]:
    exclude = set(getattr(instance, "audit_exclude", ()))
    return [
        f
        for f in instance._meta.concrete_fields
        if f.name not in exclude and f.name != "organization" and not f.primary_key
    ]


def _jsonable(value: Any) -> Any:
    return json.loads(json.dumps(value, cls=DjangoJSONEncoder))


def snapshot(instance: models.Model) -> dict[str, Any]:
    return {f.attname: _jsonable(f.value_from_object(instance)) for f in _audited_fields(instance)}


def _organization_id(instance: models.Model) -> int | None:
    if isinstance(instance, TenantModel):
        return instance.organization_id
    return instance.pk if instance._meta.label == "accounts.Organization" else None


def _record(instance: models.Model, action: str, changes: dict[str, Any]) -> None:
    org_id = _organization_id(instance)
    if org_id is None:
        return
    actor = _actor.get()
    AuditEvent.objects.create(
        organization_id=org_id,
        actor=actor if getattr(actor, "pk", None) else None,
        actor_label=getattr(actor, "email", "") or "",
        action=action,
        object_type=str(instance._meta.verbose_name).title(),
        object_id=str(instance.pk),
        object_repr=str(instance)[:200],
        changes=changes,
    )


def _is_audited(sender: type[models.Model]) -> bool:
    return issubclass(sender, AuditedModel) and getattr(sender, "audit_rows", True)


def _on_save(
    sender: type[models.Model],
    instance: models.Model,
    created: bool,
    raw: bool = False,
    **kwargs: Any,
) -> None:
    if raw or not _is_audited(sender):
        return
    after = snapshot(instance)
    if created:
        changes = {
            name: [None, value] for name, value in after.items() if value not in (None, "", [], {})
        }
        _record(instance, AuditEvent.Action.CREATE, changes)
    else:
        loaded = getattr(instance, "_pom_loaded", {})
        changes = {}
        for name, value in after.items():
            before = _jsonable(loaded.get(name))
            if before != value:
                changes[name] = [before, value]
        if changes:
            _record(instance, AuditEvent.Action.UPDATE, changes)
    instance._pom_loaded = after  # type: ignore[attr-defined]


def _on_delete(sender: type[models.Model], instance: models.Model, **kwargs: Any) -> None:
    if not _is_audited(sender) or sender._meta.label == "accounts.Organization":
        return
    _record(instance, AuditEvent.Action.DELETE, {})


def connect_signals() -> None:
    post_save.connect(_on_save, dispatch_uid="pom_audit_save")
    post_delete.connect(_on_delete, dispatch_uid="pom_audit_delete")
