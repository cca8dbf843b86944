"""What every API router shares: authentication, the error format, pagination and scoping helpers.

Errors always come back as ``{"message": "...", "errors": [{"field": "...", "message": "..."}]}``.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable, Sequence
from typing import Annotated, Any, overload

from django.conf import settings
from django.core.exceptions import PermissionDenied, RequestDataTooBig
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.views.decorators.csrf import csrf_exempt
from ninja import NinjaAPI, Schema
from ninja.errors import AuthenticationError, HttpError
from ninja.errors import ValidationError as NinjaValidationError
from ninja.pagination import PageNumberPagination
from ninja.parser import Parser
from ninja.security import HttpBearer, SessionAuth
from pydantic import ConfigDict, Field, field_validator
from pydantic_core import PydanticCustomError

from pom.accounts.models import Membership
from pom.core import audit
from pom.core.lookup import acting_member
from pom.core.permissions import require
from pom.core.validation import MAX_ID, MAX_IDS, is_conflict

logger = logging.getLogger(__name__)


# C0 control characters and DEL, except tab, line feed and carriage return. Forms refuse NUL;
# the API refuses these too, in every text of every body, however deeply nested.
CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def _has_control_characters(value: Any) -> bool:
    if isinstance(value, str):
        return CONTROL_CHARACTERS.search(value) is not None
    if isinstance(value, dict):
        return any(
            _has_control_characters(k) or _has_control_characters(v) for k, v in value.items()
        )
    if isinstance(value, list | tuple):
        return any(_has_control_characters(v) for v in value)
    return False


class InputSchema(Schema):
    """Base for request bodies: unknown fields are an error, not silently dropped, and text with
    control characters (NUL and the like) is refused naming the field."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    @field_validator("*", mode="before")
    @classmethod
    def _no_control_characters(cls, value: Any) -> Any:
        if _has_control_characters(value):
            raise PydanticCustomError(
                "control_characters",
                "Remove the control characters (such as NUL): text may hold tabs and line breaks, "
                "nothing else below a space.",
            )
        return value


# --- Request bodies ---------------------------------------------------------------------------


class UnsupportedMediaType(Exception):
    """A body sent to a JSON operation without a JSON content type."""


def is_json(content_type: str) -> bool:
    """``application/json`` and its structured-syntax relatives (``application/merge-patch+json``)."""
    kind = content_type.split(";", 1)[0].strip().lower()
    return kind == "application/json" or (
        kind.startswith("application/") and kind.endswith("+json")
    )


class JsonParser(Parser):
    """Reads a JSON body only when the client says it is JSON: a form post or plain text sent to a
    JSON operation is a 415, not parsed by guess (that guess is what cross-site form posts use)."""

    def parse_body(self, request: HttpRequest) -> dict[str, Any]:
        if not is_json(request.content_type or ""):
            raise UnsupportedMediaType(request.content_type)
        return super().parse_body(request)


@csrf_exempt
def unknown_route(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
    """Any ``/api/v1/`` path no operation answers: a JSON 404 like every other API error.

    Exempt from the CSRF check like every API operation: it changes nothing, and a token client's
    ``DELETE`` to a mistyped path (``/teams/abc``) must get this 404, not Django's HTML 403."""
    return JsonResponse(
        {"message": f"No API operation at {request.path}; see /api/v1/docs.", "errors": []},
        status=404,
    )


# An id the API reads (a path parameter, a filter, a field of a body): a whole number from 1 to
# MAX_ID, the database's largest integer. A larger one would overflow SQLite ("Python int too
# large") instead of answering; it is a 422 naming the field like any other out-of-range value.
Id = Annotated[int, Field(ge=1, le=MAX_ID)]
# A list of ids in a body: at most MAX_IDS of them.
IdList = Annotated[list[Id], Field(max_length=MAX_IDS)]


class FieldError(Schema):
    field: str
    message: str


class ErrorOut(Schema):
    message: str
    errors: list[FieldError] = []


# --- Authentication ---------------------------------------------------------------------------


class TokenAuth(HttpBearer):
    """``Authorization: Bearer pom_…``: a personal token, acting in the organization it was made in."""

    openapi_description = "A personal API token, created on the Tokens page. It acts in the organization it was made in."

    def authenticate(self, request: HttpRequest, token: str) -> Any:
        from pom.accounts.services import authenticate_token

        found = authenticate_token(token)
        if found is None:
            raise AuthenticationError(
                401, "This token is not valid: it is unknown, revoked or expired."
            )
        _, membership = found
        request.user = membership.user
        request.membership = membership  # type: ignore[attr-defined]
        request.organization = membership.organization  # type: ignore[attr-defined]
        request.auth_is_token = True  # type: ignore[attr-defined]
        audit.set_actor(membership.user)
        return membership.user


class BrowserSessionAuth(SessionAuth):
    """The signed-in browser session (CSRF-checked on writes), acting in the organization picked in the UI."""

    def authenticate(self, request: HttpRequest, key: str | None) -> Any:
        return request.user if request.user.is_authenticated else None


AUTH = [TokenAuth(), BrowserSessionAuth()]


def member(request: HttpRequest, permission: str | None = None) -> Membership:
    """The membership the request acts through; 403 for a user with no organization yet, or
    without ``permission`` (e.g. ``"strategy.view"``) when one is named."""
    actor = acting_member(request)
    if permission is not None:
        require(actor, permission)
    return actor


# The error answers an endpoint may give, for its ``response=`` map; an app whose services refuse
# a change that conflicts with an object's state (409) uses ``ERRORS_OR_CONFLICT``.
ERRORS: dict[int, Any] = {400: ErrorOut, 401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 422: ErrorOut}
ERRORS_OR_CONFLICT: dict[int, Any] = {**ERRORS, 409: ErrorOut}


# An operation that answers a file (an export) instead of JSON declares ``response={200: None,
# **ERRORS}`` and documents the file's real media types with ``openapi_extra=file_answer(...)``.
YAML_DOCUMENT: dict[str, Any] = {"application/yaml": {"schema": {"type": "object"}}}
CSV_TABLE: dict[str, Any] = {"text/csv": {"schema": {"type": "string"}}}


def file_answer(description: str, *media: dict[str, Any]) -> dict[str, Any]:
    """The OpenAPI of a 200 that is a file in one of ``media`` (e.g. ``YAML_DOCUMENT``)."""
    content = {kind: spec for m in media for kind, spec in m.items()}
    return {"responses": {200: {"description": description, "content": content}}}


# --- Pagination -------------------------------------------------------------------------------


# The last page a list may be asked for. A page past the list's end (up to this) is an empty page
# whose ``count`` and ``pages`` say where the list ends; a page outside 1..MAX_PAGE, or a page size
# outside 1..MAX_PAGE_SIZE, is a 422 naming the field (an absurd page would otherwise overflow the
# database's OFFSET).
MAX_PAGE = 1_000_000
MAX_PAGE_SIZE = 500


class Pagination(PageNumberPagination):
    """``?page=1&page_size=50``; the response carries ``items``, ``count``, ``page`` and ``pages``."""

    class Input(Schema):
        page: int = Field(1, ge=1, le=MAX_PAGE)
        page_size: int | None = Field(None, ge=1, le=MAX_PAGE_SIZE)

    class Output(Schema):
        items: list[Any]
        count: int
        page: int
        pages: int

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(
            page_size=settings.POM_API_PAGE_SIZE, max_page_size=MAX_PAGE_SIZE, **kwargs
        )

    def paginate_queryset(
        self, queryset: QuerySet[Any], pagination: Any, request: HttpRequest, **params: Any
    ) -> Any:
        page_size = self._get_page_size(pagination.page_size)
        offset = (pagination.page - 1) * page_size
        count = self._items_count(queryset)
        return {
            "items": list(queryset[offset : offset + page_size]),
            "count": count,
            "page": pagination.page,
            "pages": max(1, -(-count // page_size)),
        }


class Mapped(Sequence[Any]):
    """A computed list whose rows become response dicts only when a page of them is sliced out.

    ``@paginate(Pagination)`` counts it with ``len`` and slices the one page it returns, so an
    endpoint over a thousand computed rows converts fifty: ``return Mapped(rows, row_out)``.
    """

    def __init__(self, rows: Sequence[Any], convert: Callable[[Any], Any]) -> None:
        self.rows = rows
        self.convert = convert

    def __len__(self) -> int:
        return len(self.rows)

    @overload
    def __getitem__(self, index: int) -> Any: ...
    @overload
    def __getitem__(self, index: slice) -> list[Any]: ...
    def __getitem__(self, index: int | slice) -> Any:
        if isinstance(index, slice):
            return [self.convert(row) for row in self.rows[index]]
        return self.convert(self.rows[index])


# --- Errors -----------------------------------------------------------------------------------


def _error(
    api: NinjaAPI,
    request: HttpRequest,
    status: int,
    message: str,
    errors: list[dict[str, str]] | None = None,
) -> HttpResponse:
    return api.create_response(request, {"message": message, "errors": errors or []}, status=status)


def _field_path(loc: list[Any]) -> str:
    # Ninja reports where a value came from ("body", "query", the parameter name); users want the field.
    parts = [
        str(p)
        for p in loc
        if p not in ("body", "query", "path", "form", "payload", "data", "filters")
    ]
    return ".".join(parts) or "body"


def install_error_handlers(api: NinjaAPI) -> None:
    @api.exception_handler(NinjaValidationError)
    def validation_error(request: HttpRequest, exc: NinjaValidationError) -> HttpResponse:
        errors = [
            {"field": _field_path(list(e.get("loc", []))), "message": e.get("msg", "Invalid value")}
            for e in exc.errors
        ]
        return _error(api, request, 422, "The request has invalid fields.", errors)

    @api.exception_handler(DjangoValidationError)
    def domain_error(request: HttpRequest, exc: DjangoValidationError) -> HttpResponse:
        if hasattr(exc, "error_dict"):
            errors = [
                {"field": f, "message": m} for f, msgs in exc.message_dict.items() for m in msgs
            ]
        else:
            errors = [{"field": "", "message": m} for m in exc.messages]
        message = errors[0]["message"] if len(errors) == 1 else "The request cannot be applied."
        # A rule about the object's state (a locked criterion) is a conflict, not bad input.
        return _error(api, request, 409 if is_conflict(exc) else 400, message, errors)

    @api.exception_handler(HttpError)
    def http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
        if isinstance(exc.__cause__, UnsupportedMediaType):
            return _error(
                api,
                request,
                415,
                "Send the body as JSON, with the header 'Content-Type: application/json'.",
                [
                    {
                        "field": "body",
                        "message": f"Content type {request.content_type!r} is not JSON.",
                    }
                ],
            )
        message = str(exc)
        if exc.status_code == 400 and message.startswith("Cannot parse request body"):
            message = "The request body is not valid JSON."
        if exc.status_code == 401 and message == "Unauthorized":
            message = "Sign in, or send a token as 'Authorization: Bearer <token>'."
        return _error(api, request, exc.status_code, message)

    @api.exception_handler(Http404)
    def not_found(request: HttpRequest, exc: Http404) -> HttpResponse:
        return _error(api, request, 404, str(exc) or "Not found.")

    @api.exception_handler(PermissionDenied)
    def forbidden(request: HttpRequest, exc: PermissionDenied) -> HttpResponse:
        return _error(api, request, 403, str(exc) or "Your role does not allow this.")

    @api.exception_handler(RequestDataTooBig)
    def too_big(request: HttpRequest, exc: RequestDataTooBig) -> HttpResponse:
        limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE
        return _error(
            api, request, 413, f"The request body is larger than the {limit:,} bytes allowed."
        )

    @api.exception_handler(Exception)
    def server_error(request: HttpRequest, exc: Exception) -> HttpResponse:
        logger.exception("Unhandled API error on %s %s", request.method, request.path)
        return _error(api, request, 500, "Something went wrong on our side; it has been logged.")


# --- Imports ----------------------------------------------------------------------------------


class ImportProblemOut(Schema):
    where: str
    field: str
    message: str


class ImportReportOut(Schema):
    """What an import would do (``applied`` false: a preview) or did."""

    kind: str
    applied: bool
    ok: bool
    problems: list[ImportProblemOut]
    changes: list[str]
    notes: list[str]


def import_result(report: Any) -> dict[str, Any]:
    """An import's report for the API; with problems, a 400 naming each row and column instead."""
    if report.problems:
        errors: dict[str, list[str]] = {}
        for p in report.problems:
            key = f"{p.where}: {p.field}" if p.where and p.field else p.where or p.field or "file"
            errors.setdefault(key, []).append(p.message)
        raise DjangoValidationError(errors)
    return dict(report.as_dict())
