"""Import interview notes and research as insights: preview, then apply."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.forms.utils import ErrorDict
from django.http import HttpResponse
from django.shortcuts import redirect
from django.urls import reverse

from pom.core import pickers
from pom.core.web import PomRequest, apply_errors, member_view, render_page
from pom.discovery import forms, services


@member_view("discovery.edit")
def import_notes(request: PomRequest) -> HttpResponse:
    actor = request.membership
    form = forms.ImportForm(request.POST or None, request.FILES or None, actor=actor)
    preview = None
    status = 200
    if pickers.picking(request):  # "Find" without JavaScript: the matches, nothing read yet
        form._errors = ErrorDict()  # type: ignore[attr-defined]
    elif request.method == "POST":
        if form.is_valid():
            data = form.cleaned_data
            if request.POST.get("apply") == "1":
                try:
                    result = services.apply_import(
                        actor,
                        team=data["team"],
                        fmt=data["format"],
                        content=data["content"],
                        filename=data["filename"],
                        kind=data["kind"],
                    )
                except ValidationError as exc:
                    apply_errors(form, exc)
                else:
                    messages.success(
                        request,
                        f"Imported {result['insights']} insight(s)"
                        + (
                            f" from {result['touchpoints']} touchpoint(s)."
                            if result["touchpoints"]
                            else "."
                        ),
                    )
                    return redirect(reverse("discovery:insights") + f"?team={data['team']}")
            try:
                preview = services.parse_import(
                    actor, fmt=data["format"], content=data["content"], filename=data["filename"]
                )
            except ValidationError as exc:
                apply_errors(form, exc)
            form = forms.ImportForm(
                initial={**{k: data[k] for k in ("team", "format", "kind", "content", "filename")}},
                actor=actor,
            )
        if form.errors or (preview and preview.errors):
            status = 400
    context = {
        "active": "discovery",
        "form": form,
        "preview": preview,
        "can_import": pickers.source("teams").rows(actor, {"workable": 1}).exists(),
    }
    return render_page(request, "discovery/import.html", context, status=status)
