"""Request middleware: the organization the signed-in user works in, the security headers every
response carries, and the bench query counter."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.db import connection
from django.http import HttpRequest, HttpResponse

from pom.core import audit
from pom.core.tenancy import memberships_of, pick_membership

SESSION_KEY = "pom_org_id"


class TenantMiddleware:
    """Sets ``request.membership``, ``request.organization`` (or ``None``) and the audit actor."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = request.user
        memberships = memberships_of(user) if user.is_authenticated else []
        membership = (
            pick_membership(user, memberships, request.session.get(SESSION_KEY))
            if memberships
            else None
        )
        request.memberships = memberships  # type: ignore[attr-defined]
        request.membership = membership  # type: ignore[attr-defined]
        request.organization = membership.organization if membership else None  # type: ignore[attr-defined]
        token = audit.set_actor(user if user.is_authenticated else None)
        try:
            return self.get_response(request)
        finally:
            audit.reset_actor(token)


class SecurityHeadersMiddleware:
    """``Content-Security-Policy`` and ``Permissions-Policy`` on every response.

    The policy allows scripts and styles from pom's own static files only: no inline script, no
    ``on*=`` handler, no ``style=`` attribute, nothing from another origin. Behaviour lives in
    ``static/`` (``pom.js`` handles ``data-confirm``, ``data-autosubmit``, ``data-print``).
    Both headers come from settings (``POM_CONTENT_SECURITY_POLICY``, ``POM_PERMISSIONS_POLICY``).
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response
        self.headers = {
            "Content-Security-Policy": settings.POM_CONTENT_SECURITY_POLICY,
            "Permissions-Policy": settings.POM_PERMISSIONS_POLICY,
        }

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        for name, value in self.headers.items():
            if value and name not in response:
                response[name] = value
        return response


class QueryCountHeaderMiddleware:
    """Reports how many SQL queries a request ran in an ``X-Pom-Queries`` header, for ``bench/``.

    Installed only when ``POM_BENCH_QUERY_COUNT=1``; it counts through a database execute wrapper,
    so it works with DEBUG off and costs nothing measurable.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        count = 0

        def counter(execute: Callable[..., Any], *args: Any) -> Any:
            nonlocal count
            count += 1
            return execute(*args)

        with connection.execute_wrapper(counter):
            response = self.get_response(request)
        response["X-Pom-Queries"] = str(count)
        return response
