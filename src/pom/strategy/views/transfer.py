"""Strategy as code in the browser: import a YAML document or an OKR spreadsheet (preview, then
all or nothing), and download the whole strategy as YAML — what ``pom import`` / ``pom export``
and the API do."""

from __future__ import annotations

from django.http import HttpResponse
from django.utils import timezone

from pom.core import web
from pom.core.web import PomRequest, member_view
from pom.strategy import transfer
from pom.strategy.forms import ImportForm
from pom.strategy.transfer.okr_csv import OKR_COLUMNS


@member_view("strategy.manage")
def import_page(request: PomRequest) -> HttpResponse:
    return web.import_page(
        request,
        ImportForm(request.POST or None, request.FILES or None),
        lambda data, apply: transfer.import_file(
            request.membership,
            data["content"],
            data["kind"],
            apply=apply,
            allow_warnings=data["allow_warnings"],
            replace=data["replace"],
        ),
        template="strategy/import.html",
        context={
            "active": "strategy",
            "okr_columns": ", ".join(names[0] for names in OKR_COLUMNS.values()),
        },
        done="strategy:index",
    )


@member_view("strategy.view")
def export(request: PomRequest) -> HttpResponse:
    body = transfer.export_for_cli(request.membership)
    return web.attachment(
        body, f"strategy-{timezone.localdate().isoformat()}.yaml", "application/yaml"
    )
