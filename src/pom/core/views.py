"""The home page, pillar pages not yet built, the audit log and the health check."""

from __future__ import annotations

from django.db import connection
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import redirect

from pom.core import attention
from pom.core.filters import AuditFilter
from pom.core.models import AuditEvent
from pom.core.navigation import PILLARS_BY_KEY
from pom.core.validation import today
from pom.core.web import PomRequest, member_view, paginate, render_page


def home(request: PomRequest) -> HttpResponse:
    if not request.user.is_authenticated:
        return redirect("accounts:login")
    if request.membership is None:
        return redirect("accounts:organization_create")
    todo = attention.todo_for(request.membership, today())
    return render_page(request, "core/home.html", {"todo": todo})


@member_view()
def pillar(request: PomRequest, key: str) -> HttpResponse:
    try:
        pillar = PILLARS_BY_KEY[key]
    except KeyError:
        raise Http404("No such section") from None
    return render_page(request, "core/pillar.html", {"pillar": pillar, "active": key})


@member_view("audit.view")
def audit_log(request: PomRequest) -> HttpResponse:
    events = AuditEvent.objects.filter(organization=request.organization)
    filters = AuditFilter.from_request(request, events)
    object_types = (
        AuditEvent.objects.filter(organization=request.organization)
        .order_by()
        .values_list("object_type", flat=True)
        .distinct()
    )
    context = {
        "page": paginate(request, filters.qs),
        "filters": filters.values,
        "actions": AuditEvent.Action.choices,
        "object_types": sorted(object_types),
    }
    return render_page(
        request, "core/audit_log.html", context, partial="core/partials/_audit_rows.html"
    )


def healthz(request: PomRequest) -> HttpResponse:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return JsonResponse({"status": "ok"})
