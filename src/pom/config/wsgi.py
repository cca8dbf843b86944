"""WSGI entry point, served by gunicorn (``pom serve``)."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "pom.config.settings")
application = get_wsgi_application()
