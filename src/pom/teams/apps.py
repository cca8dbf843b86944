from django.apps import AppConfig


class TeamsConfig(AppConfig):
    name = "pom.teams"
    label = "teams"
    verbose_name = "Teams"

    def ready(self) -> None:
        from pom.core import attention
        from pom.teams.attention import trio_gaps

        # The home: teams without a full trio, for those who can fill the seat.
        attention.register("trio_gaps", trio_gaps, order=60, roles=attention.WORKERS)
