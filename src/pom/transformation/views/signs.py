"""The "is it working" page: the five signs computed from the other pillars' records."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect

from pom.core.permissions import can, require
from pom.core.web import PomRequest, member_view
from pom.transformation import signs
from pom.transformation.views.common import render


@member_view("transformation.view")
def index(request: PomRequest) -> HttpResponse:
    actor = request.membership
    if request.method == "POST":
        require(actor, "transformation.manage")
        signs.cached(actor, refresh=True)
        messages.success(request, "The signs are computed afresh.")
        return redirect("transformation:signs")
    context = {
        "s": signs.cached(actor),
        "can_refresh": can(actor, "transformation.manage"),
        "section": "signs",
    }
    return render(request, "transformation/signs.html", context)
