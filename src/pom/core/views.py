"""The home page, pillar pages not yet built, the audit log, the pickers' search, the health
check and the refusal page."""

from __future__ import annotations

from django.db import connection
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET

from pom.core import attention, pickers
from pom.core.filters import AuditFilter, IdsField, PageParams, SearchField
from pom.core.models import AuditEvent
from pom.core.navigation import PILLARS_BY_KEY
from pom.core.permissions import require
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


class PickParams(PageParams):
    """A picker's search: the text, the rows already chosen, the picker's id (for option ids)."""

    q = SearchField(required=False)
    exclude = IdsField()
    id = SearchField(required=False)


@require_GET
@member_view()
def pick(request: PomRequest, kind: str) -> HttpResponse:
    """The matches of one picker as the member types (at most ``pickers.LIMIT``, one query)."""
    try:
        src = pickers.source(kind)
    except LookupError:
        raise Http404("No such picker") from None
    if src.permission:
        require(request.membership, src.permission)
    params = PickParams.from_request(request).values
    scope = pickers.read_scope(src, request.GET)
    rows, more = pickers.find(
        src, request.membership, params["q"], scope=scope, exclude=params["exclude"] or []
    )
    context = {
        "src": src,
        "id": "".join(c for c in params["id"] if c.isalnum() or c in "-_") or "picker",
        "rows": [pickers.option(src, r) for r in rows],
        "more": more,
        "q": params["q"],
        "limit": pickers.LIMIT,
    }
    return render(request, "core/partials/_picker_options.html", context)


def healthz(request: PomRequest) -> HttpResponse:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return JsonResponse({"status": "ok"})


def forbidden(request: PomRequest, exception: Exception | None = None) -> HttpResponse:
    """A refused action, in words: the whole page, or for htmx only the sentence, which pom.js
    shows where the page announces refusals (htmx swaps no error response by itself)."""
    context = {"exception": str(exception or "")}
    if getattr(request, "htmx", False):
        return render(request, "core/partials/_refused.html", context, status=403)
    return render(request, "403.html", context, status=403)
