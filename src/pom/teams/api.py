"""REST endpoints of the teams pillar, mounted at /api/v1/teams/."""
# No "from __future__ import annotations" here: Django Ninja reads the annotations at run time.

from ninja import Router

router = Router(tags=["teams"])
