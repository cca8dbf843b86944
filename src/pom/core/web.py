"""Helpers shared by every page: the member-only decorator, full-page-or-partial rendering, paging."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import ValidationError
from django.core.paginator import Page, Paginator
from django.db.models import QuerySet
from django.forms import Form
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from pom.accounts.models import Membership, Organization, User
from pom.core.permissions import require

View = Callable[..., HttpResponse]


class PomRequest(HttpRequest):
    """A request after ``TenantMiddleware``: who is acting, in which organization.

    ``membership`` is ``None`` only for visitors with no organization; views behind
    ``member_view`` can rely on it being set.
    """

    user: User  # type: ignore[assignment]
    membership: Membership
    organization: Organization
    memberships: list[Membership]
    htmx: Any


def member_view(action: str | None = None) -> Callable[[View], View]:
    """A page for signed-in members of the current organization, optionally needing ``action``.

    Anonymous visitors go to the sign-in page; a user with no organization yet is sent to create
    one; a member whose role lacks ``action`` gets 403 (the object itself is already a 404 if it is
    another organization's).
    """

    def decorator(view: View) -> View:
        @wraps(view)
        def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            if getattr(request, "membership", None) is None:
                messages.info(
                    request, "Create an organization to get started, or ask for an invitation."
                )
                return redirect("accounts:organization_create")
            if action:
                require(request.membership, action)  # type: ignore[attr-defined]
            return view(request, *args, **kwargs)

        return wrapper

    return decorator


def render_page(
    request: HttpRequest,
    template: str,
    context: dict[str, Any],
    *,
    partial: str | None = None,
    status: int = 200,
) -> HttpResponse:
    """Render the whole page, or only ``partial`` when htmx asks for a fragment of it."""
    htmx = getattr(request, "htmx", None)
    if partial and htmx and not htmx.boosted:
        return render(request, partial, context, status=status)
    return render(request, template, context, status=status)


def paginate(
    request: HttpRequest, queryset: QuerySet[Any], per_page: int | None = None
) -> Page[Any]:
    paginator = Paginator(queryset, per_page or settings.POM_UI_PAGE_SIZE)
    return paginator.get_page(request.GET.get("page"))


def apply_errors(form: Form, error: ValidationError) -> None:
    """Show a service's ``ValidationError`` on the form, under the field it names when the form has it."""
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            for e in errors:
                form.add_error(field if field in form.fields else None, e)
    else:
        form.add_error(None, error)
