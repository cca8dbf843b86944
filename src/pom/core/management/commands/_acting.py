"""Who a CLI command acts as inside an organization."""

from __future__ import annotations

from django.core.management.base import CommandError

from pom.accounts.models import Membership, Organization, Role


def acting_member(org_slug: str, email: str = "") -> Membership:
    """The membership of ``email`` in the organization, or its first owner when no email is given."""
    org = Organization.objects.filter(slug=org_slug).first()
    if org is None:
        raise CommandError(f"No organization with slug {org_slug!r}.")
    members = Membership.objects.for_org(org).select_related("user", "organization")
    if email:
        found = members.filter(user__email__iexact=email).first()
        if found is None:
            raise CommandError(f"{email} is not a member of {org.slug}.")
        return found
    owner = members.filter(role=Role.OWNER).order_by("id").first()
    if owner is None:
        raise CommandError(f"{org.slug} has no owner; pass --as EMAIL.")
    return owner
