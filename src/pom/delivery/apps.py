from django.apps import AppConfig


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
