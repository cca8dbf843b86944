"""The anti-patterns page: what the data shows going wrong in the transformation, with evidence."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect

from pom.core.permissions import can, require
from pom.core.web import PomRequest, member_view
from pom.transformation import pattern_facts
from pom.transformation.views.common import render


@member_view("transformation.view")
def index(request: PomRequest) -> HttpResponse:
    actor = request.membership
    if request.method == "POST":
        require(actor, "transformation.manage")
        pattern_facts.cached(actor, refresh=True)
        messages.success(request, "The anti-patterns are scanned afresh.")
        return redirect("transformation:patterns")
    context = {
        "scan": pattern_facts.cached(actor),
        "can_refresh": can(actor, "transformation.manage"),
        "section": "patterns",
    }
    return render(request, "transformation/patterns.html", context)
