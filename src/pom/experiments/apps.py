from django.apps import AppConfig


class ExperimentsConfig(AppConfig):
    """Assumptions, assumption tests and experiment statistics: the testing half of discovery.

    Kept as its own app (rather than inside ``discovery``) so that its statistics, models and
    migrations evolve independently of the evidence and opportunity-tree models.
    """

    name = "pom.experiments"
    label = "experiments"
    verbose_name = "Assumptions and experiments"

    def ready(self) -> None:
        from pom.core import attention
        from pom.experiments import attention as todo
        from pom.experiments.panels import render_outcome_experiments_panel
        from pom.strategy import outcome_panels

        # The outcome workspace: the assumptions under its solutions and their tests.
        outcome_panels.register(
            "experiments", "Assumptions and tests", render_outcome_experiments_panel, order=25
        )

        # The home: tests running past their end, risky assumptions nobody tests.
        attention.register("overdue_tests", todo.overdue_tests, order=40, roles=attention.WORKERS)
        attention.register(
            "risky_assumptions", todo.risky_assumptions, order=45, roles=attention.WORKERS
        )
