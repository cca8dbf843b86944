"""Webhook endpoints pipelines post to: /api/v1/delivery/hooks/<token>/…

They do not use pom's sign-in: the token in the URL names the source and the request must carry
that source's signature (see ``ingest.signatures``), else 401 and nothing is stored. Each request
is all-or-nothing; every signed request is logged as a delivery (stored, ignored or rejected with
its error) on the source's setup page.
"""
# No "from __future__ import annotations" here: Django Ninja reads the annotations at run time.

import json
from collections.abc import Callable
from typing import Any

from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.utils import timezone
from ninja import Router, Schema
from ninja.errors import HttpError

from pom.core.api import ErrorOut
from pom.delivery.ingest import generic, github, gitlab, signatures
from pom.delivery.models import DeliveryStatus, IngestSource, IngestSourceKind, WebhookDelivery
from pom.delivery.services import records

router = Router(tags=["delivery webhooks"], auth=None)
ERRORS: dict[int, Any] = {400: ErrorOut, 401: ErrorOut, 413: ErrorOut}
CHECKS = {
    IngestSourceKind.WEBHOOK: signatures.generic_ok,
    IngestSourceKind.GITHUB: signatures.github_ok,
    IngestSourceKind.GITLAB: signatures.gitlab_ok,
}


class WebhookDeliveryOut(Schema):
    status: str
    created: int
    updated: int
    ignored: int
    message: str


def _signed(request: HttpRequest, token: str, kind: str) -> IngestSource:
    source = IngestSource.objects.unscoped().filter(token=token).first()
    if source is None or not CHECKS[IngestSourceKind(source.kind)](request, source.secret):
        raise HttpError(401, "Unknown webhook URL, or the request is not signed with its secret.")
    if source.kind != kind:
        raise HttpError(
            400, f"This URL belongs to a {source.get_kind_display()} source; use its own endpoint."
        )
    return source


def _log(
    source: IngestSource, event: str, request: HttpRequest, status: str, message: str, stored: int
) -> None:
    WebhookDelivery.objects.create(
        organization_id=source.organization_id,
        source=source,
        event=event[:80],
        delivery_id=request.headers.get(
            "X-GitHub-Delivery", request.headers.get("X-Gitlab-Event-UUID", "")
        )[:100],
        status=status,
        message=message[:2000],
        stored=stored,
    )
    IngestSource.objects.for_org(source.organization_id).filter(pk=source.pk).update(
        last_delivery_at=timezone.now()
    )


def _receive(
    request: HttpRequest,
    token: str,
    kind: str,
    event: str,
    handle: Callable[[IngestSource, Any], tuple[records.Stored, str]],
) -> WebhookDeliveryOut:
    source = _signed(request, token, kind)
    try:
        try:
            body = json.loads(request.body or b"null")
        except (ValueError, UnicodeDecodeError):
            raise ValidationError({"body": "The request body is not valid JSON."}) from None
        done, note = handle(source, body)
    except ValidationError as exc:
        said = (
            "; ".join(f"{k}: {' '.join(v)}" for k, v in exc.message_dict.items())
            if hasattr(exc, "error_dict")
            else " ".join(exc.messages)
        )
        _log(source, event, request, DeliveryStatus.REJECTED, said, 0)
        raise
    status = DeliveryStatus.STORED if done.stored else DeliveryStatus.IGNORED
    message = note or (
        f"{done.created} new, {done.updated} updated." if done.stored else "Nothing to store."
    )
    _log(source, event, request, status, message, done.stored)
    return WebhookDeliveryOut(
        status=status,
        created=done.created,
        updated=done.updated,
        ignored=done.ignored,
        message=message,
    )


# --- Generic (DevLake-shaped) ------------------------------------------------------------------


@router.post(
    "/{token}/deployments",
    response={200: WebhookDeliveryOut, **ERRORS},
    summary="Post deployments (DevLake's webhook body)",
)
def post_deployments(request: HttpRequest, token: str) -> Any:
    return _receive(
        request,
        token,
        IngestSourceKind.WEBHOOK,
        "deployments",
        lambda s, b: (records.store_deployments(s, generic.deployments(b)), ""),
    )


@router.post(
    "/{token}/changes",
    response={200: WebhookDeliveryOut, **ERRORS},
    summary="Post merged changes (commits or pull requests)",
)
def post_changes(request: HttpRequest, token: str) -> Any:
    return _receive(
        request,
        token,
        IngestSourceKind.WEBHOOK,
        "changes",
        lambda s, b: (records.store_changes(s, generic.changes(b)), ""),
    )


def _issues(source: IngestSource, body: Any) -> tuple[records.Stored, str]:
    found, skipped = generic.incidents(body)
    done = records.store_incidents(source, found) if found else records.Stored()
    done.ignored = skipped
    return (
        done,
        f"{skipped} issue(s) that are not incidents left out." if skipped and not found else "",
    )


@router.post(
    "/{token}/issues",
    response={200: WebhookDeliveryOut, **ERRORS},
    summary="Post issues; INCIDENT ones are stored (DevLake's body)",
)
def post_issues(request: HttpRequest, token: str) -> Any:
    return _receive(request, token, IngestSourceKind.WEBHOOK, "issues", _issues)


def _close(key: str) -> Callable[[IngestSource, Any], tuple[records.Stored, str]]:
    def handle(source: IngestSource, body: Any) -> tuple[records.Stored, str]:
        when = body.get("resolutionDate") if isinstance(body, dict) else None
        records.close_incident(source, key, when)
        return records.Stored(updated=1), f"Incident {key} resolved."

    return handle


@router.post(
    "/{token}/issues/{issue_key}/close",
    response={200: WebhookDeliveryOut, **ERRORS},
    summary="Resolve an incident (DevLake's close endpoint)",
)
def close_issue(request: HttpRequest, token: str, issue_key: str) -> Any:
    return _receive(request, token, IngestSourceKind.WEBHOOK, "issue close", _close(issue_key))


# --- GitHub and GitLab -------------------------------------------------------------------------


def _github(event: str) -> Callable[[IngestSource, Any], tuple[records.Stored, str]]:
    def handle(source: IngestSource, body: Any) -> tuple[records.Stored, str]:
        if not isinstance(body, dict):
            raise ValidationError({"body": "Expected a JSON object."})
        if event == "deployment_status":
            return records.store_deployments(source, github.deployment_status(body)), ""
        if event == "pull_request":
            return records.store_changes(source, github.pull_request(body)), ""
        if event == "issues":
            return records.store_incidents(source, github.issues(body)), ""
        return records.Stored(), "pong" if event == "ping" else f"The {event!r} event is not used."

    return handle


@router.post(
    "/{token}/github",
    response={200: WebhookDeliveryOut, **ERRORS},
    summary="GitHub webhook (X-Hub-Signature-256)",
)
def post_github(request: HttpRequest, token: str) -> Any:
    event = request.headers.get("X-GitHub-Event", "")
    return _receive(request, token, IngestSourceKind.GITHUB, f"github {event}", _github(event))


def _gitlab(event: str) -> Callable[[IngestSource, Any], tuple[records.Stored, str]]:
    def handle(source: IngestSource, body: Any) -> tuple[records.Stored, str]:
        if not isinstance(body, dict):
            raise ValidationError({"body": "Expected a JSON object."})
        kind = body.get("object_kind")
        if kind == "deployment":
            return records.store_deployments(source, gitlab.deployment(body)), ""
        if kind == "merge_request":
            return records.store_changes(source, gitlab.merge_request(body)), ""
        return records.Stored(), f"The {event or kind!r} event is not used."

    return handle


@router.post(
    "/{token}/gitlab",
    response={200: WebhookDeliveryOut, **ERRORS},
    summary="GitLab webhook (X-Gitlab-Token)",
)
def post_gitlab(request: HttpRequest, token: str) -> Any:
    event = request.headers.get("X-Gitlab-Event", "")
    return _receive(request, token, IngestSourceKind.GITLAB, f"gitlab {event}", _gitlab(event))
