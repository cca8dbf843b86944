from django.apps import AppConfig


class DeliveryConfig(AppConfig):
    """Releases, deployments, changes and incidents: what shipped, traced up to the outcome it serves."""

    name = "pom.delivery"
    label = "delivery"
    verbose_name = "Delivery"
