"""Revisiting a decision when it comes due: keep it, push the revisit later, supersede or reverse.

Each review is a row of the decision's history (``DecisionReview``) and, with the change it made
to the decision, an entry of the audit log.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction

from pom.accounts.models import Membership
from pom.core import validation
from pom.discovery.models import (
    Decision,
    DecisionReview,
    DecisionStatus,
    ReviewOutcome,
)
from pom.discovery.services.decisions import (
    REVISIT_HORIZON,
    require_decider,
    set_decision_status,
)
from pom.discovery.services.fields import _choice, _text, today


def _next_date(value: Any, *, required: bool) -> Any:
    when = validation.date_value(value, "next_revisit_on")
    if when is None:
        if required:
            raise ValidationError({"next_revisit_on": "Give the date to revisit it next."})
        return None
    if when <= today():
        raise ValidationError({"next_revisit_on": "The next revisit date must be after today."})
    if when > today() + REVISIT_HORIZON:
        raise ValidationError({"next_revisit_on": "Revisit within the next ten years."})
    return when


@transaction.atomic
def review_decision(
    actor: Membership,
    decision: Decision,
    *,
    outcome: str,
    note: str = "",
    next_revisit_on: Any = None,
    superseded_by: Any = None,
) -> DecisionReview:
    """Record a look at the decision again and what came of it.

    *Keep*: it still holds; a passed revisit date is replaced by ``next_revisit_on`` (or
    cleared) and a met metric condition counts again only on a newer point. *Postpone*: look
    again on ``next_revisit_on``. *Supersede* (by ``superseded_by``) and *reverse* end it.
    """
    require_decider(actor, decision.kind, decision.team)
    outcome = _choice(outcome, ReviewOutcome, "outcome")
    if not decision.is_open:
        raise ValidationError(
            {
                "outcome": f"The decision is {decision.get_status_display().lower()} already; "
                "there is nothing left to revisit."
            }
        )
    note = _text(note, "note", required=False, limit=5_000, label="Note")
    when = _next_date(next_revisit_on, required=outcome == ReviewOutcome.POSTPONE)
    if outcome in (ReviewOutcome.SUPERSEDE, ReviewOutcome.REVERSE) and when is not None:
        raise ValidationError(
            {"next_revisit_on": "A superseded or reversed decision is not revisited again."}
        )
    if outcome == ReviewOutcome.SUPERSEDE:
        set_decision_status(actor, decision, DecisionStatus.SUPERSEDED, superseded_by=superseded_by)
    elif outcome == ReviewOutcome.REVERSE:
        set_decision_status(actor, decision, DecisionStatus.REVERSED)
    else:
        if superseded_by not in (None, ""):
            raise ValidationError(
                {"superseded_by": "Only a review that supersedes the decision names a successor."}
            )
        if when is not None or (decision.revisit_on and decision.revisit_on <= today()):
            decision.revisit_on = when
        metric = decision.revisit_metric
        decision.reviewed_through = metric.latest_period if metric else None
        decision.save(update_fields=["revisit_on", "reviewed_through", "updated_at"])
    return DecisionReview.objects.create(
        organization_id=actor.organization_id,
        decision=decision,
        outcome=outcome,
        note=note,
        reviewed_on=today(),
        next_revisit_on=when,
        superseded_by=decision.superseded_by if outcome == ReviewOutcome.SUPERSEDE else None,
        reviewed_by=actor.user,
    )
