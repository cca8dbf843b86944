"""``pom delivery_rollup``: compute the delivery pillar's daily rollup again from the rows."""

from __future__ import annotations

import time
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from pom.accounts.models import Organization
from pom.delivery import rollup


class Command(BaseCommand):
    help = (
        "Compute the daily delivery rollup (what the delivery overview reads) again from the "
        "deployments, changes, incidents and releases: after changing POM_TIME_ZONE, or after "
        "writing delivery rows outside pom."
    )

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--org", default="", help="Only this organization (its slug).")

    def handle(self, *args: Any, **options: Any) -> None:
        orgs = Organization.objects.order_by("pk")
        if options["org"]:
            orgs = orgs.filter(slug=options["org"])
            if not orgs.exists():
                raise CommandError(f"No organization with slug {options['org']!r}.")
        for org in orgs:
            started = time.monotonic()
            rows = rollup.rebuild(org.pk)
            elapsed = time.monotonic() - started
            self.stdout.write(f"{org.slug}: {rows} rollup rows in {elapsed:.1f}s.")
