from django.apps import AppConfig


class ExperimentsConfig(AppConfig):
    """Assumptions, assumption tests and experiment statistics: the testing half of discovery.

    Kept as its own app (rather than inside ``discovery``) so that its statistics, models and
    migrations evolve independently of the evidence and opportunity-tree models.
    """

    name = "pom.experiments"
    label = "experiments"
    verbose_name = "Assumptions and experiments"
