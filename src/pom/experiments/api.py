"""REST endpoints of the experiments pillar, mounted at /api/v1/experiments/."""
# No "from __future__ import annotations" here: Django Ninja reads the annotations at run time.

from ninja import Router

router = Router(tags=["experiments"])
