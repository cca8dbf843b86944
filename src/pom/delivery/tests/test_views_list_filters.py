"""Delivery pages read their filters through pom.core.filters: a value that does not parse leaves
the list unfiltered, and the page still answers."""

from __future__ import annotations

import pytest
from django.urls import reverse

from pom.delivery.tests import helpers as h

pytestmark = pytest.mark.django_db


def test_release_filters_that_do_not_parse_leave_the_list_unfiltered(world):
    h.release(world, "Loose chore")
    response = world.client("viewer").get(
        reverse("delivery:releases"), {"team": "abc", "kind": "zzz", "linked": "maybe"}
    )
    assert response.status_code == 200 and "Loose chore" in response.content.decode()


def test_the_release_form_and_picker_ignore_ids_that_do_not_parse(world):
    sol = h.solution(world)
    client = world.client("member")
    form = client.get(reverse("delivery:release_create"), {"team": "abc", "solution": "x"})
    assert form.status_code == 200
    picker = client.get(reverse("core:pick", args=["solutions"]), {"exclude": ["abc", str(sol.pk)]})
    assert picker.status_code == 200
