from django.apps import AppConfig


class StrategyConfig(AppConfig):
    name = "pom.strategy"
    label = "strategy"
    verbose_name = "Strategy"
