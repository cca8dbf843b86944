"""``pom serve``: the production server (gunicorn) with static files from WhiteNoise."""

from __future__ import annotations

import os
import sys
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand
from django.db import connection

from pom.core.planner import refresh_statistics


class Command(BaseCommand):
    help = "Serve pom with gunicorn (not Django's development server)."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--bind", default=os.environ.get("POM_BIND", "127.0.0.1:8000"))
        parser.add_argument("--workers", type=int, default=int(os.environ.get("POM_WORKERS", "2")))
        parser.add_argument("--threads", type=int, default=int(os.environ.get("POM_THREADS", "4")))
        parser.add_argument(
            "--no-collectstatic", action="store_true", help="Static files are already collected."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if not options["no_collectstatic"] and not settings.TESTING:
            from django.core.management import call_command

            call_command("collectstatic", interactive=False, verbosity=0)
        if connection.vendor == "sqlite":
            refresh_statistics()  # the planner's view of tables that grew since the last start
            connection.close()
        command = [
            sys.executable,
            "-m",
            "gunicorn",
            "pom.config.wsgi:application",
            "--bind",
            options["bind"],
            "--workers",
            str(options["workers"]),
            "--threads",
            str(options["threads"]),
            "--worker-class",
            "gthread",
            "--preload",  # load and warm the app once (pom.core.warmup), then fork the workers
            "--access-logfile",
            "-",
            "--forwarded-allow-ips",
            os.environ.get("POM_FORWARDED_ALLOW_IPS", "127.0.0.1"),
        ]
        self.stdout.write(f"pom is serving on http://{options['bind']}/ (Ctrl+C to stop)")
        sys.stdout.flush()
        os.execv(sys.executable, command)  # noqa: S606 — replace this process with the server
