"""Releases as marks on the metrics charts (registered in ``DeliveryConfig.ready``).

On an outcome's chart: the releases serving the outcome (or one of its child outcomes), each with
whether it moved the outcome's metric (``queries.read_impacts``). On a metric's own chart: the
releases serving any outcome that reads its numbers from the metric, each read against the first
such outcome it serves. Newest ``chart_marks.LIMIT`` inside the chart's span; a fixed number of
queries (one for the outcomes on a metric's page, one for the releases, the impact reads' four).
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from typing import Any

from django.utils import timezone

from pom.accounts.models import Membership
from pom.delivery import queries
from pom.delivery.impact import Impact, Verdict
from pom.delivery.models import Release
from pom.metrics import chart_marks
from pom.metrics import queries as metrics


def _verdict(read: Impact) -> tuple[str, str]:
    """The read in words for the mark, and its tone (``good``, ``bad`` or ``""``)."""
    if read.status != Verdict.MOVED:
        return read.label, ""
    words = f"Moved {read.direction}"
    if read.good is True:
        return f"{words}, the way the outcome wants", "good"
    if read.good is False:
        return f"{words}, the wrong way", "bad"
    return words, ""


def _instant(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.min))


def releases_on_chart(
    actor: Membership, metric: Any, outcome: Any, since: date, until: date
) -> list[chart_marks.Mark]:
    outcomes = [outcome] if outcome is not None else metrics.outcomes_measured_by(actor, metric)
    if not outcomes:
        return []
    ids = [o.pk for o in outcomes]
    serves = queries.served_between(actor, ids, _instant(since), _instant(until + timedelta(1)))
    first: dict[int, int] = {}  # release → the first of ``outcomes`` it serves
    order = {oid: i for i, oid in enumerate(ids)}
    for pk, _, outcome_id, parent_id in serves:
        for oid in (outcome_id, parent_id):
            if (
                oid is not None
                and oid in order
                and (pk not in first or order[oid] < order[first[pk]])
            ):
                first[pk] = oid
    releases = list(
        Release.objects.for_member(actor)
        .filter(pk__in=list(first))
        .only("pk", "title", "shipped_at")
        .order_by("-shipped_at", "-id")[: chart_marks.LIMIT]
    )
    _, reads = queries.read_impacts(actor, outcomes, releases)
    marks = []
    for r in releases:
        verdict, tone = _verdict(reads[(first[r.pk], r.pk)])
        marks.append(
            chart_marks.Mark(
                on=queries.shipped_day(r),
                label=f"Release: {r.title}",
                url=r.get_absolute_url(),
                verdict=verdict,
                tone=tone,
            )
        )
    return marks
