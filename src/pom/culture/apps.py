from django.apps import AppConfig


class CultureConfig(AppConfig):
    """The rituals that keep the model visible (compiled from each team's own data) and what the
    organization learns."""

    name = "pom.culture"
    label = "culture"
    verbose_name = "Culture"

    def ready(self) -> None:
        from pom.core import attention
        from pom.culture import attention as todo
        from pom.culture.panels import render_culture_panel
        from pom.teams.panels import register

        # The team page shows the demo being prepared and the last one held.
        register("culture", "Culture", render_culture_panel, order=40)
        # Stakeholders hear back when a team triages their input.
        from pom.culture.notices import input_triaged
        from pom.discovery.signals import input_triaged as triaged

        triaged.connect(input_triaged, dispatch_uid="culture.input_triaged")
        # The home: teams whose ritual is late by their own cadence; leaders, a late review.
        attention.register("rituals", todo.overdue_teams, order=70, roles=attention.WORKERS)
        attention.register("review", todo.overdue_review, order=70, roles=attention.LEADS)
