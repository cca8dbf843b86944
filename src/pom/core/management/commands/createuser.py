from __future__ import annotations

import getpass
from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from pom.accounts import services
from pom.accounts.models import Membership, Organization, Role


class Command(BaseCommand):
    help = "Create a user; optionally add them to an organization with a role."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("email")
        parser.add_argument("--name", default="")
        parser.add_argument("--password", help="Omit to be asked (or set POM_NEW_PASSWORD).")
        parser.add_argument("--org", help="Slug of an organization to join.")
        parser.add_argument("--role", default=Role.MEMBER, choices=Role.values)
        parser.add_argument("--superuser", action="store_true", help="May open Django's admin.")

    def handle(self, *args: Any, **options: Any) -> None:
        import os

        # Check the organization first, so a typo in --org leaves no half-made user behind.
        org = None
        if options["org"]:
            org = Organization.objects.filter(slug=options["org"]).first()
            if org is None:
                raise CommandError(f"No organization with slug {options['org']!r}.")
        password = (
            options["password"]
            or os.environ.get("POM_NEW_PASSWORD")
            or getpass.getpass("Password: ")
        )
        try:
            user = services.sign_up(
                email=options["email"], password=password, full_name=options["name"]
            )
        except ValidationError as exc:
            raise CommandError(
                "; ".join(f"{k}: {' '.join(v)}" for k, v in exc.message_dict.items())
            ) from None
        if options["superuser"]:
            user.is_staff = user.is_superuser = True
            user.save(update_fields=["is_staff", "is_superuser"])
        if org is not None:
            Membership.objects.create(organization=org, user=user, role=options["role"])
        self.stdout.write(self.style.SUCCESS(f"Created {user.email}"))
