"""Compile the leaders' portfolio review from the strategy records: outcomes grouped by bet, how
each stands, what changed since the last review and the outcomes that need a conversation first.

Leaders manage by outcomes, not outputs: the review shows numbers, confidence and staleness, never
a feature list. Like a demo, the result is plain data, stored as the snapshot when the review is
held, so the next review can say what moved since.

An outcome belongs to the bet it hangs off, or to its nearest ancestor's bet (team outcomes sit
under product and business outcomes). It is *off track* when it has covered less of the way from
baseline to target than of the time from baseline date to deadline (less a tolerance), or when
its deadline has passed short of the target. An outcome bound to a metric also carries its
forecast to the deadline and its guardrails' status, as of the metric's last refresh (the metrics
pillar computes both). It needs a conversation when it is off track, forecast to miss, a guardrail
is breached, its confidence is low, or it is stale. Where no outcome is bound to a metric, the
review says so instead of guessing.

A fixed number of queries however large the portfolio: the bets, one read of every open outcome
(a few columns each), the stored forecasts and the breached guardrails of the organization, the
statuses of outcomes closed since the last review, and the recent check-ins of the outcomes listed
for a conversation.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping
from datetime import date, timedelta
from typing import Any

from django.db.models import Q
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone

from pom.culture.compile import day_label
from pom.metrics import queries as metrics
from pom.metrics.forecast import Status as Forecast
from pom.strategy.models import BetStatus, CheckIn, Direction, Outcome, OutcomeStatus, StrategicBet
from pom.strategy.queries import strategy_settings

OPEN = (OutcomeStatus.DRAFT, OutcomeStatus.COMMITTED)
LOW_CONFIDENCE = 3  # of 10
TOLERANCE = 0.15  # of the way, behind the share of time elapsed
MAX_CONVERSATIONS = 25
MAX_CHANGES = 15
NO_BET = "none"
NOTE = (
    "Forecasts to the deadline and guardrails come from the outcomes' metrics, as of each "
    "metric's last refresh; progress and confidence are the teams' check-ins."
)
NO_METRICS_NOTE = (
    "No open outcome is bound to a metric yet, so there are no forecasts or guardrail readings: "
    "bind an outcome on its page (Numbers from data). Progress and confidence are the teams' "
    "check-ins."
)
# Forecasts that call for a conversation, in the words the reasons use.
FORECAST_WORRIES = {Forecast.OFF_TRACK: "forecast to miss", Forecast.MISSED: "target missed"}

# One outcome in the compact state: what the review shows per row and compares next time.
# ``was`` is the confidence at the previous review: the trend a leader reads.
FIELDS = (
    "bet",
    "title",
    "team",
    "progress",
    "confidence",
    "stale",
    "track",
    "status",
    "checked",
    "was",
    # Appended later (reviews held before have shorter rows): the forecast's status and how many
    # guardrails are breached.
    "forecast",
    "breached",
)


def _track(row: Mapping[str, Any], today: date) -> tuple[str, int | None]:
    """("on" | "off" | "unknown", progress in percent) of one outcome row."""
    base, target, current = row["baseline_value"], row["target_value"], row["current_value"]
    if row["direction"] == Direction.KEEP_WITHIN or None in (base, target, current):
        return "unknown", None
    if target == base:
        return "unknown", None
    progress = (current - base) / (target - base)
    percent = round(max(0.0, progress) * 100)
    start, deadline = row["baseline_date"], row["deadline"]
    if start is None or deadline is None or deadline <= start:
        return "unknown", percent
    if today >= deadline:
        return ("on" if progress >= 1 else "off"), percent
    elapsed = max(0.0, (today - start).days / (deadline - start).days)
    return ("off" if progress < elapsed - TOLERANCE else "on"), percent


def _rows(org_id: int, today: date, stale_days: int) -> list[dict[str, Any]]:
    cutoff = today - timedelta(days=stale_days)
    forecasts = metrics.org_forecast_statuses(org_id)
    breached = metrics.breached_by_outcome(org_id)
    rows = (
        Outcome.objects.for_org(org_id)
        .filter(status__in=OPEN)
        .annotate(
            bet_key=Coalesce(
                "bet_id",
                "parent__bet_id",
                "parent__parent__bet_id",
                "parent__parent__parent__bet_id",
            )
        )
        .order_by("title", "id")
        .values(
            "id",
            "title",
            "status",
            "bet_key",
            "owner_team__name",
            "direction",
            "baseline_value",
            "baseline_date",
            "target_value",
            "deadline",
            "current_value",
            "last_confidence",
            "last_check_in_on",
            "created_at",
        )
    )
    result = []
    for r in rows:
        track, progress = _track(r, today)
        since = r["last_check_in_on"] or timezone.localtime(r["created_at"]).date()
        result.append(
            {
                "id": r["id"],
                "bet": str(r["bet_key"] or NO_BET),
                "title": r["title"],
                "team": r["owner_team__name"] or "",
                "progress": progress,
                "confidence": r["last_confidence"],
                "stale": since < cutoff,
                "track": track,
                "status": r["status"],
                "checked": r["last_check_in_on"].isoformat() if r["last_check_in_on"] else "",
                "forecast": forecasts.get(r["id"], ""),
                "breached": len(breached.get(r["id"], [])),
            }
        )
    return result


def reasons(row: dict[str, Any]) -> list[str]:
    """Why an outcome needs a conversation, in words (empty when it does not)."""
    found = []
    if row["track"] == "off":
        found.append("off track")
    worry = FORECAST_WORRIES.get(row.get("forecast") or "")
    if worry:
        found.append(worry)
    breached = row.get("breached") or 0
    if breached:
        found.append(f"{breached} guardrail{'s' if breached != 1 else ''} breached")
    if row["confidence"] is not None and row["confidence"] <= LOW_CONFIDENCE:
        found.append(f"low confidence ({row['confidence']} of 10)")
    if row["stale"]:
        found.append("no recent check-in")
    return found


def compile_review(org_id: int, previous: dict[str, Any] | None = None) -> dict[str, Any]:
    """The portfolio as of today; ``previous`` is the last held review's snapshot, if any."""
    today = timezone.localdate()
    stale_days = strategy_settings(org_id).stale_after_days
    rows = _rows(org_id, today, stale_days)
    at = FIELDS.index("confidence")
    was = {k: v[at] for k, v in ((previous or {}).get("state") or {}).items()}
    for r in rows:
        r["was"] = was.get(str(r["id"]))
    bets = list(
        StrategicBet.objects.for_org(org_id)
        .filter(
            Q(status=BetStatus.ACTIVE)
            | Q(pk__in={int(r["bet"]) for r in rows if r["bet"] != NO_BET})
        )
        .order_by("status", "rank", "id")
    )
    content: dict[str, Any] = {
        "as_of": today.isoformat(),
        "as_of_label": day_label(today),
        "stale_days": stale_days,
        "note": NOTE if any(r["forecast"] or r["breached"] for r in rows) else NO_METRICS_NOTE,
        "bets": _bets(bets, rows),
        "conversations": _conversations(org_id, rows),
        "state": {str(r["id"]): [r[f] for f in FIELDS] for r in rows},
        "total": len(rows),
    }
    content["changes"] = changes(org_id, previous, content["state"])
    return content


def _bets(bets: list[StrategicBet], rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    by_bet: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for r in rows:
        by_bet[r["bet"]].append(r)
    groups = [
        (str(b.pk), b.title, b.get_absolute_url(), b.rank, b.get_status_display(), b.tradeoffs)
        for b in bets
    ]
    groups.append((NO_BET, "Serving no bet", "", None, "", ""))
    result = []
    for key, title, url, rank, status, tradeoffs in groups:
        members = by_bet.get(key, [])
        if key == NO_BET and not members:
            continue
        confidences = [r["confidence"] for r in members if r["confidence"] is not None]
        progress = [r["progress"] for r in members if r["progress"] is not None]
        result.append(
            {
                "key": key,
                "title": title,
                "url": url,
                "rank": rank,
                "status": status,
                "tradeoffs": tradeoffs,
                "outcomes": len(members),
                "on_track": sum(1 for r in members if r["track"] == "on"),
                "off_track": sum(1 for r in members if r["track"] == "off"),
                "unknown": sum(1 for r in members if r["track"] == "unknown"),
                "low_confidence": sum(
                    1
                    for r in members
                    if r["confidence"] is not None and r["confidence"] <= LOW_CONFIDENCE
                ),
                "stale": sum(1 for r in members if r["stale"]),
                "forecast_off": sum(1 for r in members if r["forecast"] in FORECAST_WORRIES),
                "breached": sum(1 for r in members if r["breached"]),
                "confidence": round(sum(confidences) / len(confidences), 1)
                if confidences
                else None,
                "progress": round(sum(progress) / len(progress)) if progress else None,
                "teams": len({r["team"] for r in members if r["team"]}),
            }
        )
    return result


def _conversations(org_id: int, rows: list[dict[str, Any]]) -> dict[str, Any]:
    flagged = [(r, reasons(r)) for r in rows]
    flagged = [(r, why) for r, why in flagged if why]
    # Most reasons first, then the least confident, then the furthest behind.
    flagged.sort(
        key=lambda pair: (
            -len(pair[1]),
            pair[0]["confidence"] if pair[0]["confidence"] is not None else 11,
            pair[0]["progress"] if pair[0]["progress"] is not None else 101,
            pair[0]["id"],
        )
    )
    chosen = flagged[:MAX_CONVERSATIONS]
    recent: dict[int, list[int]] = defaultdict(list)
    if chosen:
        for outcome_id, confidence in (
            CheckIn.objects.for_org(org_id)
            .filter(outcome_id__in=[r["id"] for r, _ in chosen])
            .order_by("outcome_id", "-date", "-id")
            .values_list("outcome_id", "confidence")
        ):
            if len(recent[outcome_id]) < 3:
                recent[outcome_id].append(confidence)
    items = []
    for r, why in chosen:
        trend = " → ".join(str(c) for c in reversed(recent.get(r["id"], [])))
        items.append(
            {
                "id": r["id"],
                "title": r["title"],
                "url": reverse("strategy:outcome", args=[r["id"]]),
                "team": r["team"],
                "bet": r["bet"],
                "progress": r["progress"],
                "confidence": r["confidence"],
                "trend": trend,
                "forecast": Forecast.LABELS.get(r["forecast"], ""),
                "reasons": why,
            }
        )
    return {"items": items, "total": len(flagged)}


def changes(
    org_id: int, previous: dict[str, Any] | None, state: dict[str, list[Any]]
) -> dict[str, Any]:
    """What moved since the previous review's state: new, closed, off track, confidence, stale.

    Ten thousand outcomes are compared by position in their compact rows (``FIELDS``), and only
    the ``MAX_CHANGES`` listed per kind become items with a link; the rest are counted.
    """
    if not previous or "state" not in previous:
        return {"first": True}
    before: dict[str, list[Any]] = previous["state"]
    title, team, track, progress, confidence, stale, breached = (
        FIELDS.index(f)
        for f in ("title", "team", "track", "progress", "confidence", "stale", "breached")
    )
    # (outcome key, its row, what changed) per kind of change
    found: dict[str, list[tuple[str, list[Any], str]]] = defaultdict(list)
    for key, row in state.items():
        old = before.get(key)
        if old is None:
            found["new"].append((key, row, "new since the last review"))
            continue
        if row[track] == "off" and old[track] != "off":
            found["off_track"].append((key, row, f"now off track ({row[progress]}% of the way)"))
        now_c, old_c = row[confidence], old[confidence]
        if now_c is not None and old_c is not None and abs(now_c - old_c) >= 2:
            kind = "confidence_down" if now_c < old_c else "confidence_up"
            found[kind].append((key, row, f"confidence {old_c} → {now_c}"))
        if row[stale] and not old[stale]:
            found["stale"].append((key, row, "no check-in since the last review"))
        was_breached = old[breached] if len(old) > breached else 0
        if row[breached] and not was_breached:
            found["breached"].append((key, row, "a guardrail is breached"))
    gone = [k for k in before if k not in state]
    statuses: dict[int, str] = {}
    if gone:
        statuses = dict(
            Outcome.objects.for_org(org_id)
            .filter(pk__in=[int(k) for k in gone])
            .values_list("pk", "status")
        )
        for key in gone:
            status = statuses.get(int(key))
            label = OutcomeStatus(status).label.lower() if status else "deleted"
            found["closed"].append((key, before[key], label))

    def item(kind: str, key: str, row: list[Any], change: str) -> dict[str, Any]:
        deleted = kind == "closed" and int(key) not in statuses
        return {
            "title": row[title],
            "url": "" if deleted else reverse("strategy:outcome", args=[int(key)]),
            "team": row[team],
            "change": change,
        }

    since = previous.get("as_of_label", "")
    return {
        "first": False,
        "since": since,
        **{
            name: {
                "items": [item(name, *entry) for entry in found[name][:MAX_CHANGES]],
                "total": len(found[name]),
            }
            for name in (
                "new",
                "closed",
                "off_track",
                "confidence_down",
                "confidence_up",
                "stale",
                "breached",
            )
        },
    }


def bet_rows(content: dict[str, Any], bet: str) -> list[dict[str, Any]]:
    """The outcomes of one bet (``NO_BET`` for those serving none), those needing a conversation first.

    A bet may hold thousands; the page links the fifty it shows (by ``id``), so no row here
    reverses a URL."""
    rows = []
    for key, values in content["state"].items():
        row = dict(zip(FIELDS, values, strict=False))
        if row["bet"] != bet:
            continue
        row["id"] = int(key)
        row["reasons"] = reasons(row)
        rows.append(row)
    rows.sort(key=lambda r: (-len(r["reasons"]), r["title"], r["id"]))
    return rows
