"""``pom demo``: prepare the embedded database, load the demo organization and serve the app."""

from __future__ import annotations

import random
import subprocess
import sys
from typing import Any

from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.db import transaction

from pom.accounts.models import Membership, Organization, Role, User
from pom.core import audit
from pom.core.seeding import SeedContext, run_seeders

DEMO_SLUG = "acme"
DEMO_PASSWORD = "pom-demo-password"  # noqa: S105 — printed for the person trying the demo
DEMO_USERS = [
    ("alice@acme.example.com", "Alice Andersen", Role.OWNER),
    ("bob@acme.example.com", "Bob Okafor", Role.MEMBER),
    ("carol@acme.example.com", "Carol Nakamura", Role.STAKEHOLDER),
    ("victor@acme.example.com", "Victor Silva", Role.VIEWER),
]


class Command(BaseCommand):
    help = "Migrate the database, load the demo organization (once) and serve pom on http://127.0.0.1:8000."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument(
            "--no-serve", action="store_true", help="Prepare everything, then exit."
        )
        parser.add_argument("--bind", default="127.0.0.1:8000")

    def handle(self, *args: Any, **options: Any) -> None:
        call_command("migrate", interactive=False, verbosity=0)
        call_command("createcachetable", verbosity=0)
        call_command("collectstatic", interactive=False, verbosity=0)
        created = self.load_demo()
        self.stdout.write(
            self.style.SUCCESS("Demo organization " + ("loaded." if created else "already there."))
        )
        self.stdout.write(
            f"Open http://{options['bind']}/ and sign in as alice@acme.example.com / {DEMO_PASSWORD}"
        )
        self.stdout.write(
            "(also bob@ — member, carol@ — stakeholder, victor@ — viewer; same password)"
        )
        if not options["no_serve"]:
            self.start_background()
            call_command("serve", bind=options["bind"], no_collectstatic=True)

    def start_background(self) -> None:
        """The task worker (metric refreshes, emails), the metric scheduler and the digest
        scheduler, beside the server.

        They are children of this process, which becomes the server: Ctrl+C in the terminal
        stops them all (the signal goes to the whole foreground process group).
        """
        for command in (["worker"], ["metrics_scheduler"], ["culture_scheduler"]):
            subprocess.Popen([sys.executable, "-m", "pom.cli", *command])
        self.stdout.write("Background worker, metric scheduler and digest scheduler started.")

    @transaction.atomic
    def load_demo(self) -> bool:
        if Organization.objects.filter(slug=DEMO_SLUG).exists():
            return False
        with audit.acting_as(None):
            org = Organization.objects.create(name="Acme Inc. (demo)", slug=DEMO_SLUG)
            for email, name, role in DEMO_USERS:
                user = User.objects.filter(email=email).first() or User.objects.create_user(
                    email=email, password=DEMO_PASSWORD, full_name=name
                )
                Membership.objects.create(organization=org, user=user, role=role)
            run_seeders(SeedContext(organization=org, teams=6, rng=random.Random(7)))
        return True
