"""WSGI entry point, served by gunicorn (``pom serve``, which preloads it once before forking)."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "pom.config.settings")
application = get_wsgi_application()

from pom.core.warmup import freeze, warm  # noqa: E402 — needs the apps loaded above

warm()
freeze()
