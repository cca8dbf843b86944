from django.apps import AppConfig


class MetricsConfig(AppConfig):
    """Data sources, metric definitions evaluated where the data lives, and their time series."""

    name = "pom.metrics"
    label = "metrics"
    verbose_name = "Metrics"

    def ready(self) -> None:
        from pom.metrics.panels import render_outcome_metric_panel
        from pom.strategy import outcome_panels

        # The outcome workspace: the metric it reads, its series and forecast, bound guardrails.
        outcome_panels.register("metric", "Metric", render_outcome_metric_panel, order=15)
