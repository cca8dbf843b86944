from django.apps import AppConfig


class DiscoveryConfig(AppConfig):
    name = "pom.discovery"
    label = "discovery"
    verbose_name = "Discovery"
