"""Reads the transformation's pages and API share, each in a fixed number of queries."""

from __future__ import annotations

from django.db.models import Q, QuerySet

from pom.accounts.models import Membership
from pom.transformation.models import ReadinessAssessment


def assessments(actor: Membership) -> QuerySet[ReadinessAssessment]:
    """Every readiness assessment of the organization, newest first."""
    return ReadinessAssessment.objects.for_member(actor).select_related("assessed_by")


def latest_two(actor: Membership) -> tuple[ReadinessAssessment | None, ReadinessAssessment | None]:
    """The newest assessment and the one before it (for the home page's comparison)."""
    found = list(assessments(actor)[:2])
    return (found[0] if found else None, found[1] if len(found) > 1 else None)


def previous(actor: Membership, a: ReadinessAssessment) -> ReadinessAssessment | None:
    """The assessment taken just before ``a`` (by date, then by the order they were recorded)."""
    return (
        assessments(actor)
        .filter(Q(assessed_on__lt=a.assessed_on) | Q(assessed_on=a.assessed_on, pk__lt=a.pk))
        .first()
    )
