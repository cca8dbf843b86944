from django.apps import AppConfig


class DiscoveryConfig(AppConfig):
    name = "pom.discovery"
    label = "discovery"
    verbose_name = "Discovery"

    def ready(self) -> None:
        from pom.discovery.panels import render_discovery_panel
        from pom.teams.panels import register

        # The team page shows the team's weekly customer-contact habit and what it is working on.
        register("discovery", "Discovery", render_discovery_panel, order=20)
