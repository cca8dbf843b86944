from django.apps import AppConfig


class TeamsConfig(AppConfig):
    name = "pom.teams"
    label = "teams"
    verbose_name = "Teams"
