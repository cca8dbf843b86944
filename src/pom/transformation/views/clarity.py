"""The clarity pulse pages: the pulses and the form to send one, a pulse's report, and the
answer page people reach through their emailed link (no sign-in)."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render as render_plain
from django.views.decorators.http import require_POST

from pom.core.lookup import get_for_member
from pom.core.permissions import can
from pom.core.validation import today
from pom.core.web import (
    PomRequest,
    act,
    apply_errors,
    form_for,
    form_status,
    member_view,
    paginate,
    save_form,
)
from pom.transformation import pulse_report, queries
from pom.transformation.forms import AnswerForm, PulseForm
from pom.transformation.models import CLARITY_QUESTIONS, MIN_GROUP_NOTE, ClarityPulse
from pom.transformation.services import clarity as services
from pom.transformation.views.common import render

MANAGE = "transformation.manage"


@member_view("transformation.view")
def index(request: PomRequest) -> HttpResponse:
    actor = request.membership
    form = form_for(request, MANAGE, PulseForm, actor=actor)
    if saved := save_form(
        request,
        form,
        lambda d: services.create_pulse(actor, **d),
        success=lambda p: (
            f"Pulse {p.title} created: each person asked gets their own link by email."
        ),
        to=lambda p: p.get_absolute_url(),
    ):
        return saved
    context = {
        "page": paginate(request, queries.pulses(actor)),
        "form": form,
        "today": today(),
        "section": "clarity",
    }
    return render(
        request, "transformation/clarity.html", context, status=form_status(request, form)
    )


@member_view("transformation.view")
def pulse(request: PomRequest, pk: int) -> HttpResponse:
    actor = request.membership
    found = get_for_member(ClarityPulse, request, pk=pk)
    context = {
        "pulse": found,
        "report": pulse_report.build(actor, found, today()),
        "teams": list(found.teams.all()[:50]),
        "can_manage": can(actor, MANAGE),
        "questions": CLARITY_QUESTIONS,
        "anonymity": MIN_GROUP_NOTE,
        "section": "clarity",
    }
    return render(request, "transformation/pulse.html", context)


@require_POST
@member_view(MANAGE)
def close(request: PomRequest, pk: int) -> HttpResponse:
    found = get_for_member(ClarityPulse, request, pk=pk)
    return act(
        request,
        lambda: services.close_pulse(request.membership, found),
        f"Pulse {found.title} closed: no more answers are taken.",
        found.get_absolute_url(),
    )


ANSWER = "transformation/pulse_answer.html"


def answer(request: HttpRequest, pulse_id: int, token: str) -> HttpResponse:
    """The answer page of one person's link: the questions, or why the link cannot be used."""
    try:
        invite = services.invite_for_link(pulse_id, token)
    except services.LinkRefused as refused:
        return render_plain(request, ANSWER, {"refused": refused.reason}, status=400)
    found = invite.pulse
    form = AnswerForm(request.POST or None)
    context = {
        "pulse": found,
        "organization_name": found.organization.name,
        "form": form,
        "questions": CLARITY_QUESTIONS,
        "anonymity": MIN_GROUP_NOTE,
    }
    if request.method == "POST" and form.is_valid():
        try:
            services.answer_pulse(
                pulse_id,
                token,
                priorities=form.priorities(),
                contribution=form.cleaned_data["contribution"],
            )
        except services.LinkRefused as refused:
            return render_plain(request, ANSWER, {"refused": refused.reason}, status=400)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            return render_plain(request, ANSWER, {**context, "thanks": True})
    status = 400 if request.method == "POST" else 200
    return render_plain(request, ANSWER, context, status=status)
