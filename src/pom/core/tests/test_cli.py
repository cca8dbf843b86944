"""The ``pom`` command as an operator uses it: refusing a bad configuration, users, orgs, seed, demo."""

from __future__ import annotations

import os
import subprocess
import sys
from io import StringIO
from pathlib import Path
from typing import Any

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.test import override_settings
from tests.fixtures import PASSWORD, World

from pom.accounts.models import Membership, Organization, User

POM = Path(sys.executable).with_name("pom")


def run(*args: str, **options: Any) -> str:
    out = StringIO()
    call_command(*args, stdout=out, **options)
    return out.getvalue()


def pom_in_a_clean_environment(tmp_path: Path, **env: str) -> subprocess.CompletedProcess[str]:
    """Run the installed console script the way an operator would, with nothing else set."""
    clean = {
        "PATH": os.environ.get("PATH", ""),
        "HOME": str(tmp_path),
        "POM_DATA_DIR": str(tmp_path),
    }
    return subprocess.run(  # noqa: S603 — our own console script, fixed arguments
        [str(POM), "check"],
        env={**clean, **env},
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_pom_refuses_to_start_without_a_secret_key_when_debug_is_off(tmp_path: Path) -> None:
    result = pom_in_a_clean_environment(tmp_path)
    assert result.returncode == 2
    assert result.stdout == ""
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("pom: POM_SECRET_KEY (or POM_SECRET_KEY_FILE) must be set")


def test_pom_refuses_garbage_in_a_setting_with_one_line_naming_it(tmp_path: Path) -> None:
    result = pom_in_a_clean_environment(tmp_path, POM_DEBUG="sometimes")
    assert result.returncode == 2
    assert result.stderr.strip().splitlines() == [
        "pom: POM_DEBUG must be one of true/false/1/0/yes/no/on/off, not 'sometimes'"
    ]


def test_createuser_makes_a_user_who_can_sign_in_and_joins_an_organization(world: World) -> None:
    output = run(
        "createuser",
        "Nina@Example.test",
        name="Nina New",
        password=PASSWORD,
        org="acme",
        role="leader",
    )
    assert "Created nina@example.test" in output
    nina = User.objects.get(email="nina@example.test")
    assert nina.check_password(PASSWORD)
    assert nina.full_name == "Nina New"
    assert Membership.objects.for_org(world.org_a).get(user=nina).role == "leader"


def test_createuser_with_a_weak_password_names_the_problem(db: object) -> None:
    with pytest.raises(CommandError, match=r"password: This password is too short"):
        run("createuser", "nina@example.test", password="short")
    assert not User.objects.filter(email="nina@example.test").exists()


def test_createuser_for_an_unknown_organization_creates_nobody(db: object) -> None:
    with pytest.raises(CommandError, match=r"No organization with slug 'nowhere'"):
        run("createuser", "nina@example.test", password=PASSWORD, org="nowhere")
    assert not User.objects.filter(email="nina@example.test").exists()


def test_createorg_makes_the_user_its_owner(world: World) -> None:
    output = run("createorg", "Nimbus Labs", owner="bob@acme.test", slug="nimbus")
    assert "Created Nimbus Labs (nimbus), owned by bob@acme.test" in output
    org = Organization.objects.get(slug="nimbus")
    assert Membership.objects.for_org(org).get().user.email == "bob@acme.test"


def test_createorg_explains_an_unknown_owner_and_a_taken_slug(world: World) -> None:
    with pytest.raises(CommandError, match=r"No user with email 'ghost@example.test'"):
        run("createorg", "Ghost Co", owner="ghost@example.test")
    with pytest.raises(CommandError, match=r"slug: The address 'acme' is taken"):
        run("createorg", "Acme Again", owner="bob@acme.test", slug="acme")
    assert not Organization.objects.filter(name__in=["Ghost Co", "Acme Again"]).exists()


def test_seed_makes_people_and_memberships_for_the_teams_asked_for(db: object) -> None:
    output = run("seed", teams=3)
    org = Organization.objects.get(slug="enterprise-3")
    members = Membership.objects.for_org(org)
    assert members.count() == 21
    owner = members.get(role="owner").user
    assert owner.check_password("pom-seed-password")
    assert f"Sign in as {owner.email}" in output
    assert set(members.values_list("role", flat=True)) <= {
        "owner",
        "leader",
        "member",
        "stakeholder",
        "viewer",
    }


def planner_row_estimate(table: str) -> int | None:
    """The planner's row count for ``table`` from its statistics; ``None`` before any ANALYZE."""
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("SELECT name FROM sqlite_master WHERE name = 'sqlite_stat1'")
            if cursor.fetchone() is None:
                return None
            cursor.execute("SELECT stat FROM sqlite_stat1 WHERE tbl = %s", [table])
            row = cursor.fetchone()
            return int(row[0].split()[0]) if row else None
        cursor.execute("SELECT reltuples FROM pg_class WHERE relname = %s", [table])
        tuples = cursor.fetchone()[0]
        return None if tuples < 0 else int(tuples)


def test_seed_leaves_the_planner_statistics_of_what_it_wrote(db: object) -> None:
    """Without them SQLite reads every release of the organization for one outcome's releases."""
    run("seed", teams=3)
    estimate = planner_row_estimate("accounts_membership")
    assert estimate is not None and estimate >= 21


def test_seeding_the_same_slug_twice_is_a_clear_error(db: object) -> None:
    run("seed", teams=1, org="twice")
    with pytest.raises(CommandError, match=r"slug 'twice' exists already; pick another with --org"):
        run("seed", teams=1, org="twice")
    assert Organization.objects.filter(slug="twice").count() == 1


def test_seed_refuses_zero_teams(db: object) -> None:
    with pytest.raises(CommandError, match=r"--teams must be at least 1"):
        run("seed", teams=0)


def test_demo_prepares_everything_once_and_can_run_again(db: object, tmp_path: Path) -> None:
    with override_settings(STATIC_ROOT=tmp_path / "static"):
        first = run("demo", no_serve=True)
        people = User.objects.count()
        second = run("demo", no_serve=True)
    assert "Demo organization loaded." in first
    assert "Demo organization already there." in second
    assert "alice@acme.example.com / pom-demo-password" in second
    assert Organization.objects.filter(slug="acme").count() == 1
    assert User.objects.count() == people
    alice = User.objects.get(email="alice@acme.example.com")
    assert alice.check_password("pom-demo-password")
    assert (
        Membership.objects.for_org(Organization.objects.get(slug="acme")).get(user=alice).role
        == "owner"
    )


def test_the_server_warms_every_view_and_template_before_its_workers_start(db: object) -> None:
    """``pom serve`` preloads ``pom.config.wsgi``, which compiles every template once: a worker's
    first view of a page is as fast as its next (it was 100–150 ms slower per page)."""
    from pom.core.warmup import template_names, warm

    names = template_names()
    assert len(names) > 150 and "base.html" in names and "delivery/release.html" in names
    assert warm() == len(names)  # every template compiles


def test_the_servers_entry_point_leaves_what_it_loaded_out_of_the_collectors_sight() -> None:
    """A full garbage collection walked the ~340,000 objects of a loaded pom and paused one
    request in twenty by 120 ms; the WSGI module (preloaded by ``pom serve``) freezes them."""
    probe = "import gc, pom.config.wsgi; print(gc.get_freeze_count())"
    done = subprocess.run(  # noqa: S603 — this Python, a fixed probe
        [sys.executable, "-c", probe],
        env={**os.environ, "POM_TESTING": "1"},  # test settings: no secret key needed
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    assert int(done.stdout.split()[-1]) > 100_000
