"""Import releases and incidents from CSV (preview, then apply all or nothing), and export them."""

from __future__ import annotations

from django.http import Http404, HttpResponse
from django.utils import timezone

from pom.core import web
from pom.core.web import PomRequest, attachment, member_view
from pom.delivery import transfer
from pom.delivery.forms import ImportForm


@member_view("delivery.edit")
def import_page(request: PomRequest) -> HttpResponse:
    return web.import_page(
        request,
        ImportForm(request.POST or None, request.FILES or None),
        lambda data, apply: transfer.run_import(
            request.membership, data["kind"], data["content"], apply=apply
        ),
        template="delivery/import.html",
        context={
            "active": "delivery",
            "section": "import",
            "field_heading": "Column",
            "release_columns": ", ".join(transfer.RELEASE_COLUMNS),
            "incident_columns": ", ".join(transfer.INCIDENT_COLUMNS),
        },
        done=lambda data: (
            "delivery:releases" if data["kind"] == "releases" else "delivery:overview"
        ),
    )


@member_view("delivery.view")
def export(request: PomRequest) -> HttpResponse:
    kind = request.GET.get("kind", "releases")
    if kind not in transfer.EXPORTERS:
        raise Http404("Export releases or incidents.")
    body = transfer.EXPORTERS[kind](request.membership)
    return attachment(body, f"{kind}-{timezone.localdate().isoformat()}.csv", "text/csv")
