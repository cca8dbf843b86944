from django.apps import AppConfig


class StrategyConfig(AppConfig):
    name = "pom.strategy"
    label = "strategy"
    verbose_name = "Strategy"

    def ready(self) -> None:
        from pom.core import attention
        from pom.metrics import chart_marks
        from pom.strategy.attention import outcome_items
        from pom.strategy.chart_marks import check_ins_on_chart
        from pom.strategy.panels import render_outcomes_panel
        from pom.teams.panels import register

        # The home counts stale, off-track and guardrail-breached outcomes (everyone follows them).
        attention.register("outcomes", outcome_items, order=10)

        # The team page shows what the team owns, each outcome one click from its check-in form.
        register("outcomes", "Outcomes", render_outcomes_panel, order=10)

        # The metrics charts mark each check-in: when it was made, its status and confidence.
        chart_marks.register("check_ins", check_ins_on_chart)
