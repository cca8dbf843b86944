"""What every transformation page shares."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect

from pom.accounts.models import Membership
from pom.core.permissions import can, require
from pom.core.web import PomRequest, renderer

render = renderer("transformation")


def kept_page(
    request: PomRequest,
    cached: Callable[..., Any],
    *,
    name: str,
    key: str,
    fresh: str,
) -> HttpResponse:
    """A page of figures kept in the cache (the signs, the anti-pattern scan): read the kept
    ones; a leader's POST computes them afresh and comes back. ``cached(actor, refresh=)``."""
    actor: Membership = request.membership
    if request.method == "POST":
        require(actor, "transformation.manage")
        cached(actor, refresh=True)
        messages.success(request, fresh)
        return redirect(f"transformation:{name}")
    context = {
        key: cached(actor),
        "can_refresh": can(actor, "transformation.manage"),
        "section": name,
    }
    return render(request, f"transformation/{name}.html", context)
