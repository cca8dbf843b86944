"""REST endpoints of the culture pillar, mounted at /api/v1/culture/."""
# No "from __future__ import annotations" here: Django Ninja reads the annotations at run time.

from collections.abc import Callable
from typing import Any

from django.http import Http404, HttpRequest
from ninja import Query, Router, Schema, Status
from ninja.errors import HttpError
from ninja.pagination import paginate

from pom.core.api import ERRORS_OR_CONFLICT as ERRORS
from pom.core.api import Id, Pagination, member
from pom.core.lookup import get_for_member
from pom.core.validation import today
from pom.culture import calendar, learnings, notifications, queries, reviews, rituals, services
from pom.culture.markdown import demo_markdown, review_markdown
from pom.culture.models import (
    Channel,
    Delivery,
    DeliveryKind,
    DeliveryStatus,
    Demo,
    DemoStatus,
    Learning,
    LearningSource,
    PortfolioReview,
    RitualCadence,
    RitualKind,
    RitualLog,
)
from pom.culture.schemas import (
    CadenceIn,
    CadencePatch,
    CalendarRowOut,
    DeliveryDetailOut,
    DemoDetailOut,
    DemoIn,
    DemoOut,
    DemoPatch,
    LearningIn,
    LearningOut,
    LearningPatch,
    NotificationDeliveryOut,
    PortfolioReviewIn,
    PortfolioReviewOut,
    PreferencesOut,
    PreferencesPatch,
    RetroIn,
    RetroOut,
    ReviewDetailOut,
    ReviewPatch,
    RitualCadenceOut,
    RitualOut,
    WebhookIn,
    WebhookOut,
)
from pom.teams.queries import my_team_ids

router = Router(tags=["culture"])


def _demo(request: HttpRequest, pk: int) -> Demo:
    return get_for_member(Demo, request, pk=pk, select_related=["team", "held_by"])


def _frozen_is_conflict(change: Callable[[], Any]) -> Any:
    """A held demo is frozen: changing it is a conflict with its state (409), not bad input."""
    try:
        return change()
    except services.DemoFrozen as exc:
        raise HttpError(409, " ".join(exc.messages)) from None


def _detail(request: HttpRequest, demo: Demo) -> Demo:
    """The demo with what it shows (``content``) and the same as Markdown, for ``DemoDetailOut``."""
    content = services.content_of(member(request), demo)
    base = request.build_absolute_uri("/").rstrip("/")
    demo.content = content  # type: ignore[attr-defined]
    demo.markdown = demo_markdown(  # type: ignore[attr-defined]
        demo.title, demo.narrative, content, held=services.held_line(demo), base_url=base
    )
    return demo


class DemoFilter(Schema):
    team_id: Id | None = None
    status: DemoStatus | None = None


@router.get("/demos", response={200: list[DemoOut], **ERRORS}, summary="Demos, newest period first")
@paginate(Pagination)
def list_demos(request: HttpRequest, filters: Query[DemoFilter]) -> Any:
    return queries.demos_for(
        member(request, "culture.view"), team=filters.team_id, status=filters.status
    )


@router.post(
    "/demos",
    response={201: DemoDetailOut, **ERRORS},
    summary="Prepare a team's demo (the period defaults to the time since its last demo)",
)
def create_demo(request: HttpRequest, payload: DemoIn) -> Any:
    data = payload.dict()
    demo = services.create_demo(member(request), team=data.pop("team_id"), **data)
    return Status(201, _detail(request, _demo(request, demo.pk)))


@router.get(
    "/demos/{demo_id}",
    response={200: DemoDetailOut, **ERRORS},
    summary="A demo with its compiled content and Markdown",
)
def get_demo(request: HttpRequest, demo_id: Id) -> Any:
    member(request, "culture.view")
    return _detail(request, _demo(request, demo_id))


@router.patch(
    "/demos/{demo_id}",
    response={200: DemoDetailOut, **ERRORS},
    summary="Change a demo being prepared (409 once held)",
)
def update_demo(request: HttpRequest, demo_id: Id, payload: DemoPatch) -> Any:
    demo = _demo(request, demo_id)
    changes = payload.dict(exclude_unset=True)
    _frozen_is_conflict(lambda: services.update_demo(member(request), demo, **changes))
    return _detail(request, _demo(request, demo_id))


@router.post(
    "/demos/{demo_id}/hold",
    response={200: DemoDetailOut, **ERRORS},
    summary="Mark a demo as held, freezing what it shows (409 if already held)",
)
def hold_demo(request: HttpRequest, demo_id: Id) -> Any:
    demo = _demo(request, demo_id)
    _frozen_is_conflict(lambda: services.hold_demo(member(request), demo))
    return _detail(request, _demo(request, demo_id))


@router.delete(
    "/demos/{demo_id}",
    response={204: None, **ERRORS},
    summary="Delete a demo being prepared (409 once held)",
)
def delete_demo(request: HttpRequest, demo_id: Id) -> Any:
    demo = _demo(request, demo_id)
    _frozen_is_conflict(lambda: services.delete_demo(member(request), demo))
    return Status(204, None)


# --- Portfolio reviews --------------------------------------------------------------------------


def _review(request: HttpRequest, pk: int) -> PortfolioReview:
    return get_for_member(PortfolioReview, request, pk=pk, select_related=["held_by", "previous"])


def _review_detail(request: HttpRequest, review: PortfolioReview) -> PortfolioReview:
    content = reviews.review_content(review)
    review.content = content  # type: ignore[attr-defined]
    review.markdown = review_markdown(  # type: ignore[attr-defined]
        review.title,
        review.notes,
        content,
        held=reviews.held_line(review),
        base_url=request.build_absolute_uri("/").rstrip("/"),
    )
    return review


class ReviewFilter(Schema):
    status: DemoStatus | None = None


@router.get(
    "/reviews",
    response={200: list[PortfolioReviewOut], **ERRORS},
    summary="Portfolio reviews, newest first",
)
@paginate(Pagination)
def list_reviews(request: HttpRequest, filters: Query[ReviewFilter]) -> Any:
    qs = (
        PortfolioReview.objects.for_member(member(request, "culture.view"))
        .defer("snapshot", "notes")
        .order_by("-created_at", "-id")
    )
    return qs.filter(status=filters.status) if filters.status else qs


@router.post(
    "/reviews",
    response={201: ReviewDetailOut, **ERRORS},
    summary="Start a portfolio review as of today, compared with the last one held",
)
def create_review(request: HttpRequest, payload: PortfolioReviewIn) -> Any:
    review = reviews.start_review(member(request), **payload.dict())
    return Status(201, _review_detail(request, _review(request, review.pk)))


@router.get(
    "/reviews/{review_id}",
    response={200: ReviewDetailOut, **ERRORS},
    summary="A portfolio review with its compiled content and Markdown",
)
def get_review(request: HttpRequest, review_id: Id) -> Any:
    member(request, "culture.view")
    return _review_detail(request, _review(request, review_id))


@router.patch(
    "/reviews/{review_id}",
    response={200: ReviewDetailOut, **ERRORS},
    summary="Change a review's title or notes (409 once held)",
)
def update_review(request: HttpRequest, review_id: Id, payload: ReviewPatch) -> Any:
    review = _review(request, review_id)
    changes = payload.dict(exclude_unset=True)
    _frozen_is_conflict(lambda: reviews.update_review(member(request), review, **changes))
    return _review_detail(request, _review(request, review_id))


@router.post(
    "/reviews/{review_id}/hold",
    response={200: ReviewDetailOut, **ERRORS},
    summary="Mark a review as held, freezing what it shows (409 if already held)",
)
def hold_review(request: HttpRequest, review_id: Id) -> Any:
    review = _review(request, review_id)
    _frozen_is_conflict(lambda: reviews.hold_review(member(request), review))
    return _review_detail(request, _review(request, review_id))


@router.delete(
    "/reviews/{review_id}",
    response={204: None, **ERRORS},
    summary="Delete a review being prepared (409 once held)",
)
def delete_review(request: HttpRequest, review_id: Id) -> Any:
    review = _review(request, review_id)
    _frozen_is_conflict(lambda: reviews.delete_review(member(request), review))
    return Status(204, None)


# --- Learning log -------------------------------------------------------------------------------


def _learning(request: HttpRequest, pk: int) -> Learning:
    return get_for_member(Learning, request, pk=pk, select_related=["team"])


def _learning_data(data: dict[str, Any]) -> dict[str, Any]:
    return {key.removesuffix("_id"): value for key, value in data.items()}


class LearningFilter(Schema):
    q: str = ""
    team_id: Id | None = None
    source: LearningSource | None = None
    tag: str = ""
    quarter: str = ""


@router.get(
    "/learnings",
    response={200: list[LearningOut], **ERRORS},
    summary="The learning log, newest first (search, team, source, tag, quarter e.g. 2026-Q4)",
)
@paginate(Pagination)
def list_learnings(request: HttpRequest, filters: Query[LearningFilter]) -> Any:
    bounds = learnings.quarter_bounds(filters.quarter) if filters.quarter else None
    if filters.quarter and bounds is None:
        raise HttpError(400, "quarter: write it as YEAR-Q1 to YEAR-Q4, e.g. 2026-Q4.")
    return learnings.learnings_for(
        member(request, "culture.view"),
        q=filters.q,
        team=filters.team_id,
        source=filters.source or "",
        tag=filters.tag,
        start=bounds[0] if bounds else None,
        end=bounds[1] if bounds else None,
    )


@router.post("/learnings", response={201: LearningOut, **ERRORS}, summary="Record a learning")
def create_learning(request: HttpRequest, payload: LearningIn) -> Any:
    entry = learnings.record_learning(member(request), **_learning_data(payload.dict()))
    return Status(201, _learning(request, entry.pk))


@router.get("/learnings/{learning_id}", response={200: LearningOut, **ERRORS}, summary="A learning")
def get_learning(request: HttpRequest, learning_id: Id) -> Any:
    member(request, "culture.view")
    return _learning(request, learning_id)


@router.patch(
    "/learnings/{learning_id}", response={200: LearningOut, **ERRORS}, summary="Change a learning"
)
def update_learning(request: HttpRequest, learning_id: Id, payload: LearningPatch) -> Any:
    entry = _learning(request, learning_id)
    learnings.update_learning(
        member(request), entry, **_learning_data(payload.dict(exclude_unset=True))
    )
    return _learning(request, learning_id)


@router.delete(
    "/learnings/{learning_id}", response={204: None, **ERRORS}, summary="Delete a learning"
)
def delete_learning(request: HttpRequest, learning_id: Id) -> Any:
    learnings.delete_learning(member(request), _learning(request, learning_id))
    return Status(204, None)


# --- Ritual calendar ----------------------------------------------------------------------------


class CadenceFilter(Schema):
    team_id: Id | None = None
    kind: RitualKind | None = None


@router.get(
    "/cadences",
    response={200: list[RitualCadenceOut], **ERRORS},
    summary="The ritual cadences set (every N weeks), by team",
)
@paginate(Pagination)
def list_cadences(request: HttpRequest, filters: Query[CadenceFilter]) -> Any:
    qs = RitualCadence.objects.for_member(member(request, "culture.view")).order_by(
        "team_id", "kind", "id"
    )
    if filters.team_id:
        qs = qs.filter(team_id=filters.team_id)
    return qs.filter(kind=filters.kind) if filters.kind else qs


@router.post(
    "/cadences",
    response={200: RitualCadenceOut, 201: RitualCadenceOut, **ERRORS},
    summary="Set how often a team holds a ritual (replaces its cadence for that ritual: 200)",
)
def set_cadence(request: HttpRequest, payload: CadenceIn) -> Any:
    data = payload.dict()
    cadence, created = rituals.set_cadence(member(request), team=data.pop("team_id"), **data)
    return Status(201 if created else 200, cadence)


def _cadence(request: HttpRequest, pk: int) -> RitualCadence:
    return get_for_member(RitualCadence, request, pk=pk, select_related=["team"])


@router.get(
    "/cadences/{cadence_id}", response={200: RitualCadenceOut, **ERRORS}, summary="A cadence"
)
def get_cadence(request: HttpRequest, cadence_id: Id) -> Any:
    member(request, "culture.view")
    return _cadence(request, cadence_id)


@router.patch(
    "/cadences/{cadence_id}", response={200: RitualCadenceOut, **ERRORS}, summary="Change a cadence"
)
def update_cadence(request: HttpRequest, cadence_id: Id, payload: CadencePatch) -> Any:
    cadence = _cadence(request, cadence_id)
    return rituals.update_cadence(member(request), cadence, **payload.dict(exclude_unset=True))


@router.delete(
    "/cadences/{cadence_id}",
    response={204: None, **ERRORS},
    summary="Take a ritual off the calendar",
)
def delete_cadence(request: HttpRequest, cadence_id: Id) -> Any:
    rituals.stop_cadence(member(request), _cadence(request, cadence_id))
    return Status(204, None)


class CalendarFilter(Schema):
    team_id: Id | None = None
    mine: bool = False
    overdue: bool = False


@router.get(
    "/calendar",
    response={200: list[CalendarRowOut], **ERRORS},
    summary="Each active team's demo, check-in and retro: last held, next due, overdue",
)
@paginate(Pagination)
def get_calendar(request: HttpRequest, filters: Query[CalendarFilter]) -> Any:
    actor = member(request, "culture.view")
    return calendar.calendar(
        actor.organization_id,
        today(),
        team=filters.team_id,
        team_ids=my_team_ids(actor) if filters.mine else None,
        overdue=filters.overdue,
    )


@router.get(
    "/calendar/review",
    response={200: RitualOut, **ERRORS},
    summary="The organization's portfolio review: cadence, last held, next due",
)
def get_review_ritual(request: HttpRequest) -> Any:
    actor = member(request, "culture.view")
    return calendar.review_ritual(actor.organization_id, today())


class RetroFilter(Schema):
    team_id: Id | None = None


@router.get(
    "/retros",
    response={200: list[RetroOut], **ERRORS},
    summary="Retros logged as held, newest first",
)
@paginate(Pagination)
def list_retros(request: HttpRequest, filters: Query[RetroFilter]) -> Any:
    qs = RitualLog.objects.for_member(member(request, "culture.view")).filter(kind=RitualKind.RETRO)
    qs = qs.order_by("-held_on", "-id")
    return qs.filter(team_id=filters.team_id) if filters.team_id else qs


@router.post("/retros", response={201: RetroOut, **ERRORS}, summary="Log a retro as held")
def log_retro(request: HttpRequest, payload: RetroIn) -> Any:
    data = payload.dict()
    return Status(201, rituals.log_retro(member(request), team=data.pop("team_id"), **data))


@router.delete("/retros/{retro_id}", response={204: None, **ERRORS}, summary="Take back a retro")
def delete_retro(request: HttpRequest, retro_id: Id) -> Any:
    log = get_for_member(RitualLog, request, pk=retro_id, select_related=["team"])
    rituals.delete_retro(member(request), log)
    return Status(204, None)


# --- Notifications ------------------------------------------------------------------------------


@router.get(
    "/preferences", response={200: PreferencesOut, **ERRORS}, summary="What I receive (mine only)"
)
def get_preferences(request: HttpRequest) -> Any:
    return notifications.preferences_of(member(request, "culture.view"))


@router.patch(
    "/preferences", response={200: PreferencesOut, **ERRORS}, summary="Change what I receive"
)
def update_preferences(request: HttpRequest, payload: PreferencesPatch) -> Any:
    changes = {k: v for k, v in payload.dict(exclude_unset=True).items() if v is not None}
    return notifications.set_preferences(member(request, "culture.view"), **changes)


class DeliveryFilter(Schema):
    status: DeliveryStatus | None = None
    kind: DeliveryKind | None = None
    channel: Channel | None = None


@router.get(
    "/deliveries",
    response={200: list[NotificationDeliveryOut], **ERRORS},
    summary="Messages sent, with status and errors (the organization's for leaders, else mine)",
)
@paginate(Pagination)
def list_deliveries(request: HttpRequest, filters: Query[DeliveryFilter]) -> Any:
    return queries.deliveries_for(
        member(request, "culture.view"),
        status=filters.status or "",
        kind=filters.kind or "",
        channel=filters.channel or "",
    )


def _delivery(request: HttpRequest, pk: int) -> Delivery:
    found = queries.deliveries_for(member(request, "culture.view")).defer(None).filter(pk=pk)
    delivery = found.first()
    if delivery is None:
        raise Http404("No delivery with that id.")
    return delivery


@router.get(
    "/deliveries/{delivery_id}", response={200: DeliveryDetailOut, **ERRORS}, summary="A delivery"
)
def get_delivery(request: HttpRequest, delivery_id: Id) -> Any:
    return _delivery(request, delivery_id)


@router.post(
    "/deliveries/{delivery_id}/retry",
    response={200: NotificationDeliveryOut, **ERRORS},
    summary="Hand a failed delivery to the worker again now",
)
def retry_delivery(request: HttpRequest, delivery_id: Id) -> Any:
    delivery = get_for_member(Delivery, request, pk=delivery_id)
    return notifications.retry(member(request), delivery)


def _webhook_out(found: Any) -> dict[str, Any]:
    if found is None or not found.configured:
        return {"configured": False, "kind": None, "host": "", "enabled": False}
    return {
        "configured": True,
        "kind": found.webhook_kind,
        "host": found.webhook_host,
        "enabled": found.enabled,
    }


@router.get(
    "/webhook",
    response={200: WebhookOut, **ERRORS},
    summary="The organization's chat webhook (never its address)",
)
def get_webhook(request: HttpRequest) -> Any:
    actor = member(request, "culture.notifications")
    return _webhook_out(notifications.settings_of(actor.organization_id))


@router.put(
    "/webhook", response={200: WebhookOut, **ERRORS}, summary="Connect or change the chat webhook"
)
def put_webhook(request: HttpRequest, payload: WebhookIn) -> Any:
    return _webhook_out(notifications.set_webhook(member(request), **payload.dict()))


@router.delete("/webhook", response={204: None, **ERRORS}, summary="Disconnect the chat webhook")
def delete_webhook(request: HttpRequest) -> Any:
    notifications.remove_webhook(member(request))
    return Status(204, None)


@router.post(
    "/webhook/test",
    response={201: NotificationDeliveryOut, **ERRORS},
    summary="Queue a test post to the chat webhook",
)
def test_webhook(request: HttpRequest) -> Any:
    return Status(201, notifications.send_test(member(request)))
