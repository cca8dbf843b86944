"""REST endpoints for the current user, organizations, memberships, invitations, tokens and the audit log."""
# No "from __future__ import annotations" here: Django Ninja reads the annotations at run time.

from typing import Any

from django.http import HttpRequest
from ninja import Query, Router, Schema, Status
from ninja.pagination import paginate

from pom.accounts import services
from pom.accounts.models import Invitation, Membership, Organization
from pom.accounts.schemas import (
    AuditEventOut,
    InvitationCreated,
    InvitationIn,
    InvitationOut,
    MembershipOut,
    MeOut,
    MePatch,
    OrganizationIn,
    OrganizationOut,
    OrganizationPatch,
    RoleIn,
    TokenCreated,
    TokenIn,
    TokenOut,
)
from pom.core.api import ERRORS, Id, Pagination, member
from pom.core.lookup import get_for_member
from pom.core.models import AuditEvent
from pom.core.permissions import require

router = Router(tags=["accounts"])


def _memberships(request: HttpRequest) -> list[Membership]:
    """A token acts in one organization only; a browser session in all the user's organizations."""
    membership = getattr(request, "membership", None)
    if getattr(request, "auth_is_token", False):
        return [membership] if membership else []
    return list(getattr(request, "memberships", []))


def _me(request: HttpRequest) -> dict[str, Any]:
    membership = getattr(request, "membership", None)
    memberships = _memberships(request)
    return {
        "user": request.user,
        "organization": membership.organization if membership else None,
        "role": membership.role if membership else None,
        "memberships": memberships,
    }


@router.get(
    "/me", response={200: MeOut, **ERRORS}, summary="The signed-in user and their organizations"
)
def get_me(request: HttpRequest) -> Any:
    return _me(request)


@router.patch("/me", response={200: MeOut, **ERRORS}, summary="Update your name")
def patch_me(request: HttpRequest, payload: MePatch) -> Any:
    services.update_profile(request.user, full_name=payload.full_name)  # type: ignore[arg-type]
    return _me(request)


@router.get(
    "/organizations",
    response={200: list[OrganizationOut], **ERRORS},
    summary="Organizations you can act in",
)
@paginate(Pagination)
def list_organizations(request: HttpRequest) -> Any:
    ids = [m.organization_id for m in _memberships(request)]
    return Organization.objects.filter(pk__in=ids).order_by("name")


@router.post(
    "/organizations",
    response={201: OrganizationOut, **ERRORS},
    summary="Create an organization (you become its owner)",
)
def create_organization(request: HttpRequest, payload: OrganizationIn) -> Any:
    org = services.create_organization(request.user, name=payload.name, slug=payload.slug)  # type: ignore[arg-type]
    return Status(201, org)


@router.get(
    "/organizations/current",
    response={200: OrganizationOut, **ERRORS},
    summary="The organization this request acts in",
)
def current_organization(request: HttpRequest) -> Any:
    return member(request).organization


@router.patch(
    "/organizations/current",
    response={200: OrganizationOut, **ERRORS},
    summary="Rename the organization (owners)",
)
def rename_organization(request: HttpRequest, payload: OrganizationPatch) -> Any:
    return services.rename_organization(member(request), name=payload.name)


@router.get(
    "/memberships",
    response={200: list[MembershipOut], **ERRORS},
    summary="Members of the organization",
)
@paginate(Pagination)
def list_memberships(request: HttpRequest, role: str | None = None) -> Any:
    actor = member(request)
    require(actor, "members.view")
    qs = Membership.objects.for_member(actor).select_related("user").order_by("user__email")
    return qs.filter(role=role) if role else qs


@router.patch(
    "/memberships/{membership_id}",
    response={200: MembershipOut, **ERRORS},
    summary="Change a member's role (owners)",
)
def change_role(request: HttpRequest, membership_id: Id, payload: RoleIn) -> Any:
    target = get_for_member(Membership, request, pk=membership_id, select_related=["user"])
    return services.change_role(member(request), target, role=payload.role)


@router.delete(
    "/memberships/{membership_id}",
    response={204: None, **ERRORS},
    summary="Remove a member, or leave",
)
def remove_member(request: HttpRequest, membership_id: Id) -> Any:
    target = get_for_member(Membership, request, pk=membership_id)
    services.remove_member(member(request), target)
    return Status(204, None)


class InvitationFilter(Schema):
    status: str | None = None


@router.get(
    "/invitations",
    response={200: list[InvitationOut], **ERRORS},
    summary="Invitations (leaders and owners)",
)
@paginate(Pagination)
def list_invitations(request: HttpRequest, filters: Query[InvitationFilter]) -> Any:
    actor = member(request)
    require(actor, "members.invite")
    qs = Invitation.objects.for_member(actor).order_by("-created_at")
    if filters.status == "pending":
        qs = qs.filter(accepted_at__isnull=True, revoked_at__isnull=True)
    return qs


@router.post(
    "/invitations", response={201: InvitationCreated, **ERRORS}, summary="Invite someone by email"
)
def create_invitation(request: HttpRequest, payload: InvitationIn) -> Any:
    invitation = services.invite(member(request), email=payload.email, role=payload.role)
    return Status(201, invitation)


@router.delete(
    "/invitations/{invitation_id}", response={204: None, **ERRORS}, summary="Withdraw an invitation"
)
def revoke_invitation(request: HttpRequest, invitation_id: Id) -> Any:
    services.revoke_invitation(
        member(request), get_for_member(Invitation, request, pk=invitation_id)
    )
    return Status(204, None)


@router.get(
    "/tokens",
    response={200: list[TokenOut], **ERRORS},
    summary="Your API tokens in this organization (owners: everyone's)",
)
@paginate(Pagination)
def list_tokens(request: HttpRequest) -> Any:
    return services.tokens_for(member(request))


@router.post(
    "/tokens",
    response={201: TokenCreated, **ERRORS},
    summary="Create a token (the secret is shown once)",
)
def create_token(request: HttpRequest, payload: TokenIn) -> Any:
    token, raw = services.create_token(
        member(request), name=payload.name, expires_in_days=payload.expires_in_days
    )
    token.token = raw  # type: ignore[attr-defined]
    return Status(201, token)


@router.delete(
    "/tokens/{token_id}",
    response={204: None, **ERRORS},
    summary="Revoke a token (your own; owners: anyone's)",
)
def revoke_token(request: HttpRequest, token_id: Id) -> Any:
    actor = member(request)
    token = get_for_member(services.tokens_for(actor), request, pk=token_id)
    services.revoke_token(actor, token)
    return Status(204, None)


class AuditFilter(Schema):
    action: str | None = None
    object_type: str | None = None
    actor: str | None = None


@router.get(
    "/audit", response={200: list[AuditEventOut], **ERRORS}, summary="The audit log (owners)"
)
@paginate(Pagination)
def list_audit(request: HttpRequest, filters: Query[AuditFilter]) -> Any:
    actor = member(request)
    require(actor, "audit.view")
    qs = AuditEvent.objects.filter(organization_id=actor.organization_id)
    if filters.action:
        qs = qs.filter(action=filters.action)
    if filters.object_type:
        qs = qs.filter(object_type=filters.object_type)
    if filters.actor:
        qs = qs.filter(actor_label__icontains=filters.actor)
    return qs
