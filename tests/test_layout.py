"""The layout stays legible: no module under src/ passes 800 lines (split it by noun, see
docs/architecture.md), and no template line passes 200 characters (break between tags and
attributes; Django tags cannot span lines)."""

from __future__ import annotations

from pathlib import Path

LIMIT = 800
TEMPLATE_LINE_LIMIT = 200
SRC = Path(__file__).resolve().parent.parent / "src"


def test_no_module_passes_the_line_limit() -> None:
    too_long = {
        str(path.relative_to(SRC)): n
        for path in SRC.rglob("*.py")
        if "migrations" not in path.parts
        and (n := len(path.read_text(encoding="utf-8").splitlines())) > LIMIT
    }
    assert too_long == {}, f"split these by noun (over {LIMIT} lines): {too_long}"


def test_no_template_line_passes_the_width_limit() -> None:
    too_wide = [
        f"{path.relative_to(SRC)}:{number}"
        for path in sorted(SRC.rglob("templates/**/*.html"))
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if len(line) > TEMPLATE_LINE_LIMIT
    ]
    assert too_wide == [], f"break these up (over {TEMPLATE_LINE_LIMIT} characters): {too_wide}"
