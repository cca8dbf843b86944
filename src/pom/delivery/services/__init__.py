"""Domain operations of the delivery pillar; callers write ``services.log_release(...)``."""

from pom.delivery.services.incidents import record_incident, update_incident
from pom.delivery.services.releases import delete_release, log_release, update_release
from pom.delivery.services.sources import (
    create_source,
    delete_source,
    map_repository,
    replace_secret,
    update_source,
)

__all__ = [
    "create_source",
    "delete_release",
    "delete_source",
    "log_release",
    "map_repository",
    "record_incident",
    "replace_secret",
    "update_incident",
    "update_release",
    "update_source",
]
