from django.apps import AppConfig


class DiscoveryConfig(AppConfig):
    name = "pom.discovery"
    label = "discovery"
    verbose_name = "Discovery"

    def ready(self) -> None:
        from pom.core import attention
        from pom.discovery import attention as todo
        from pom.discovery.panels import (
            render_discovery_panel,
            render_outcome_decisions_panel,
            render_outcome_input_panel,
            render_outcome_tree_panel,
        )
        from pom.strategy import outcome_panels
        from pom.teams.panels import register

        # The home: lapsed touchpoint habits and untriaged input for those who run discovery;
        # a stakeholder sees their own input still waiting.
        attention.register("touchpoints", todo.lapsed_teams, order=20, roles=attention.WORKERS)
        attention.register("inbox", todo.untriaged_input, order=30, roles=attention.WORKERS)
        attention.register("decisions_due", todo.decisions_due, order=35, roles=attention.WORKERS)
        attention.register("my_input", todo.my_waiting_input, order=30, roles=("stakeholder",))

        # The team page shows the team's weekly customer-contact habit and what it is working on.
        register("discovery", "Discovery", render_discovery_panel, order=20)
        # The outcome page shows the constraints and context stakeholders gave on it.
        # The outcome workspace: its tree and the decisions on it.
        outcome_panels.register(
            "tree", "Opportunity solution tree", render_outcome_tree_panel, order=20
        )
        outcome_panels.register("decisions", "Decisions", render_outcome_decisions_panel, order=30)
        outcome_panels.register(
            "stakeholder_input",
            "Constraints and context from stakeholders",
            render_outcome_input_panel,
            order=40,
        )
