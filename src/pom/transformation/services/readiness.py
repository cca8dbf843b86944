"""Taking a readiness assessment."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction

from pom.accounts.models import Membership
from pom.core.permissions import require
from pom.core.validation import date_value, past_date, text, today
from pom.transformation.models import (
    COACHING_CAPACITY,
    PAINS,
    SCALE,
    TRIGGERS,
    ReadinessAssessment,
)

FLAGS = tuple(name for name, _ in (*PAINS, *TRIGGERS))


def _flag(value: Any, field: str) -> bool:
    if value in (None, ""):
        return False
    if isinstance(value, bool):
        return value
    if str(value).lower() in ("1", "true", "on", "yes"):
        return True
    if str(value).lower() in ("0", "false", "off", "no"):
        return False
    raise ValidationError({field: f"{value!r} is not yes or no."})


@transaction.atomic
def take_assessment(actor: Membership, **data: Any) -> ReadinessAssessment:
    """Record a readiness assessment as of ``assessed_on`` (today when not given).

    Pain without evidence is refused: "we are losing share" with no figure is a hunch, and the
    verdict would read it as felt pain.
    """
    require(actor, "transformation.manage")
    unknown = set(data) - {
        "assessed_on",
        "ceo_belief",
        "ceo_belief_evidence",
        "pain_evidence",
        "sponsor",
        "coaching_capacity",
        "notes",
        *FLAGS,
    }
    if unknown:
        raise ValidationError({sorted(unknown)[0]: "Unknown field."})
    assessed_on = past_date(
        date_value(data.get("assessed_on"), "assessed_on") or today(),
        "assessed_on",
        "assessment date",
    )
    ceo_belief = SCALE.clean(data.get("ceo_belief"), "ceo_belief", label="CEO belief")
    if ceo_belief is None:
        raise ValidationError({"ceo_belief": "Give the CEO's belief, from 1 to 5."})
    capacity = COACHING_CAPACITY.clean(
        data.get("coaching_capacity"), "coaching_capacity", label="Coaching capacity"
    )
    flags = {name: _flag(data.get(name), name) for name in FLAGS}
    pain_evidence = text(data.get("pain_evidence"), "pain_evidence", max_length=4000)
    if any(flags[name] for name, _ in PAINS) and not pain_evidence:
        raise ValidationError(
            {
                "pain_evidence": "Give the evidence for the pain you ticked: which target was missed, "
                "which margin figure, what share was lost. Pain without figures is a hunch."
            }
        )
    return ReadinessAssessment.objects.create(
        organization_id=actor.organization_id,
        assessed_on=assessed_on,
        assessed_by_id=actor.user_id,
        ceo_belief=ceo_belief,
        ceo_belief_evidence=text(
            data.get("ceo_belief_evidence"), "ceo_belief_evidence", max_length=4000
        ),
        pain_evidence=pain_evidence,
        sponsor=text(data.get("sponsor"), "sponsor", max_length=150),
        coaching_capacity=capacity or 0,
        notes=text(data.get("notes"), "notes", max_length=4000),
        **flags,
    )
