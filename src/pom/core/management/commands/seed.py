"""``pom seed``: generate a realistic enterprise-scale organization to try pom or benchmark it."""

from __future__ import annotations

import random
import time
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from pom.accounts.models import Organization
from pom.core.seeding import SEED_PASSWORD, SeedContext, run_seeders


class Command(BaseCommand):
    help = "Generate an organization with N teams' worth of people, teams, strategy and discovery data."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument(
            "--teams", type=int, default=50, help="How many product teams (about 7 people each)."
        )
        parser.add_argument(
            "--org", default="", help="Slug for the new organization (default: enterprise-N)."
        )
        parser.add_argument("--name", default="", help="Name for the new organization.")
        parser.add_argument(
            "--seed", type=int, default=1, help="Random seed: the same seed makes the same data."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        teams = options["teams"]
        if teams < 1:
            raise CommandError("--teams must be at least 1.")
        slug = options["org"] or f"enterprise-{teams}"
        if Organization.objects.filter(slug=slug).exists():
            raise CommandError(
                f"An organization with slug {slug!r} exists already; pick another with --org."
            )
        started = time.monotonic()
        org = Organization.objects.create(
            name=options["name"] or f"Enterprise ({teams} teams)", slug=slug
        )
        ctx = run_seeders(
            SeedContext(organization=org, teams=teams, rng=random.Random(options["seed"]))
        )
        elapsed = time.monotonic() - started
        self.stdout.write(self.style.SUCCESS(f"Seeded {org.name} ({org.slug}) in {elapsed:.1f}s."))
        self.stdout.write(
            f"Sign in as {ctx.owner_email} with password {SEED_PASSWORD!r} (every generated person has it)."
        )
