"""Check-ins as marks on the metrics charts (registered in ``StrategyConfig.ready``).

On an outcome's chart: the outcome's own check-ins. On a metric's own chart: the check-ins of
every outcome that reads its numbers from the metric. Each mark says when the check-in was made,
its status (on track, at risk, off track) and the team's confidence; the newest
``chart_marks.LIMIT`` inside the chart's span, in at most two queries (the outcomes a metric
measures, then the check-ins), however many there are.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from pom.accounts.models import Membership
from pom.metrics import chart_marks
from pom.metrics import queries as metrics
from pom.strategy.models import CheckIn, CheckInStatus

TONES: dict[str, str] = {CheckInStatus.ON_TRACK: "good", CheckInStatus.OFF_TRACK: "bad"}


def check_ins_on_chart(
    actor: Membership, metric: Any, outcome: Any, since: date, until: date
) -> list[chart_marks.Mark]:
    outcomes = [outcome] if outcome is not None else metrics.outcomes_measured_by(actor, metric)
    if not outcomes:
        return []
    by_id = {o.pk: o for o in outcomes}
    check_ins = (
        CheckIn.objects.for_member(actor)
        .filter(outcome_id__in=list(by_id), date__gte=since, date__lte=until)
        .only("pk", "outcome_id", "date", "confidence", "status")
        .order_by("-date", "-id")[: chart_marks.LIMIT]
    )
    marks = []
    for c in check_ins:
        o = by_id[c.outcome_id]
        subject = "Check-in" if outcome is not None else f"Check-in on {o.title}"
        status = c.get_status_display() if c.status else ""
        marks.append(
            chart_marks.Mark(
                on=c.date,
                label=subject,
                url=f"{o.get_absolute_url()}#check-ins",
                verdict=", ".join(
                    part for part in (status, f"confidence {c.confidence}/10") if part
                ),
                tone=TONES.get(c.status, ""),
            )
        )
    return marks
