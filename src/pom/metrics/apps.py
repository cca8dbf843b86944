from django.apps import AppConfig


class MetricsConfig(AppConfig):
    """Data sources, metric definitions evaluated where the data lives, and their time series."""

    name = "pom.metrics"
    label = "metrics"
    verbose_name = "Metrics"
