from __future__ import annotations

from datetime import datetime
from typing import Any

from ninja import Schema
from pydantic import Field

from pom.accounts.models import Role
from pom.core.api import InputSchema


class OrganizationOut(Schema):
    id: int
    name: str
    slug: str
    created_at: datetime


class OrganizationIn(InputSchema):
    name: str = Field(min_length=1, max_length=120)
    slug: str = Field("", max_length=60)


class OrganizationPatch(InputSchema):
    name: str = Field(min_length=1, max_length=120)


class UserOut(Schema):
    id: int
    email: str
    full_name: str


class MembershipOut(Schema):
    id: int
    role: Role
    user: UserOut
    created_at: datetime


class MyMembershipOut(Schema):
    id: int
    role: Role
    organization: OrganizationOut


class MeOut(Schema):
    user: UserOut
    organization: OrganizationOut | None
    role: Role | None
    memberships: list[MyMembershipOut]


class MePatch(InputSchema):
    full_name: str = Field(max_length=150)


class RoleIn(InputSchema):
    role: Role


class InvitationIn(InputSchema):
    email: str = Field(max_length=254)
    role: Role = Role.MEMBER


class InvitationOut(Schema):
    id: int
    email: str
    role: Role
    status: str
    expires_at: datetime
    created_at: datetime


class InvitationCreated(InvitationOut):
    link: str


class TokenIn(InputSchema):
    name: str = Field(min_length=1, max_length=100)
    expires_in_days: int | None = Field(None, ge=1, le=3650)


class TokenOut(Schema):
    id: int
    name: str
    user_email: str

    @staticmethod
    def resolve_user_email(obj: Any) -> str:
        return str(obj.user.email)

    token_prefix: str
    created_at: datetime
    expires_at: datetime | None
    last_used_at: datetime | None
    revoked_at: datetime | None


class TokenCreated(TokenOut):
    token: str = Field(description="The secret. Shown once; store it now.")


class AuditEventOut(Schema):
    id: int
    created_at: datetime
    actor: str = Field(alias="actor_label")
    action: str
    object_type: str
    object_id: str
    object_repr: str
    changes: dict[str, list[object]]
