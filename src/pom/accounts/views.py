"""Pages for signing in, organizations, members, invitations and API tokens."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import Resolver404, resolve, reverse, reverse_lazy
from django.views.decorators.http import require_POST
from django.views.generic.edit import FormView
from django_ratelimit.core import is_ratelimited

from pom.accounts import services
from pom.accounts.filters import MemberFilter
from pom.accounts.forms import (
    InvitationForm,
    LoginForm,
    OrganizationForm,
    ProfileForm,
    RoleForm,
    SignUpForm,
    TokenForm,
)
from pom.accounts.models import ROLE_DESCRIPTIONS, Invitation, Membership, Role
from pom.core.middleware import SESSION_KEY
from pom.core.permissions import assignable_roles, can, require
from pom.core.web import PomRequest, act, apply_errors, member_view, paginate, render_page


def _login_key(group: str, request: HttpRequest) -> str:
    return (request.POST.get("username") or "").strip().lower()


def _client_key(group: str, request: HttpRequest) -> str:
    """The client's address. Behind a proxy every request comes from the proxy, so use the address
    the proxy saw (the last X-Forwarded-For hop; earlier hops are whatever the client claims)."""
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "") if settings.POM_BEHIND_PROXY else ""
    return forwarded.rsplit(",", 1)[-1].strip() or request.META.get("REMOTE_ADDR", "")


class RateLimitedPost(FormView):  # type: ignore[type-arg]
    """A form whose posts are refused (429, ``limit_message`` on the form) once any of
    ``limit_keys`` has posted more than the ``limit_rate`` setting allows."""

    limit_group: str
    limit_rate: str  # the name of the setting, read per request so tests can change it
    limit_keys: tuple[tuple[str, Any], ...]
    limit_message: str

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        limited = any(
            is_ratelimited(
                request,
                group=f"{self.limit_group}-{key_name}",
                key=key,
                rate=getattr(settings, self.limit_rate),
                method="POST",
                increment=True,
            )
            for key_name, key in self.limit_keys
        )
        if limited:
            form = self.get_form()
            form.errors.clear()
            form.add_error(None, self.limit_message)
            return self.render_to_response(self.get_context_data(form=form), status=429)
        return super().post(request, *args, **kwargs)


class LoginView(RateLimitedPost, auth_views.LoginView):
    """Email and password sign-in, rate limited per address and per client."""

    form_class = LoginForm
    template_name = "accounts/login.html"
    redirect_authenticated_user = True

    limit_group = "login"
    limit_rate = "POM_LOGIN_RATE"
    limit_keys = (("ip", _client_key), ("user", _login_key))
    limit_message = "Too many sign-in attempts. Wait a minute, then try again."

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        return super().get_context_data(open_signup=settings.POM_OPEN_SIGNUP, **kwargs)


def _reset_key(group: str, request: HttpRequest) -> str:
    return (request.POST.get("email") or "").strip().lower()


class PasswordResetView(RateLimitedPost, auth_views.PasswordResetView):
    """Reset links by email, rate limited per address and per client (each sends an email)."""

    template_name = "accounts/password_reset.html"
    email_template_name = "accounts/email/password_reset.txt"
    subject_template_name = "accounts/email/password_reset_subject.txt"
    success_url = reverse_lazy("accounts:password_reset_done")

    limit_group = "password-reset"
    limit_rate = "POM_PASSWORD_RESET_RATE"
    limit_keys = (("ip", _client_key), ("email", _reset_key))
    limit_message = "Too many reset requests. Wait a while, then try again."


def _invitation_in(next_url: str) -> Invitation | None:
    """The usable invitation a sign-up continues to, when ``next`` is an invitation link."""
    try:
        match = resolve(urlsplit(next_url).path)
    except Resolver404:
        return None
    if match.view_name != "accounts:invitation_accept":
        return None
    try:
        return services.invitation_from_link(match.kwargs["token"])
    except services.InvitationError:
        return None


def signup(request: PomRequest) -> HttpResponse:
    # With sign-up closed, only someone holding a usable invitation may create an account, and
    # only for the invited address.
    invited = None if settings.POM_OPEN_SIGNUP else _invitation_in(request.GET.get("next", ""))
    if not settings.POM_OPEN_SIGNUP and invited is None:
        return render(request, "accounts/signup_closed.html", status=403)
    if request.user.is_authenticated:
        return redirect("core:home")
    form = SignUpForm(request.POST or None, initial={"email": invited.email if invited else ""})
    if request.method == "POST" and form.is_valid():
        try:
            if invited and form.cleaned_data["email"].lower() != invited.email.lower():
                raise ValidationError(
                    {"email": f"This invitation is for {invited.email}; sign up with that address."}
                )
            user = services.sign_up(**form.cleaned_data)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            login(request, user, backend="django.contrib.auth.backends.ModelBackend")
            next_url = request.GET.get("next")
            if next_url and next_url.startswith("/") and not next_url.startswith("//"):
                return HttpResponseRedirect(next_url)
            return redirect("accounts:organization_create")
    return render(
        request, "accounts/signup.html", {"form": form}, status=400 if form.errors else 200
    )


@login_required
def profile(request: PomRequest) -> HttpResponse:
    form = ProfileForm(request.POST or None, initial={"full_name": request.user.full_name})
    if request.method == "POST" and form.is_valid():
        try:
            services.update_profile(request.user, full_name=form.cleaned_data["full_name"])
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, "Profile saved.")
            return redirect("accounts:profile")
    return render(
        request, "accounts/profile.html", {"form": form}, status=400 if form.errors else 200
    )


@login_required
def organization_create(request: PomRequest) -> HttpResponse:
    form = OrganizationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            org = services.create_organization(request.user, **form.cleaned_data)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            request.session[SESSION_KEY] = org.pk
            messages.success(request, f"{org.name} is ready. Invite your colleagues next.")
            return redirect("accounts:members")
    return render(
        request,
        "accounts/organization_create.html",
        {"form": form},
        status=400 if form.errors else 200,
    )


@login_required
@require_POST
def organization_switch(request: PomRequest) -> HttpResponse:
    memberships = {str(m.organization_id): m for m in request.memberships}
    chosen = memberships.get(request.POST.get("organization", ""))
    if chosen is None:
        messages.error(request, "You are not a member of that organization.")
        return redirect("core:home")
    request.session[SESSION_KEY] = chosen.organization_id
    services.switch_organization(request.user, chosen.organization)
    messages.success(request, f"Now working in {chosen.organization.name}.")
    return redirect("core:home")


@member_view("members.view")
def members(request: PomRequest) -> HttpResponse:
    actor: Membership = request.membership
    invite_form = InvitationForm(roles=assignable_roles(actor))
    context = _members_context(request, actor, invite_form)
    return render_page(
        request, "accounts/members.html", context, partial="accounts/partials/_members.html"
    )


def _members_context(
    request: PomRequest, actor: Membership, invite_form: InvitationForm
) -> dict[str, Any]:
    org_id = actor.organization_id
    filters = MemberFilter.from_request(
        request, Membership.objects.for_org(org_id).select_related("user").order_by("user__email")
    )
    values = filters.values
    return {
        "page": paginate(request, filters.qs),
        "query": values["q"],
        "role_filter": values["role"],
        "roles": Role.choices,
        "invitations": Invitation.objects.for_org(org_id)
        .filter(accepted_at__isnull=True, revoked_at__isnull=True)
        .select_related("invited_by"),
        "invite_form": invite_form,
        "role_descriptions": ROLE_DESCRIPTIONS.items(),
        "can_invite": can(actor, "members.invite"),
        "can_manage": can(actor, "members.manage"),
        "rename_form": OrganizationForm(initial={"name": actor.organization.name}),
    }


@member_view("members.invite")
@require_POST
def invitation_create(request: PomRequest) -> HttpResponse:
    actor: Membership = request.membership
    form = InvitationForm(request.POST, roles=assignable_roles(actor))
    if form.is_valid():
        try:
            invitation = services.invite(actor, **form.cleaned_data)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(
                request,
                f"Invitation sent to {invitation.email}. You can also share this link: "
                f"{invitation.link}",
            )
            return redirect("accounts:members")
    return render(
        request, "accounts/members.html", _members_context(request, actor, form), status=400
    )


def _invitation(request: PomRequest, pk: int) -> Invitation:
    return get_object_or_404(Invitation.objects.for_member(request.membership), pk=pk)


def _member(request: PomRequest, pk: int) -> Membership:
    return get_object_or_404(
        Membership.objects.for_member(request.membership).select_related("user"), pk=pk
    )


def _act(
    request: PomRequest, action: Any, success: str, target: str = "accounts:members"
) -> HttpResponse:
    return act(request, action, success, target)


@member_view()
@require_POST
def invitation_revoke(request: PomRequest, pk: int) -> HttpResponse:
    invitation = _invitation(request, pk)
    return _act(
        request,
        lambda: services.revoke_invitation(request.membership, invitation),
        f"Invitation for {invitation.email} withdrawn.",
    )


@member_view()
@require_POST
def invitation_resend(request: PomRequest, pk: int) -> HttpResponse:
    invitation = _invitation(request, pk)
    return _act(
        request,
        lambda: services.resend_invitation(request.membership, invitation),
        f"Invitation to {invitation.email} sent again.",
    )


@member_view()
@require_POST
def member_role(request: PomRequest, pk: int) -> HttpResponse:
    membership = _member(request, pk)
    require(request.membership, "members.manage")
    form = RoleForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Choose one of the listed roles.")
        return redirect("accounts:members")
    return _act(
        request,
        lambda: services.change_role(
            request.membership, membership, role=form.cleaned_data["role"]
        ),
        f"{membership.user} is now {form.cleaned_data['role']}.",
    )


@member_view()
@require_POST
def member_remove(request: PomRequest, pk: int) -> HttpResponse:
    membership = _member(request, pk)
    leaving = membership.pk == request.membership.pk
    target = "core:home" if leaving else "accounts:members"
    message = (
        f"You left {membership.organization.name}."
        if leaving
        else f"{membership.user} was removed."
    )
    return _act(
        request, lambda: services.remove_member(request.membership, membership), message, target
    )


@member_view("org.manage")
@require_POST
def organization_rename(request: PomRequest) -> HttpResponse:
    form = OrganizationForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Give the organization a name.")
        return redirect("accounts:members")
    return _act(
        request,
        lambda: services.rename_organization(request.membership, name=form.cleaned_data["name"]),
        "Organization renamed.",
    )


def invitation_accept(request: PomRequest, token: str) -> HttpResponse:
    """Join through an invitation link: sign in or create the account first if needed."""
    try:
        invitation = services.invitation_from_link(token)
    except services.InvitationError as exc:
        return render(request, "accounts/invitation_invalid.html", {"reason": str(exc)}, status=410)
    if not request.user.is_authenticated:
        return render(
            request,
            "accounts/invitation_accept.html",
            {
                "invitation": invitation,
                "next": request.get_full_path(),
                "form": SignUpForm(initial={"email": invitation.email}),
            },
        )
    if request.method == "POST":
        try:
            membership = services.accept_invitation(request.user, invitation)
        except services.InvitationError as exc:
            return render(
                request, "accounts/invitation_invalid.html", {"reason": str(exc)}, status=409
            )
        request.session[SESSION_KEY] = membership.organization_id
        messages.success(request, f"Welcome to {invitation.organization.name}.")
        return redirect("core:home")
    return render(request, "accounts/invitation_accept.html", {"invitation": invitation})


@member_view("tokens.manage_own")
def tokens(request: PomRequest) -> HttpResponse:
    actor: Membership = request.membership
    form = TokenForm(request.POST or None)
    created_raw = None
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                _, created_raw = services.create_token(actor, **form.cleaned_data)
            except ValidationError as exc:
                apply_errors(form, exc)
            else:
                form = TokenForm()
        if form.errors:
            status = 400
    managed = list(services.tokens_for(actor))
    context = {
        "form": form,
        "tokens": [t for t in managed if t.user_id == actor.user_id],
        "others_tokens": [t for t in managed if t.user_id != actor.user_id],
        "created_raw": created_raw,
        "api_docs": reverse("api-1.0.0:openapi-view"),
    }
    return render_page(
        request,
        "accounts/tokens.html",
        context,
        partial="accounts/partials/_tokens.html",
        status=status,
    )


@member_view("tokens.manage_own")
@require_POST
def token_revoke(request: PomRequest, pk: int) -> HttpResponse:
    token = get_object_or_404(services.tokens_for(request.membership), pk=pk)
    return _act(
        request,
        lambda: services.revoke_token(request.membership, token),
        f"Token “{token.name}” revoked; programs using it are now refused.",
        "accounts:tokens",
    )


class PasswordChangeView(auth_views.PasswordChangeView):
    template_name = "accounts/password_change.html"
    success_url = reverse_lazy("accounts:profile")

    def form_valid(self, form: Any) -> HttpResponse:
        messages.success(self.request, "Password changed.")
        return super().form_valid(form)
