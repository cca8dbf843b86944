"""Domain operations of the delivery pillar; callers write ``services.log_release(...)``."""

from pom.delivery.services.releases import delete_release, log_release, update_release

__all__ = ["delete_release", "log_release", "update_release"]
