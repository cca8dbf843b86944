"""Benchmark: how long a people CSV import takes to preview and to apply, and whether it blocks.

``python bench/bench_imports.py [--rows 5000 15000] [--database-url postgres://…]``

Each size gets a fresh organization with 50 teams; the CSV puts every row's person on one of
them. Printed per size: preview seconds, apply seconds, rows per second, and how long a write of
*another* organization made during the preview waited (it must not fail, and should not wait
for the preview). Uses its own SQLite file under ``var/bench-imports/`` unless a database URL is
given. Not part of the test run.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rows", type=int, nargs="+", default=[5000, 15000])
    parser.add_argument("--database-url", default="")
    args = parser.parse_args()
    os.environ.pop("DATABASE_URL", None)
    if args.database_url:
        os.environ["DATABASE_URL"] = args.database_url
    else:
        data = ROOT / "var" / "bench-imports"
        data.mkdir(parents=True, exist_ok=True)
        for f in data.glob("pom.sqlite3*"):
            f.unlink()
        os.environ["POM_DATA_DIR"] = str(data)
    os.environ.setdefault("POM_SECRET_KEY", "bench-imports-not-secret")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "pom.config.settings")
    os.environ.setdefault("POM_LOG_LEVEL", "WARNING")

    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    call_command("migrate", verbosity=0)
    from tests.fixtures import make_user

    from pom.accounts import services as accounts
    from pom.accounts.models import Membership
    from pom.core import audit
    from pom.teams import services, transfer

    def organization(slug: str) -> object:
        owner = make_user(f"owner@{slug}.test")
        org = accounts.create_organization(owner, name=slug.title(), slug=slug)
        return Membership.objects.for_org(org).get(user=owner)

    print(f"database: {connection.vendor}")
    print(
        f"{'rows':>7} {'preview s':>10} {'apply s':>8} {'rows/s':>8} {'other write waited s':>21}"
    )
    for n in args.rows:
        stamp = f"{n}-{int(time.time())}"
        actor = organization(f"imp-{stamp}")
        other = organization(f"other-{stamp}")
        with audit.acting_as(actor.user):  # type: ignore[attr-defined]
            slugs = [services.create_team(actor, name=f"Team {i}").slug for i in range(50)]
        lines = ["name,email,title,team,role,allocation,since"]
        for i in range(n):
            lines.append(
                f"Person {i},p{i}@imp.test,Engineer,{slugs[i % 50]},engineer,{10 + i % 90},"
            )
        csv_text = "\n".join(lines) + "\n"

        waited: list[float] = []
        errors: list[str] = []

        def other_write(
            _other: object = other, _waited: list[float] = waited, _errors: list[str] = errors
        ) -> None:
            time.sleep(0.5)
            started = time.perf_counter()
            try:
                with audit.acting_as(_other.user):  # type: ignore[attr-defined]
                    services.create_team(_other, name=f"During {time.time()}")
            except Exception as exc:
                _errors.append(f"{type(exc).__name__}: {exc}")
            finally:
                _waited.append(time.perf_counter() - started)
                connection.close()

        writer = threading.Thread(target=other_write)
        writer.start()
        started = time.perf_counter()
        with audit.acting_as(actor.user):  # type: ignore[attr-defined]
            preview = transfer.run_import(actor, "csv", csv_text, apply=False)
        preview_s = time.perf_counter() - started
        writer.join()
        assert preview.ok, preview.problems[:3]
        started = time.perf_counter()
        with audit.acting_as(actor.user):  # type: ignore[attr-defined]
            applied = transfer.run_import(actor, "csv", csv_text, apply=True)
        apply_s = time.perf_counter() - started
        assert applied.applied, applied.problems[:3]
        print(
            f"{n:>7} {preview_s:>10.2f} {apply_s:>8.2f} {n / apply_s:>8.0f} "
            f"{waited[0]:>21.2f}" + (f"  FAILED: {errors[0]}" if errors else "")
        )


if __name__ == "__main__":
    with tempfile.TemporaryDirectory():
        main()
