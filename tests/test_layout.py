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


def _module_imports(path: Path) -> set[str]:
    """The pom modules ``path`` imports when it is loaded (module level, not TYPE_CHECKING)."""
    import ast

    tree = ast.parse(path.read_text(encoding="utf-8"))
    found: set[str] = set()
    for node in tree.body:
        if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
            continue
        for n in [node, *(ast.walk(node) if isinstance(node, ast.If | ast.Try) else [])]:
            if isinstance(n, ast.Import):
                found |= {a.name for a in n.names if a.name.startswith("pom.")}
            elif isinstance(n, ast.ImportFrom) and n.module and n.module.startswith("pom"):
                found.add(n.module)
                found |= {f"{n.module}.{a.name}" for a in n.names}
    return found


def test_no_two_modules_import_each_other_in_a_cycle() -> None:
    """A module-level import cycle makes start-up order matter; a deferred import inside a
    function (``from pom.accounts.tasks import …`` in a service) is how a layer reaches up."""
    modules = {
        ".".join(path.relative_to(SRC).with_suffix("").parts).removesuffix(".__init__"): path
        for path in SRC.rglob("*.py")
        if "migrations" not in path.parts and "tests" not in path.parts
    }
    graph = {
        name: {m for m in _module_imports(path) if m in modules and m != name}
        for name, path in modules.items()
    }
    cycles: list[list[str]] = []
    state: dict[str, int] = {}

    def visit(node: str, trail: list[str]) -> None:
        state[node] = 1
        for nxt in sorted(graph[node]):
            if state.get(nxt) == 1:
                cycles.append([*trail[trail.index(nxt) :], nxt])
            elif nxt not in state:
                visit(nxt, [*trail, nxt])
        state[node] = 2

    for name in sorted(graph):
        if name not in state:
            visit(name, [name])
    assert cycles == [], "import cycles: " + "; ".join(" → ".join(c) for c in cycles[:5])
