"""Notification pages: what I receive (and what was sent to me), the organization's deliveries
with their status and errors, and its chat webhook. Thin: parse, look up, call a service, render."""

from __future__ import annotations

from typing import Any

from django.http import HttpResponse
from django.views.decorators.http import require_POST

from pom.core.lookup import get_for_member
from pom.core.web import PomRequest, act, form_status, member_view, paginate, render_page, save_form
from pom.culture import forms, notifications, queries
from pom.culture.filters import DeliveryParams
from pom.culture.models import Delivery, DeliveryStatus

MY_RECENT = 10


def _render(
    request: PomRequest, template: str, context: dict[str, Any], **kwargs: Any
) -> HttpResponse:
    return render_page(request, template, {"active": "culture", **context}, **kwargs)


@member_view("culture.view")
def preferences(request: PomRequest) -> HttpResponse:
    actor = request.membership
    pref = notifications.preferences_of(actor)
    initial = {name: getattr(pref, name) for name in notifications.PREFERENCES}
    form = forms.PreferencesForm(
        request.POST if request.method == "POST" else None, initial=initial
    )
    if saved := save_form(
        request,
        form,
        lambda data: notifications.set_preferences(actor, **data),
        success="Saved: you receive what you chose.",
        to="culture:preferences",
    ):
        return saved
    context = {
        "form": form,
        "mine": list(queries.deliveries_for(actor, mine=True)[:MY_RECENT]),
    }
    return _render(request, "culture/preferences.html", context, status=form_status(request, form))


@member_view("culture.notifications")
def deliveries(request: PomRequest) -> HttpResponse:
    params = DeliveryParams.from_request(request).values
    qs = queries.deliveries_for(
        request.membership,
        status=params["status"],
        kind=params["kind"],
        channel=params["channel"],
    )
    context = {
        "page": paginate(request, qs),
        "filters": params,
        "statuses": DeliveryStatus.choices,
        "settings": notifications.settings_of(request.membership.organization_id),
    }
    return _render(request, "culture/deliveries.html", context)


@require_POST
@member_view("culture.notifications")
def delivery_retry(request: PomRequest, pk: int) -> HttpResponse:
    delivery = get_for_member(Delivery, request, pk=pk)
    return act(
        request,
        lambda: notifications.retry(request.membership, delivery),
        "Handed to the worker again.",
        "culture:deliveries",
    )


@member_view("culture.notifications")
def webhook(request: PomRequest) -> HttpResponse:
    actor = request.membership
    found = notifications.settings_of(actor.organization_id)
    initial = {"kind": found.webhook_kind, "enabled": found.enabled} if found else {}
    form = forms.WebhookForm(request.POST if request.method == "POST" else None, initial=initial)
    if saved := save_form(
        request,
        form,
        lambda data: notifications.set_webhook(actor, **data),
        success="Webhook saved. Send a test message to see it arrive.",
        to="culture:webhook",
    ):
        return saved
    context = {"form": form, "settings": found}
    return _render(request, "culture/webhook.html", context, status=form_status(request, form))


@require_POST
@member_view("culture.notifications")
def webhook_delete(request: PomRequest) -> HttpResponse:
    return act(
        request,
        lambda: notifications.remove_webhook(request.membership),
        "Webhook disconnected; its address is forgotten.",
        "culture:webhook",
    )


@require_POST
@member_view("culture.notifications")
def webhook_test(request: PomRequest) -> HttpResponse:
    return act(
        request,
        lambda: notifications.send_test(request.membership),
        "Test message queued: see it under deliveries.",
        "culture:deliveries",
        back="culture:webhook",
    )
