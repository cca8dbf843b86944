from django.apps import AppConfig


class StrategyConfig(AppConfig):
    name = "pom.strategy"
    label = "strategy"
    verbose_name = "Strategy"

    def ready(self) -> None:
        from pom.strategy.panels import render_outcomes_panel
        from pom.teams.panels import register

        # The team page shows what the team owns, each outcome one click from its check-in form.
        register("outcomes", "Outcomes", render_outcomes_panel, order=10)
