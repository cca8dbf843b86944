"""REST endpoints of the strategy pillar, mounted at /api/v1/strategy/."""
# No "from __future__ import annotations" here: Django Ninja reads the annotations at run time.

from ninja import Router

router = Router(tags=["strategy"])
