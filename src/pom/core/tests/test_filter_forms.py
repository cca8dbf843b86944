"""Filter forms work before htmx has initialised (issue 15, "CI that does not flake").

A list page's filter form answers a change through htmx, or through pom.js's
``data-autosubmit``; both are deferred scripts. Until they run — a slow network, a loaded machine,
no JavaScript — the form must still filter through a plain GET submit, so each has a visible
submit button (not one hidden inside ``<noscript>``, which does not show while scripts are merely
late).
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

import pom

FILTER_FORM = re.compile(r"<form method=\"get\"[^>]*>(?:(?!</form>).)*</form>", re.S | re.I)
CHANGE_DRIVEN = re.compile(r"hx-trigger=\"[^\"]*\bchange\b|data-autosubmit")
VISIBLE_SUBMIT = re.compile(r"<button type=\"submit\"[^>]*>")
NOSCRIPT = re.compile(r"<noscript>.*?</noscript>", re.S | re.I)


def _filter_forms() -> list[tuple[str, str]]:
    root = Path(pom.__file__).parent
    forms = []
    for path in sorted(root.glob("**/templates/**/*.html")):
        for match in FILTER_FORM.finditer(path.read_text()):
            if CHANGE_DRIVEN.search(match.group(0)):
                forms.append((path.relative_to(root).as_posix(), match.group(0)))
    return forms


FORMS = _filter_forms()


def test_the_filter_forms_were_found() -> None:
    assert len(FORMS) >= 14
    assert any(path.endswith("teams/index.html") for path, _ in FORMS)


@pytest.mark.parametrize(("path", "form"), FORMS, ids=[path for path, _ in FORMS])
def test_every_filter_form_has_a_visible_submit_button(path: str, form: str) -> None:
    assert VISIBLE_SUBMIT.search(NOSCRIPT.sub("", form)), (
        f"{path}: give the filter form a visible submit button (outside <noscript>)"
    )
