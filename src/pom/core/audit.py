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
from typing import Any, cast

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


def _event(instance: models.Model, action: str, changes: dict[str, Any]) -> AuditEvent | None:
    org_id = _organization_id(instance)
    if org_id is None:
        return None
    actor = _actor.get()
    return AuditEvent(
        organization_id=org_id,
        actor=actor if getattr(actor, "pk", None) else None,
        actor_label=getattr(actor, "email", "") or "",
        action=action,
        object_type=str(instance._meta.verbose_name).title(),
        object_id=str(instance.pk),
        object_repr=str(instance)[:200],
        changes=changes,
    )


def _record(instance: models.Model, action: str, changes: dict[str, Any]) -> None:
    event = _event(instance, action, changes)
    if event is not None:
        event.save()


def _created(after: dict[str, Any]) -> dict[str, Any]:
    return {name: [None, value] for name, value in after.items() if value not in (None, "", [], {})}


def _moved(before: dict[str, Any], after: dict[str, Any]) -> dict[str, Any]:
    changes = {}
    for name, value in after.items():
        old = _jsonable(before.get(name))
        if old != value:
            changes[name] = [old, value]
    return changes


def record_bulk(
    created: list[models.Model], updated: list[tuple[models.Model, dict[str, Any]]]
) -> None:
    """The audit events of rows a service wrote with ``bulk_create`` / ``bulk_update`` (which
    send no signals), in one insert: ``created`` rows, and ``updated`` rows with the
    ``snapshot`` taken before the change. Rows whose audited fields did not move get no event."""
    events = [_event(row, AuditEvent.Action.CREATE, _created(snapshot(row))) for row in created]
    for row, before in updated:
        changes = _moved(before, snapshot(row))
        if changes:
            events.append(_event(row, AuditEvent.Action.UPDATE, changes))
    AuditEvent.objects.bulk_create([e for e in events if e is not None])


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
        _record(instance, AuditEvent.Action.CREATE, _created(after))
    else:
        changes = _moved(cast(AuditedModel, instance).loaded_values(), after)
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
