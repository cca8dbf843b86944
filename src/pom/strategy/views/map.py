"""The strategy map: vision, bets, outcomes and the teams committed to them."""

from __future__ import annotations

from django.http import HttpResponse

from pom.core.web import PomRequest, member_view, render_page
from pom.strategy import queries
from pom.strategy.filters import MapParams
from pom.strategy.models import ProductVision
from pom.strategy.views.common import _ctx


@member_view("strategy.view")
def strategy_map(request: PomRequest) -> HttpResponse:
    org_id = request.membership.organization_id
    params = MapParams.from_request(request).values
    smap = queries.strategy_map(
        org_id,
        bet_id=params["bet"] if params["bet"] != "" else None,
        focus_id=params["focus"] if params["focus"] != "" else None,
        full=params["full"] is True,
    )
    context = _ctx(
        request,
        smap=smap,
        vision=ProductVision.objects.for_org(org_id).first(),
        bet_filter=str(params["bet"]),
        all_bets=list(queries.active_bets(org_id)),
        today=queries.today(),
    )
    return render_page(request, "strategy/map.html", context)
