"""Import releases and incidents from CSV (preview, then apply all or nothing), and export them."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.utils import timezone

from pom.core.web import PomRequest, form_status, member_view, redirect_to, render_page
from pom.delivery import transfer
from pom.delivery.forms import ImportForm


@member_view("delivery.edit")
def import_page(request: PomRequest) -> HttpResponse:
    form = ImportForm(request.POST or None, request.FILES or None)
    report = None
    if request.method == "POST" and form.is_valid():
        kind = form.cleaned_data["kind"]
        apply = request.POST.get("action") == "apply"
        report = transfer.run_import(
            request.membership, kind, form.cleaned_data["content"], apply=apply
        )
        if report.applied:
            messages.success(request, f"Imported: {len(report.changes)} change(s) applied.")
            return redirect_to(
                request, "delivery:releases" if kind == "releases" else "delivery:overview"
            )
    context = {
        "active": "delivery",
        "section": "import",
        "form": form,
        "field_heading": "Column",
        "report": report,
        "content": form.cleaned_data.get("content", "")
        if form.is_bound and form.is_valid()
        else "",
        "release_columns": ", ".join(transfer.RELEASE_COLUMNS),
        "incident_columns": ", ".join(transfer.INCIDENT_COLUMNS),
    }
    status = form_status(request, failed=bool(form.errors or (report and report.problems)))
    return render_page(
        request,
        "delivery/import.html",
        context,
        partial="core/partials/_import_report.html",
        status=status,
    )


@member_view("delivery.view")
def export(request: PomRequest) -> HttpResponse:
    kind = request.GET.get("kind", "releases")
    if kind not in transfer.EXPORTERS:
        raise Http404("Export releases or incidents.")
    body = transfer.EXPORTERS[kind](request.membership)
    response = HttpResponse(body, content_type="text/csv; charset=utf-8")
    name = f"{kind}-{timezone.localdate().isoformat()}.csv"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response
