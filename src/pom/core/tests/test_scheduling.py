"""The scheduler commands share one loop (``pom.core.scheduling``): ``--once`` queues what is due,
says how many, and exits."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("command", "none", "one"),
    [
        ("metrics_scheduler", "Queued 0 metric refreshes.", "Queued 1 metric refresh."),
        ("culture_scheduler", "Queued 0 deliveries.", "Queued 1 delivery."),
    ],
)
def test_a_scheduler_run_once_says_what_it_queued_and_exits(
    command: str, none: str, one: str
) -> None:
    out = io.StringIO()
    call_command(command, "--once", stdout=out)
    assert out.getvalue().strip() == none
    from importlib import import_module

    app = command.removesuffix("_scheduler")
    module = import_module(f"pom.{app}.management.commands.{command}")
    assert module.Command().queued(1) == one
