from django.apps import AppConfig


class CultureConfig(AppConfig):
    """The rituals that keep the model visible (compiled from each team's own data) and what the
    organization learns."""

    name = "pom.culture"
    label = "culture"
    verbose_name = "Culture"

    def ready(self) -> None:
        from pom.culture.panels import render_culture_panel
        from pom.teams.panels import register

        # The team page shows the demo being prepared and the last one held.
        register("culture", "Culture", render_culture_panel, order=40)
