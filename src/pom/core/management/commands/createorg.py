from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from pom.accounts import services
from pom.accounts.models import User


class Command(BaseCommand):
    help = "Create an organization owned by an existing user."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("name")
        parser.add_argument("--owner", required=True, help="Email of the user who will own it.")
        parser.add_argument("--slug", default="")

    def handle(self, *args: Any, **options: Any) -> None:
        owner = User.objects.filter(email__iexact=options["owner"]).first()
        if owner is None:
            raise CommandError(
                f"No user with email {options['owner']!r}; create one with 'pom createuser'."
            )
        try:
            org = services.create_organization(owner, name=options["name"], slug=options["slug"])
        except ValidationError as exc:
            raise CommandError(
                "; ".join(f"{k}: {' '.join(v)}" for k, v in exc.message_dict.items())
            ) from None
        self.stdout.write(
            self.style.SUCCESS(f"Created {org.name} ({org.slug}), owned by {owner.email}")
        )
