"""Users, organizations, memberships, invitations and API tokens."""

from __future__ import annotations

import hashlib
import secrets
from typing import Any, ClassVar

from django.conf import settings
from django.contrib.auth.base_user import AbstractBaseUser, BaseUserManager
from django.contrib.auth.models import PermissionsMixin
from django.core import signing
from django.db import models
from django.db.models.functions import Lower
from django.urls import reverse
from django.utils import timezone

from pom.core.models import AuditedModel, TenantModel

INVITATION_SALT = "pom.accounts.invitation"


class Role(models.TextChoices):
    OWNER = "owner", "Owner"
    LEADER = "leader", "Leader"
    MEMBER = "member", "Member"
    STAKEHOLDER = "stakeholder", "Stakeholder"
    VIEWER = "viewer", "Viewer"


ROLE_DESCRIPTIONS = {
    Role.OWNER: "Manages the organization, its members and settings; reads the audit log.",
    Role.LEADER: "Sets strategy, funds teams and outcomes, invites people; edits any team.",
    Role.MEMBER: "Works in a product team: edits the work of the teams they belong to.",
    Role.STAKEHOLDER: "Gives input and comments; does not decide or edit team work.",
    Role.VIEWER: "Reads everything in the organization.",
}


class UserManager(BaseUserManager["User"]):
    use_in_migrations = True

    def create_user(self, email: str, password: str | None = None, **extra: Any) -> User:
        if not email:
            raise ValueError("An email address is required")
        user = self.model(email=self.normalize_email(email).lower(), **extra)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def get_by_natural_key(self, email: str | None) -> User:
        # Addresses are stored in lower case; people type them however they like when signing in.
        return self.get(email=self.normalize_email(email or "").lower())

    def create_superuser(self, email: str, password: str | None = None, **extra: Any) -> User:
        extra.setdefault("is_staff", True)
        extra.setdefault("is_superuser", True)
        return self.create_user(email, password, **extra)


class User(AbstractBaseUser, PermissionsMixin):
    """A person who signs in to pom with an email address and a password."""

    email = models.EmailField("email address", unique=True)
    full_name = models.CharField(max_length=150, blank=True)
    is_active = models.BooleanField(default=True)
    is_staff = models.BooleanField(default=False)
    date_joined = models.DateTimeField(default=timezone.now)
    last_organization = models.ForeignKey(
        "accounts.Organization", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    objects = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS: ClassVar[list[str]] = []

    class Meta:
        constraints = [models.UniqueConstraint(Lower("email"), name="user_email_ci_unique")]

    def __str__(self) -> str:
        return self.full_name or self.email

    def clean(self) -> None:
        super().clean()
        self.email = self.__class__.objects.normalize_email(self.email).lower()

    def get_full_name(self) -> str:
        return self.full_name or self.email

    def get_short_name(self) -> str:
        return (self.full_name or self.email).split(" ")[0]

    def save(self, *args: Any, **kwargs: Any) -> None:
        # A new password (a reset or a change) ends every session, by Django's design; it ends
        # every API token too, or a leaked token would outlive the reset meant to stop it.
        password_changed = self._password is not None and self.pk is not None  # type: ignore[attr-defined]
        super().save(*args, **kwargs)
        if password_changed:
            # Across every organization: the tokens are the user's, wherever they were made.
            ApiToken.objects.unscoped().filter(user=self, revoked_at__isnull=True).update(
                revoked_at=timezone.now()
            )


class Organization(AuditedModel):
    """A company (or a part of one) running on the product model; every other row belongs to one."""

    name = models.CharField(max_length=120)
    slug = models.SlugField(max_length=60, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Membership(TenantModel):
    """A user's place in an organization, with the role that decides what they may do there."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships"
    )
    role = models.CharField(max_length=20, choices=Role.choices, default=Role.MEMBER)

    class Meta:
        ordering = ["user__email"]
        constraints = [
            models.UniqueConstraint(fields=["organization", "user"], name="membership_one_per_org"),
        ]

    def __str__(self) -> str:
        return f"{self.user} ({self.get_role_display()})"


def _new_nonce() -> str:
    return secrets.token_hex(16)


def hash_secret(secret: str) -> str:
    # Secrets are 256-bit random values, so a fast hash is enough to make a stolen table useless.
    return hashlib.sha256(secret.encode()).hexdigest()


class Invitation(TenantModel):
    """An emailed link that lets one person join an organization with a given role, once."""

    email = models.EmailField()
    role = models.CharField(max_length=20, choices=Role.choices, default=Role.MEMBER)
    # The link carries this nonce signed with SECRET_KEY; the nonce alone cannot be turned into a link.
    nonce = models.CharField(max_length=32, unique=True, editable=False, default=_new_nonce)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    expires_at = models.DateTimeField()
    accepted_at = models.DateTimeField(null=True, blank=True)
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    revoked_at = models.DateTimeField(null=True, blank=True)

    audit_exclude = ("created_at", "updated_at", "nonce")

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"Invitation for {self.email}"

    @property
    def status(self) -> str:
        if self.accepted_at:
            return "accepted"
        if self.revoked_at:
            return "revoked"
        if self.expires_at <= timezone.now():
            return "expired"
        return "pending"

    @property
    def link(self) -> str:
        """The address that accepts this invitation: its id and nonce, signed with SECRET_KEY."""
        token = signing.dumps([self.pk, self.nonce], salt=INVITATION_SALT)
        return settings.BASE_URL + reverse("accounts:invitation_accept", args=[token])


class ApiToken(TenantModel):
    """A personal API token: acts as its user, in one organization, until revoked or expired."""

    PREFIX = "pom_"

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="api_tokens"
    )
    name = models.CharField(max_length=100)
    token_prefix = models.CharField(max_length=16, editable=False)
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    expires_at = models.DateTimeField(null=True, blank=True)
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    audit_exclude = ("created_at", "updated_at", "token_hash", "last_used_at")

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.name} ({self.token_prefix}…)"

    @classmethod
    def generate(cls) -> str:
        return cls.PREFIX + secrets.token_urlsafe(32)

    @staticmethod
    def hash_token(token: str) -> str:
        return hash_secret(token)

    @property
    def is_active(self) -> bool:
        if self.revoked_at:
            return False
        return not (self.expires_at and self.expires_at <= timezone.now())
