from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth.forms import AuthenticationForm

from pom.accounts.models import Role


class LoginForm(AuthenticationForm):
    username = forms.EmailField(
        label="Email address",
        widget=forms.EmailInput(attrs={"autofocus": True, "autocomplete": "email"}),
    )

    error_messages = {
        "invalid_login": "That email and password do not match an account. Check both and try again.",
        "inactive": "This account is disabled.",
    }


class SignUpForm(forms.Form):
    full_name = forms.CharField(
        label="Your name", max_length=150, widget=forms.TextInput(attrs={"autocomplete": "name"})
    )
    email = forms.EmailField(
        label="Email address", widget=forms.EmailInput(attrs={"autocomplete": "email"})
    )
    password = forms.CharField(
        label="Password",
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text="At least 10 characters, not a common password.",
    )


class ProfileForm(forms.Form):
    full_name = forms.CharField(label="Your name", max_length=150, required=False)


class OrganizationForm(forms.Form):
    name = forms.CharField(label="Organization name", max_length=120)
    slug = forms.SlugField(
        label="Short address (optional)",
        max_length=60,
        required=False,
        help_text="Letters, numbers and hyphens.",
    )


class InvitationForm(forms.Form):
    email = forms.EmailField(label="Email address")
    role = forms.ChoiceField(label="Their role", choices=Role.choices, initial=Role.MEMBER)

    def __init__(self, *args: Any, roles: list[Role] | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if roles is not None:
            self.fields["role"].choices = [(r.value, r.label) for r in roles]  # type: ignore[attr-defined]


class RoleForm(forms.Form):
    role = forms.ChoiceField(label="Role", choices=Role.choices)


EXPIRY_CHOICES = [("", "Never"), ("30", "30 days"), ("90", "90 days"), ("365", "1 year")]


class TokenForm(forms.Form):
    name = forms.CharField(
        label="Token name", max_length=100, help_text="Where will you use it? e.g. 'CI export'."
    )
    expires_in_days = forms.TypedChoiceField(
        label="Expires", choices=EXPIRY_CHOICES, required=False, coerce=int, empty_value=None
    )
