"""The blameless learning log: record what a test, a release, a missed outcome or an incident
taught, linked to it; find entries by text, team, source, tag and quarter.

A team's members (and leaders or owners) write its entries (``culture.run``); everyone reads.
A concluded assumption test proposes an entry: its learnings and result prefill the form.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Exists, OuterRef, QuerySet

from pom.accounts.models import Membership
from pom.core.filters import search
from pom.core.permissions import require
from pom.core.validation import choice, date_value, past_date, resolve, text, today
from pom.culture.models import Learning, LearningSource
from pom.delivery.models import Release
from pom.discovery.models import Insight
from pom.discovery.services import clean_tags
from pom.experiments.models import AssumptionTest, TestStatus
from pom.strategy.models import Outcome
from pom.teams.models import Team

TEXT_LIMIT = 20_000
PROPOSALS = 10


def _apply(actor: Membership, entry: Learning, data: dict[str, Any]) -> Learning:
    unknown = set(data) - {
        "team", "title", "what_happened", "lesson", "source", "test", "release", "outcome",
        "tags", "learned_on",
    }  # fmt: skip
    if unknown:
        raise ValidationError({sorted(unknown)[0]: "Unknown field."})
    if "title" in data:
        entry.title = text(data["title"], "title", required=True, max_length=200)
    if "lesson" in data:
        entry.lesson = text(
            data["lesson"], "lesson", required=True, max_length=TEXT_LIMIT, label="lesson learned"
        )
    if "what_happened" in data:
        entry.what_happened = text(data["what_happened"], "what_happened", max_length=TEXT_LIMIT)
    if "source" in data:
        entry.source = choice(
            data["source"], "source", LearningSource, default=LearningSource.OTHER
        )
    if "tags" in data:
        entry.tags = Insight.join_tags(clean_tags(data["tags"]))
    if "learned_on" in data:
        entry.learned_on = past_date(
            date_value(data["learned_on"], "learned_on") or today(),
            "learned_on",
            "day it was learned",
        )
    for field, model in (
        ("team", Team),
        ("test", AssumptionTest),
        ("release", Release),
        ("outcome", Outcome),
    ):
        if field in data:
            setattr(entry, field, resolve(model, actor, data[field], field))
    if entry.team is None:
        entry.team = (entry.test.team if entry.test else None) or (
            entry.release.team if entry.release else None
        )
    if not entry.title:
        raise ValidationError({"title": "Give the learning a title."})
    if not entry.lesson:
        raise ValidationError({"lesson": "Say what was learned."})
    if entry.team is None and actor.role == "member":
        raise ValidationError({"team": "Choose one of your teams: the learning is the team's."})
    for field in ("test", "release"):
        linked = getattr(entry, field)
        if linked is not None and entry.team is not None and linked.team_id != entry.team.pk:
            raise ValidationError(
                {field: f"That {field} belongs to another team than {entry.team.name}."}
            )
    require(actor, "culture.run", entry.team)
    entry.save()
    return entry


@transaction.atomic
def record_learning(actor: Membership, **data: Any) -> Learning:
    """Write down what was learned, linked to what taught it."""
    require(actor, "culture.run")
    data.setdefault("learned_on", None)
    data.setdefault("title", "")
    data.setdefault("lesson", "")
    return _apply(
        actor, Learning(organization_id=actor.organization_id, created_by=actor.user), data
    )


@transaction.atomic
def update_learning(actor: Membership, entry: Learning, **data: Any) -> Learning:
    require(actor, "culture.run", entry.team)
    return _apply(actor, entry, data)


@transaction.atomic
def delete_learning(actor: Membership, entry: Learning) -> None:
    require(actor, "culture.run", entry.team)
    entry.delete()


def proposal_from_test(test: AssumptionTest) -> dict[str, Any]:
    """The entry a concluded test proposes: its learnings, hypothesis and result, prefilled."""
    outcome = f"{test.get_result_display()} → {test.get_decision_display()}" if test.result else ""
    return {
        "team": test.team_id,
        "source": LearningSource.TEST,
        "test": test.pk,
        "title": f"What “{test.title}” taught us"[:200],
        "what_happened": f"We tested: {test.hypothesis}\nResult: {outcome}. {test.rationale}".strip(),
        "lesson": test.learnings,
        "learned_on": (test.concluded_at.date() if test.concluded_at else today()),
    }


def learnings_for(
    actor: Membership,
    *,
    q: str = "",
    team: int | None = None,
    source: str = "",
    tag: str = "",
    start: date | None = None,
    end: date | None = None,
) -> QuerySet[Learning]:
    qs = Learning.objects.for_member(actor).select_related("team", "test", "release", "outcome")
    if team:
        qs = qs.filter(team_id=team)
    if source in LearningSource.values:
        qs = qs.filter(source=source)
    if tag:
        qs = qs.filter(tags__contains=f",{tag.strip().lower()},")
    if start:
        qs = qs.filter(learned_on__gte=start)
    if end:
        qs = qs.filter(learned_on__lte=end)
    return search(qs, q, "title", "lesson", "what_happened", "tags").order_by("-learned_on", "-id")


def proposals(actor: Membership) -> list[AssumptionTest]:
    """Concluded tests (newest first) with no learning entry yet: each proposes one."""
    logged = Learning.objects.for_org(actor.organization_id).filter(test_id=OuterRef("pk"))
    return list(
        AssumptionTest.objects.for_member(actor)
        .filter(status=TestStatus.CONCLUDED)
        .exclude(Exists(logged))
        .select_related("team")
        .only(
            "id",
            "title",
            "result",
            "decision",
            "concluded_at",
            "team__id",
            "team__name",
            "team__slug",
        )
        .order_by("-concluded_at", "-id")[:PROPOSALS]
    )


def quarter_bounds(value: str) -> tuple[date, date] | None:
    """``2026-Q4`` → (1 Oct 2026, 31 Dec 2026); ``None`` for anything else."""
    try:
        year_text, q_text = value.upper().split("-Q")
        year, q = int(year_text), int(q_text)
    except ValueError:
        return None
    if not (1 <= q <= 4 and 2000 <= year <= 2100):
        return None
    start = date(year, 3 * q - 2, 1)
    end = date(year + (q == 4), 1 if q == 4 else 3 * q + 1, 1)
    return start, end - timedelta(days=1)


def this_quarter() -> str:
    day = today()
    return f"{day.year}-Q{(day.month - 1) // 3 + 1}"
