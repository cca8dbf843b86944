"""What every strategy page shares: the permission flags in the context."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect

from pom.core.permissions import can
from pom.core.web import PomRequest


def _ctx(request: PomRequest, **extra: Any) -> dict[str, Any]:
    actor = request.membership
    return {
        "active": "strategy",
        "can_manage": can(actor, "strategy.manage"),
        "can_outcome": can(actor, "strategy.outcome"),
        "can_comment": can(actor, "strategy.comment"),
        **extra,
    }


def _act(request: PomRequest, action: Callable[[], Any], success: str, target: str) -> HttpResponse:
    try:
        action()
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, success)
    return redirect(target)


def _get(request: PomRequest, model: type, pk: int, qs: Any = None) -> Any:
    base = qs if qs is not None else model.objects.all()  # type: ignore[attr-defined]
    return get_object_or_404(base.for_member(request.membership), pk=pk)
