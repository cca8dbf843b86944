from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "pom.core"
    label = "core"
    verbose_name = "Core"

    def ready(self) -> None:
        from pom.core import audit

        audit.connect_signals()
