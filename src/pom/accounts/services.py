"""Domain operations on users, organizations, memberships, invitations and tokens.

Each takes the acting user or membership explicitly and raises ``ValidationError`` with a
field-keyed message for bad input; each write is one transaction.
"""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.contrib.auth.password_validation import validate_password
from django.core import signing
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.text import slugify

from pom.accounts.models import (
    INVITATION_SALT,
    ApiToken,
    Invitation,
    Membership,
    Organization,
    Role,
    User,
)
from pom.core.permissions import RANK, assignable_roles, can, require


def _clean_email(email: str, field: str = "email") -> str:
    email = (email or "").strip().lower()
    try:
        validate_email(email)
    except ValidationError:
        raise ValidationError({field: "Enter a valid email address."}) from None
    return email


# --- Users ------------------------------------------------------------------------------------


@transaction.atomic
def sign_up(*, email: str, password: str, full_name: str = "") -> User:
    email = _clean_email(email)
    if User.objects.filter(email__iexact=email).exists():
        raise ValidationError(
            {"email": "An account with this email already exists; sign in instead."}
        )
    candidate = User(email=email, full_name=full_name.strip())
    try:
        validate_password(password, user=candidate)
    except ValidationError as exc:
        raise ValidationError({"password": exc.messages}) from None
    return User.objects.create_user(email=email, password=password, full_name=full_name.strip())


def update_profile(user: User, *, full_name: str) -> User:
    full_name = full_name.strip()
    if len(full_name) > 150:
        raise ValidationError({"full_name": "Keep the name under 150 characters."})
    user.full_name = full_name
    user.save(update_fields=["full_name"])
    return user


# --- Organizations ----------------------------------------------------------------------------


def _unique_slug(name: str) -> str:
    base = slugify(name)[:50] or "org"
    slug, n = base, 2
    while Organization.objects.filter(slug=slug).exists():
        slug, n = f"{base}-{n}", n + 1
    return slug


@transaction.atomic
def create_organization(user: User, *, name: str, slug: str = "") -> Organization:
    """Create an organization with ``user`` as its first owner."""
    name = name.strip()
    if not name:
        raise ValidationError({"name": "Give the organization a name."})
    if len(name) > 120:
        raise ValidationError({"name": "Keep the name under 120 characters."})
    if slug:
        slug = slugify(slug)
        if not slug:
            raise ValidationError({"slug": "Use letters, numbers and hyphens."})
        if Organization.objects.filter(slug=slug).exists():
            raise ValidationError({"slug": f"The address {slug!r} is taken; choose another."})
    organization = Organization.objects.create(
        name=name, slug=slug or _unique_slug(name), created_by=user
    )
    Membership.objects.create(organization=organization, user=user, role=Role.OWNER)
    switch_organization(user, organization)
    return organization


@transaction.atomic
def rename_organization(actor: Membership, *, name: str) -> Organization:
    require(actor, "org.manage")
    name = name.strip()
    if not name:
        raise ValidationError({"name": "Give the organization a name."})
    organization = actor.organization
    organization.name = name[:120]
    organization.save(update_fields=["name"])
    return organization


def switch_organization(user: User, organization: Organization) -> None:
    """Remember the organization the user works in, across sessions."""
    if user.last_organization_id != organization.pk:
        user.last_organization = organization
        user.save(update_fields=["last_organization"])


# --- Memberships ------------------------------------------------------------------------------


def _other_owners(membership: Membership) -> bool:
    return (
        Membership.objects.for_org(membership.organization_id)
        .filter(role=Role.OWNER)
        .exclude(pk=membership.pk)
        .exists()
    )


@transaction.atomic
def change_role(actor: Membership, membership: Membership, *, role: str) -> Membership:
    require(actor, "members.manage")
    if role not in Role.values:
        raise ValidationError(
            {"role": f"Unknown role {role!r}; choose one of {', '.join(Role.values)}."}
        )
    if membership.role == Role.OWNER and role != Role.OWNER and not _other_owners(membership):
        raise ValidationError(
            {"role": "An organization needs at least one owner; make someone else owner first."}
        )
    membership.role = role
    membership.save(update_fields=["role", "updated_at"])
    return membership


@transaction.atomic
def remove_member(actor: Membership, membership: Membership) -> None:
    """Owners remove anyone; everyone may leave. The last owner cannot go."""
    if membership.pk != actor.pk:
        require(actor, "members.manage")
    if membership.role == Role.OWNER and not _other_owners(membership):
        raise ValidationError(
            {"membership": "The last owner cannot leave; make someone else owner first."}
        )
    ApiToken.objects.for_org(membership.organization_id).filter(user_id=membership.user_id).delete()
    membership.delete()


# --- Invitations ------------------------------------------------------------------------------


@transaction.atomic
def invite(actor: Membership, *, email: str, role: str = Role.MEMBER) -> Invitation:
    """Invite ``email`` with ``role``; the email goes out through the task queue after commit."""
    from pom.accounts.tasks import send_invitation_email

    require(actor, "members.invite")
    email = _clean_email(email)
    if role not in Role.values:
        raise ValidationError(
            {"role": f"Unknown role {role!r}; choose one of {', '.join(Role.values)}."}
        )
    if Role(role) not in assignable_roles(actor):
        raise ValidationError({"role": "You cannot invite someone with a role above your own."})
    org_id = actor.organization_id
    if Membership.objects.for_org(org_id).filter(user__email__iexact=email).exists():
        raise ValidationError({"email": f"{email} is already a member of this organization."})
    now = timezone.now()
    # A new invitation replaces any pending one for the same address, so only one link works.
    # Saved one by one (not QuerySet.update) so the audit log shows the withdrawal.
    for pending in Invitation.objects.for_org(org_id).filter(
        email__iexact=email, accepted_at__isnull=True, revoked_at__isnull=True
    ):
        pending.revoked_at = now
        pending.save(update_fields=["revoked_at", "updated_at"])
    invitation = Invitation.objects.create(
        organization_id=org_id,
        email=email,
        role=role,
        invited_by=actor.user,
        expires_at=now + timedelta(days=settings.POM_INVITATION_DAYS),
    )
    transaction.on_commit(lambda: send_invitation_email.enqueue(invitation.pk))
    return invitation


@transaction.atomic
def revoke_invitation(actor: Membership, invitation: Invitation) -> Invitation:
    require(actor, "members.invite")
    if invitation.status != "pending":
        raise ValidationError({"invitation": f"This invitation is already {invitation.status}."})
    invitation.revoked_at = timezone.now()
    invitation.save(update_fields=["revoked_at", "updated_at"])
    return invitation


def resend_invitation(actor: Membership, invitation: Invitation) -> None:
    from pom.accounts.tasks import send_invitation_email

    require(actor, "members.invite")
    if invitation.status != "pending":
        raise ValidationError(
            {"invitation": f"This invitation is {invitation.status}; invite again instead."}
        )
    send_invitation_email.enqueue(invitation.pk)


class InvitationError(Exception):
    """The invitation link cannot be used; the message says why."""


def invitation_from_link(token: str) -> Invitation:
    try:
        pk, nonce = signing.loads(token, salt=INVITATION_SALT)
    except (signing.BadSignature, ValueError, TypeError):
        raise InvitationError("This invitation link is not valid. Ask for a new one.") from None
    invitation = (
        Invitation.objects.unscoped()
        .select_related("organization", "invited_by")
        .filter(pk=pk, nonce=nonce)
        .first()
    )
    if invitation is None:
        raise InvitationError("This invitation no longer exists. Ask for a new one.")
    messages = {
        "accepted": "This invitation has already been used.",
        "revoked": "This invitation was withdrawn. Ask for a new one.",
        "expired": "This invitation has expired. Ask the person who invited you for a new one.",
    }
    if invitation.status in messages:
        raise InvitationError(messages[invitation.status])
    return invitation


@transaction.atomic
def accept_invitation(user: User, invitation: Invitation) -> Membership:
    invitation = (
        Invitation.objects.for_org(invitation.organization_id)
        .select_for_update()
        .get(pk=invitation.pk)
    )
    if invitation.status != "pending":
        raise InvitationError(f"This invitation is {invitation.status}.")
    if user.email.lower() != invitation.email.lower():
        raise InvitationError(
            f"This invitation is for {invitation.email}, but you are signed in as {user.email}. "
            "Sign out and accept it with the invited address."
        )
    membership, created = Membership.objects.get_or_create(
        organization_id=invitation.organization_id, user=user, defaults={"role": invitation.role}
    )
    if not created and RANK[Role(invitation.role)] > RANK[Role(membership.role)]:
        membership.role = invitation.role
        membership.save(update_fields=["role", "updated_at"])
    invitation.accepted_at = timezone.now()
    invitation.accepted_by = user
    invitation.save(update_fields=["accepted_at", "accepted_by", "updated_at"])
    switch_organization(user, invitation.organization)
    # The invitation proved the address: the person with it on the people list is this user.
    from pom.teams.services import link_invited_person

    link_invited_person(membership)
    return membership


# --- API tokens -------------------------------------------------------------------------------


@transaction.atomic
def create_token(
    actor: Membership, *, name: str, expires_in_days: int | None = None
) -> tuple[ApiToken, str]:
    """Create a personal token; the raw value is returned once and only its hash is kept."""
    require(actor, "tokens.manage_own")
    name = (name or "").strip()
    if not name:
        raise ValidationError(
            {"name": "Name the token after where you will use it (e.g. 'CI export')."}
        )
    if len(name) > 100:
        raise ValidationError({"name": "Keep the name under 100 characters."})
    if expires_in_days is not None and not 1 <= expires_in_days <= 3650:
        raise ValidationError({"expires_in_days": "Choose between 1 and 3650 days, or no expiry."})
    raw = ApiToken.generate()
    token = ApiToken.objects.create(
        organization_id=actor.organization_id,
        user=actor.user,
        name=name,
        token_prefix=raw[:10],
        token_hash=ApiToken.hash_token(raw),
        expires_at=timezone.now() + timedelta(days=expires_in_days) if expires_in_days else None,
    )
    return token, raw


def tokens_for(actor: Membership) -> QuerySet[ApiToken]:
    """The tokens the actor manages: their own, and for owners everyone's in the organization
    (a leaked token must be stoppable by someone other than its holder)."""
    qs = ApiToken.objects.for_member(actor).select_related("user")
    if not can(actor, "members.manage"):
        qs = qs.filter(user_id=actor.user_id)
    return qs.order_by("-created_at", "-id")


@transaction.atomic
def revoke_token(actor: Membership, token: ApiToken) -> ApiToken:
    if token.user_id != actor.user_id:
        # Owners may revoke anyone's token (a leaked one must be stoppable); nobody else may.
        require(actor, "members.manage")
    if token.revoked_at:
        raise ValidationError({"token": "This token is already revoked."})
    token.revoked_at = timezone.now()
    token.save(update_fields=["revoked_at", "updated_at"])
    return token


def authenticate_token(raw: str) -> tuple[ApiToken, Membership] | None:
    """The token and the membership it acts through, or ``None`` if it is unknown, revoked or expired."""
    if not raw.startswith(ApiToken.PREFIX):
        return None
    token = (
        ApiToken.objects.unscoped()
        .select_related("user", "organization")
        .filter(token_hash=ApiToken.hash_token(raw))
        .first()
    )
    if token is None or not token.is_active or not token.user.is_active:
        return None
    membership = (
        Membership.objects.for_org(token.organization_id)
        .select_related("organization", "user")
        .filter(user_id=token.user_id)
        .first()
    )
    if membership is None:
        return None
    now = timezone.now()
    # Touch last_used at most once a minute so reads do not turn into writes.
    if token.last_used_at is None or now - token.last_used_at > timedelta(minutes=1):
        ApiToken.objects.for_org(token.organization_id).filter(pk=token.pk).update(last_used_at=now)
    return token, membership


def ensure_member(membership: Membership | None) -> Membership:
    if membership is None:
        raise PermissionDenied("You do not belong to an organization yet; create one first.")
    return membership
