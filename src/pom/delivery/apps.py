from typing import Any

from django.apps import AppConfig
from django.db import DEFAULT_DB_ALIAS, connections
from django.db.models.signals import post_migrate


class DeliveryConfig(AppConfig):
    """Releases, deployments, changes and incidents: what shipped, traced up to the outcome it serves."""

    name = "pom.delivery"
    label = "delivery"
    verbose_name = "Delivery"

    def ready(self) -> None:
        from pom.delivery.chart_marks import releases_on_chart
        from pom.delivery.panels import render_delivery_panel, render_outcome_releases
        from pom.metrics import chart_marks
        from pom.strategy import outcome_panels
        from pom.teams.panels import register

        # The team page shows the team's DORA figures with their bands and its latest releases.
        register("delivery", "Delivery", render_delivery_panel, order=30)
        # The outcome page shows the releases serving it and whether each moved its metric.
        outcome_panels.register(
            "releases", "Releases serving this outcome", render_outcome_releases, order=30
        )
        # The metrics charts mark when each release serving the outcome shipped, and its read.
        chart_marks.register("releases", releases_on_chart)

        # An organization whose delivery rows predate the daily rollup gets it built once.
        post_migrate.connect(build_missing_rollups, sender=self)


def build_missing_rollups(verbosity: int = 1, **kwargs: Any) -> None:
    """After ``migrate``: build the daily rollup of each organization that has deployments or
    releases but no rollup rows yet (data from before the rollup existed)."""
    from pom.accounts.models import Organization
    from pom.delivery import rollup
    from pom.delivery.models import DeliveryDay, Deployment, Release

    using = kwargs.get("using", DEFAULT_DB_ALIAS)
    if DeliveryDay._meta.db_table not in connections[using].introspection.table_names():
        return  # migrated back to before the rollup
    for org in Organization.objects.order_by("pk"):
        if DeliveryDay.objects.for_org(org).exists():
            continue
        if Deployment.objects.for_org(org).exists() or Release.objects.for_org(org).exists():
            rows = rollup.rebuild(org.pk)
            if verbosity:
                print(f"  Built the delivery rollup of {org.slug}: {rows} rows.")
