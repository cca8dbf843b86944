"""The opportunity solution tree of an outcome, and adding opportunities to it."""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from typing import Any

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from pom.core.lookup import get_for_member, scoped
from pom.core.permissions import can
from pom.core.web import PomRequest, act, member_view, render_page
from pom.discovery import canvas, forms, queries, services
from pom.discovery.models import Opportunity, Stage
from pom.discovery.tree import Node
from pom.strategy.models import Outcome

# Collapsed branches travel in the query string as short keys ("o12,s5"); a bound keeps the
# parse cheap whatever is sent.
SHORT = {"o": "opportunity", "s": "solution", "root": "outcome"}
MAX_CLOSED = 5000


def _outcome(request: PomRequest, pk: int) -> Outcome:
    return get_for_member(Outcome, request, pk=pk, select_related=["owner_team"])


def collapsed_keys(params: Mapping[str, str], root: Node) -> set[str]:
    """Which branches are closed: ``closed`` lists them ("o12,s5"; empty: all open), ``depth=N``
    closes every branch from level N down, and with neither a big tree opens two levels deep."""
    keys = canvas.all_keys(root)
    if "closed" in params:
        wanted = set()
        for part in params["closed"].split(",")[:MAX_CLOSED]:
            token = part.strip()
            if token == "root":  # noqa: S105 (a tree key, not a password)
                wanted.add(canvas.node_key(root))
            elif token[:1] in SHORT and token[1:].isdigit():
                wanted.add(f"{SHORT[token[:1]]}-{int(token[1:])}")
        return wanted & keys
    if params.get("depth", "").isdigit():
        return canvas.closed_below(root, int(params["depth"]))
    return canvas.default_collapsed(root)


def _href(box: canvas.Box) -> str:
    """Where a box leads without the script: a panel's page, the test's page, the outcome."""
    if box.kind == "opportunity":
        return reverse("discovery:opportunity_panel", args=[box.id])
    if box.kind == "solution":
        return reverse("discovery:solution_panel", args=[box.id])
    if box.kind == "test":
        return str(box.data.get("url") or reverse("experiments:test", args=[box.id]))
    return reverse("strategy:outcome", args=[box.id])


def _short(key: str) -> str:
    kind, _, pk = key.partition("-")
    return "root" if kind == "outcome" else f"{kind[0]}{pk}"


def _canvas_context(request: PomRequest, outcome: Outcome) -> dict[str, Any]:
    root = queries.outcome_tree(request.membership, outcome)
    closed = collapsed_keys(request.GET, root)
    drawing = canvas.layout(root, closed)
    return {
        "outcome": outcome,
        "layout": drawing,
        "boxes": [(box, _href(box)) for box in drawing.boxes],
        "closed": ",".join(sorted(_short(key) for key in closed)),
        "tree_json": root.as_dict(),
        "kinds": Counter(canvas.kinds(root)),
        "node_count": root.count() - 1,
    }


@member_view("discovery.view")
def tree(request: PomRequest, pk: int) -> HttpResponse:
    actor = request.membership
    outcome = _outcome(request, pk)
    owner = outcome.owner_team
    editable = can(actor, "discovery.edit", owner) if owner else can(actor, "discovery.edit")
    parents = list(scoped(Opportunity, actor).filter(outcome=outcome).order_by("title"))
    context = {
        **_canvas_context(request, outcome),
        "active": "discovery",
        "can_edit": editable,
        "new_form": forms.NewOpportunityForm(parents=parents),
        "stages": [(s.value, s.label, canvas.STAGE_COLOURS[s.value]) for s in Stage],
        "test_states": TEST_STATES,
        "api_tree": f"/api/v1/discovery/outcomes/{outcome.pk}/tree",
    }
    return render_page(request, "discovery/tree.html", context)


# The legend of the fourth level: each state's colours and the words the box shows.
TEST_STATES = [
    (canvas.TEST_PAINT[tone], words)
    for tone, words in (
        ("planned", "Test planned"),
        ("running", "Running"),
        ("overdue", "Running past its end"),
        ("supported", "Supported"),
        ("refuted", "Refuted"),
        ("inconclusive", "Inconclusive"),
    )
]


@member_view("discovery.view")
def tree_canvas(request: PomRequest, pk: int) -> HttpResponse:
    """The drawing alone, laid out again with other branches open or closed (the script asks)."""
    outcome = _outcome(request, pk)
    return render(request, "discovery/partials/_canvas.html", _canvas_context(request, outcome))


@member_view("discovery.view")
@require_POST
def opportunity_create(request: PomRequest, pk: int) -> HttpResponse:
    outcome = _outcome(request, pk)
    parents = list(scoped(Opportunity, request).filter(outcome=outcome))
    form = forms.NewOpportunityForm(request.POST, parents=parents)
    target = reverse("discovery:tree", args=[outcome.pk])
    if not form.is_valid():
        messages.error(request, "Give the opportunity a title.")
        return redirect(target)
    return act(
        request,
        lambda: services.create_opportunity(
            request.membership,
            outcome=outcome,
            team=outcome.owner_team_id,
            parent=form.cleaned_data["parent"],
            title=form.cleaned_data["title"],
        ),
        f"Added “{form.cleaned_data['title']}”.",
        target,
    )
