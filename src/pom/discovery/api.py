"""REST endpoints of the discovery pillar, mounted at /api/v1/discovery/."""
# No "from __future__ import annotations" here: Django Ninja reads the annotations at run time.

from ninja import Router

router = Router(tags=["discovery"])
