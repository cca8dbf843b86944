"""What the first request to each page would otherwise pay for, done once when the server starts.

Django imports the views (and builds the API's schemas) on the first request a process serves,
and compiles a template the first time it renders it; at 1,000 teams that made a worker's first
request take 1.4 s and the first view of each page 100–150 ms more than the next. ``pom serve``
runs gunicorn with ``--preload``, so ``warm`` (called by ``pom.config.wsgi``) runs once, in the
parent, and every worker starts with all of it in memory.

``freeze`` then moves those objects (some 340,000) out of the garbage collector's sight: a full
collection walked them all and paused the request it fell in by 120–130 ms, about one request in
twenty (most of the bench's p95 over budget); frozen, a collection takes 5 ms.
"""

from __future__ import annotations

import gc
import logging
from pathlib import Path
from typing import Any, cast

from django.apps import apps
from django.conf import settings
from django.db import connections
from django.template import TemplateSyntaxError
from django.template.loader import get_template
from django.urls import get_resolver

logger = logging.getLogger(__name__)


def template_names() -> list[str]:
    """Every template of pom's template folders and its apps', by the name views load it by."""
    engines = cast(list[dict[str, Any]], settings.TEMPLATES)
    dirs = [d for engine in engines for d in engine.get("DIRS", [])]
    roots = [Path(d) for d in dirs] + [Path(a.path) / "templates" for a in apps.get_app_configs()]
    names: set[str] = set()
    for root in roots:
        if root.is_dir():
            names.update(p.relative_to(root).as_posix() for p in root.rglob("*.html"))
    return sorted(names)


def warm() -> int:
    """Import every view and compile every template; how many templates."""
    get_resolver().reverse_dict  # noqa: B018 — imports the URLconf: every view module, the API
    compiled = 0
    for name in template_names():
        try:
            get_template(name)
        except TemplateSyntaxError:
            logger.exception("Template %s does not compile", name)
            continue
        compiled += 1
    connections.close_all()  # nothing opened here may be shared with the forked workers
    return compiled


def freeze() -> None:
    """After ``warm``, in the parent: what is loaded now lives as long as the process."""
    gc.collect()
    gc.freeze()
