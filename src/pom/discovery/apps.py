from django.apps import AppConfig


class DiscoveryConfig(AppConfig):
    name = "pom.discovery"
    label = "discovery"
    verbose_name = "Discovery"

    def ready(self) -> None:
        from pom.discovery.panels import render_discovery_panel, render_outcome_input_panel
        from pom.strategy import outcome_panels
        from pom.teams.panels import register

        # The team page shows the team's weekly customer-contact habit and what it is working on.
        register("discovery", "Discovery", render_discovery_panel, order=20)
        # The outcome page shows the constraints and context stakeholders gave on it.
        outcome_panels.register(
            "stakeholder_input",
            "Constraints and context from stakeholders",
            render_outcome_input_panel,
            order=40,
        )
