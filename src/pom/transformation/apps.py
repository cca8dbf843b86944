from django.apps import AppConfig


class TransformationConfig(AppConfig):
    """Moving a company from the project model to the product model: readiness, pilots, rollout,
    and whether it is working, read from the other pillars' records."""

    name = "pom.transformation"
    label = "transformation"
    verbose_name = "Transformation"
