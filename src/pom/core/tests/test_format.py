"""The shared date format: one line, one shape, whatever the value."""

from __future__ import annotations

from datetime import UTC, date, datetime

from django.template import engines


def render(source: str, **context: object) -> str:
    return engines["django"].from_string(source).render(context)


def test_a_date_is_a_time_that_does_not_wrap() -> None:
    html = render("{{ d|day }}", d=date(2026, 1, 5))
    assert html == '<time class="date" datetime="2026-01-05">2026-01-05</time>'


def test_an_aware_datetime_shows_its_local_day() -> None:
    assert "2026-01-05" in render("{{ d|day }}", d=datetime(2026, 1, 5, 12, tzinfo=UTC))


def test_no_date_leaves_room_for_a_default() -> None:
    assert render('{{ d|day|default:"—" }}', d=None) == "—"
