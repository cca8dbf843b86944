"""Helpers shared by every page: the member-only decorator, full-page-or-partial rendering, paging,
and the one way to handle a form post.

A page view reads like this (netbox's ``ObjectEditView.post`` as a function)::

    form = CycleForm(request.POST or None)
    if saved := save_form(
        request, form, lambda data: services.create_cycle(actor, **data),
        success=lambda cycle: f"Cycle {cycle.name} created.",
        to=lambda cycle: reverse("strategy:cycle", args=[cycle.pk]),
    ):
        return saved
    return render_page(request, "strategy/cycles.html", {...}, status=form_status(request, form))

and a one-button action (delete, move, withdraw) like this::

    return act(request, lambda: services.delete_bet(actor, bet), "Bet deleted.", "strategy:index")
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from functools import wraps
from typing import Any, TypeVar

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import ValidationError
from django.core.paginator import Page, Paginator
from django.db.models import QuerySet
from django.forms import BaseForm
from django.forms.utils import ErrorDict
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render, resolve_url
from django_htmx.http import HttpResponseClientRedirect, trigger_client_event

from pom.accounts.models import Membership, Organization, User
from pom.core import pickers
from pom.core.permissions import can, require

View = Callable[..., HttpResponse]
T = TypeVar("T")
# Where to go after a success: a URL, a URL name, or a model with get_absolute_url().
Target = Any


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


def renderer(active: str) -> Callable[..., HttpResponse]:
    """``render_page`` for one pillar's pages, with ``active`` (the main navigation's pillar)."""

    def render(
        request: HttpRequest, template: str, context: dict[str, Any], **kwargs: Any
    ) -> HttpResponse:
        return render_page(request, template, {"active": active, **context}, **kwargs)

    return render


class Capped:
    """A list whose count stops at ``cap + 1`` rows: paging works, and counting a filter that
    half of a hundred thousand rows match costs no more than counting a rare one (the database
    stops at the cap). A page says "more than {cap}" when ``paginator.count > cap``; only the
    first ``cap + 1`` rows can be paged to, newest first in the lists that use it."""

    ordered = True

    def __init__(self, queryset: QuerySet[Any], cap: int) -> None:
        self.queryset = queryset
        self.cap = cap

    def all(self) -> Capped:
        return self

    def count(self) -> int:
        return self.queryset[: self.cap + 1].count()

    def __getitem__(self, key: Any) -> Any:
        return self.queryset[key]

    def __iter__(self) -> Any:
        return iter(self.queryset[: self.cap + 1])

    def __len__(self) -> int:
        return self.count()


def paginate(
    request: HttpRequest,
    queryset: QuerySet[Any] | Sequence[Any] | Capped,
    per_page: int | None = None,
    param: str = "page",
) -> Page[Any]:
    """The page of ``queryset`` (or of a list computed in Python, e.g. a ranking) that ``?page=``
    asks for (the last one when it is past the end); ``param`` names a second list's pager."""
    paginator = Paginator(queryset, per_page or settings.POM_UI_PAGE_SIZE)
    return paginator.get_page(request.GET.get(param))


def apply_errors(form: BaseForm, error: ValidationError) -> None:
    """Show a service's ``ValidationError`` on the form, under the field it names when the form has it."""
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            for e in errors:
                form.add_error(field if field in form.fields else None, e)
    else:
        form.add_error(None, error)


def is_htmx(request: HttpRequest) -> bool:
    """Whether htmx sent the request (django-htmx's ``request.htmx``, absent outside the middleware)."""
    return bool(getattr(request, "htmx", False))


def redirect_to(request: HttpRequest, to: Target) -> HttpResponse:
    """After a success: a redirect, or for htmx a client-side redirect (htmx swaps only 2xx)."""
    if is_htmx(request):
        return HttpResponseClientRedirect(resolve_url(to))
    return redirect(to)


def _picking(request: HttpRequest) -> bool:
    return request.method == "POST" and bool(request.POST.get("pick"))


def form_status(
    request: HttpRequest, form: BaseForm | None = None, *, failed: bool | None = None
) -> int:
    """400 for a rejected form, except for htmx, which swaps only 2xx responses (so: 200)."""
    if failed is None and _picking(request):
        return 200  # a picker's "Find" without JavaScript: nothing was refused
    bad = bool(form is not None and form.errors) if failed is None else failed
    return 400 if bad and not is_htmx(request) else 200


F = TypeVar("F", bound=BaseForm)


def form_for(
    request: PomRequest, permission: str, form_class: Callable[..., F], **kwargs: Any
) -> F | None:
    """The page's form, bound to a POST, for a member who may ``permission``; ``None`` for others.

    A page that everyone may read but only some may change (a wave, a blocker, a cycle list)
    offers its form to those who may change it. A POST from anyone else is refused (403) before
    the form is read. ``kwargs`` go to the form (``initial``, ``prefix``…).
    """
    if request.method == "POST":
        require(request.membership, permission)
    elif not can(request.membership, permission):
        return None
    return form_class(request.POST or None, **kwargs)


def save_form(
    request: HttpRequest,
    form: BaseForm | None,
    save: Callable[[dict[str, Any]], T],
    *,
    success: str | Callable[[T], str],
    to: Target | Callable[[T], Target],
    refused: Callable[[ValidationError], Any] | None = None,
) -> HttpResponse | None:
    """Run a posted, valid form through ``save``; the response to send, or ``None`` to show the form.

    ``save`` gets ``form.cleaned_data`` and calls the service. A ``ValidationError`` it raises
    lands on the form, under the field it names (``apply_errors``) and ``None`` comes back, so
    the view renders the form again with ``status=form_status(request, form)``. On success the
    ``success`` message is flashed and the member is sent ``to`` the target (each may be a
    function of what ``save`` returned); htmx gets a client-side redirect. A ``to`` that gives
    a response (a panel swapped in place) is sent as it is. ``refused``, if given, is called
    with the service's ``ValidationError`` after it lands on the form, for a view that shows what
    the refusal carries (an outcome's linter findings). An unbound form (a GET) returns ``None``
    without validating, and so does no form at all (``form_for`` gave none). Neither does a
    picker's "Find" without JavaScript (``core.pickers``): the form comes back with its matches
    and no errors.
    """
    if form is not None and form.is_bound and _picking(request):
        form._errors = ErrorDict()  # type: ignore[attr-defined] # searched, not submitted: no field is wrong yet
        return None
    if form is None or request.method != "POST" or not form.is_bound or not form.is_valid():
        return None
    try:
        result = save(form.cleaned_data)
    except ValidationError as exc:
        apply_errors(form, exc)
        if refused is not None:
            refused(exc)
        return None
    messages.success(request, success(result) if callable(success) else success)
    target = to(result) if callable(to) else to
    return target if isinstance(target, HttpResponse) else redirect_to(request, target)


def act(
    request: HttpRequest,
    action: Callable[[], Any],
    success: str,
    to: Target,
    *,
    form: BaseForm | None = None,
    invalid: str | None = None,
    back: Target | None = None,
) -> HttpResponse:
    """A one-button action: run it, flash ``success`` or the refusal, and redirect ``to`` the target.

    With ``form``, an invalid form is refused before ``action`` runs, with the ``invalid``
    message (or the form's own errors). A ``ValidationError`` from the service becomes an error
    message, and the redirect goes ``back`` when given (a refused delete stays on the object);
    nothing else is caught.
    """
    if _picking(request):  # a picker's "Find" without JavaScript: back to the page, searching
        return redirect(pickers.search_url(request, resolve_url(back if back is not None else to)))
    if form is not None and not form.is_valid():
        messages.error(request, invalid or error_text(form))
        return redirect(to)
    try:
        action()
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect(back if back is not None else to)
    messages.success(request, success)
    return redirect(to)


def json_or_flash(
    request: HttpRequest, action: Callable[[], Any], success: str
) -> HttpResponse | None:
    """An action posted by a script (``Accept: application/json``) or by a plain form.

    The script gets the message as JSON (400 when the service refused, with its reason); the
    form's message is flashed and ``None`` returned, for the caller to redirect.
    """
    wants_json = request.headers.get("accept", "").startswith("application/json")
    try:
        action()
    except ValidationError as exc:
        if wants_json:
            return JsonResponse({"message": " ".join(exc.messages)}, status=400)
        messages.error(request, " ".join(exc.messages))
        return None
    if wants_json:
        return JsonResponse({"message": success})
    messages.success(request, success)
    return None


def attachment(body: str | bytes, filename: str, content_type: str) -> HttpResponse:
    """A download: ``body`` as the file ``filename`` (UTF-8 text of ``content_type``)."""
    response = HttpResponse(body, content_type=f"{content_type}; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def error_text(form: BaseForm) -> str:
    """A form's errors in one line, each after the field it is about ("start: Enter a date.")."""
    return "; ".join(
        f"{name}: {' '.join(str(e) for e in errors)}"
        if name != "__all__"
        else " ".join(str(e) for e in errors)
        for name, errors in form.errors.items()
    )


def trigger(event: str, params: dict[str, Any] | None = None, status: int = 204) -> HttpResponse:
    """An empty htmx response that fires ``event`` on the page (``HX-Trigger``) with ``params``."""
    return trigger_client_event(HttpResponse(status=status), event, params or {})


# --- Import pages -------------------------------------------------------------------------------

IMPORT_REPORT = "core/partials/_import_report.html"


def import_page(
    request: HttpRequest,
    form: Any,
    run: Callable[[dict[str, Any], bool], Any],
    *,
    template: str,
    context: dict[str, Any],
    done: Callable[[dict[str, Any]], Target] | Target,
) -> HttpResponse:
    """An import page: preview on the first post, apply on the second, all or nothing.

    ``form`` is a bound or unbound ``core.forms.DocumentForm``; ``run(cleaned_data, apply)``
    returns the ``core.imports.Report``. A preview shows the report (htmx swaps only it in), with
    the form's other choices carried as hidden fields to the apply button; an applied import
    flashes what changed and goes to ``done`` (a target, or a function of the form's data).
    """
    report = None
    data: dict[str, Any] = {}
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        report = run(data, request.POST.get("action") == "apply")
        if report.applied:
            messages.success(request, f"Imported: {len(report.changes)} change(s) applied.")
            return redirect_to(request, done(data) if callable(done) else done)
    text_field = getattr(form, "text_field", "content")
    context = {
        **context,
        "form": form,
        "report": report,
        "content": data.get(text_field, ""),
        "carry": [
            (name, "on" if value is True else value)
            for name, value in data.items()
            if name not in ("file", "filename", text_field) and value not in (None, False, "")
        ],
    }
    status = form_status(request, failed=bool(form.errors or (report and report.problems)))
    return render_page(request, template, context, partial=IMPORT_REPORT, status=status)
