"""The ``pom`` command: serve, worker, migrate, demo, seed, createuser, createorg, check, and every
Django management command besides (``pom help`` lists them)."""

from __future__ import annotations

import os
import sys

ALIASES: dict[str, str] = {}


def main(argv: list[str] | None = None) -> None:
    argv = list(sys.argv[1:] if argv is None else argv)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "pom.config.settings")
    from django.core.exceptions import ImproperlyConfigured

    from pom.config.env import EnvError

    try:
        import django

        django.setup()
    except (ImproperlyConfigured, EnvError) as exc:
        # A misconfiguration is the operator's to fix; one line says what, no traceback.
        sys.stderr.write(f"pom: {exc}\n")
        raise SystemExit(2) from None

    from django.core.management import call_command, execute_from_command_line

    command = argv[0] if argv else "help"
    if command == "migrate":
        execute_from_command_line(["pom", *argv])
        call_command("createcachetable", verbosity=0)
        return
    argv[0:1] = [ALIASES.get(command, command)] if argv else ["help"]
    execute_from_command_line(["pom", *argv])


if __name__ == "__main__":
    main()
