"""The layout stays legible: no module under src/ passes 800 lines (split it by noun, see
docs/architecture.md)."""

from __future__ import annotations

from pathlib import Path

LIMIT = 800
SRC = Path(__file__).resolve().parent.parent / "src"


def test_no_module_passes_the_line_limit() -> None:
    too_long = {
        str(path.relative_to(SRC)): n
        for path in SRC.rglob("*.py")
        if "migrations" not in path.parts
        and (n := len(path.read_text(encoding="utf-8").splitlines())) > LIMIT
    }
    assert too_long == {}, f"split these by noun (over {LIMIT} lines): {too_long}"
