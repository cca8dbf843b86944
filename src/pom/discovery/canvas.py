"""The opportunity solution tree laid out as a canvas: every box's place, size and wrapped text.

Pure: it reads a nested :class:`~pom.discovery.tree.Node` (outcome → opportunities → solutions →
assumption tests) and a set of collapsed node keys, and returns boxes and links in SVG user units.
The page draws the result as server-rendered SVG (so the tree shows without JavaScript); the
script only pans, zooms and asks for a new layout when a branch opens or closes.

The layout is a left-to-right tidy tree. Each subtree owns a horizontal *band*: at least as tall
as its own box and as its children's bands stacked with a gap. Sibling bands never overlap, a
box stays inside its band, and every depth has its own column, so no two boxes overlap however
wide or deep the tree is, and a box whose title wraps to more lines simply makes its band taller.
Titles wrap on words (a word too long for a line is split); nothing is cut off.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from pom.discovery.tree import Node

# Geometry, in SVG user units (1 = one CSS pixel at 100 % zoom).
PAD = 16  # around the drawing
COLUMN = 248  # the widest box
GAP_X = 64  # between columns: room for the open/close button and the links
GAP_Y = 12  # between sibling subtrees
WIDTHS = {"outcome": 248, "opportunity": 248, "solution": 232, "test": 216}
INSET_X = 14  # text starts this far from the box's left edge
TOP, BOTTOM, BETWEEN = 10, 9, 4  # inner padding above the title, below the meta, between them
TITLE_SIZE, TITLE_LEADING = 12.5, 16
META_SIZE, META_LEADING = 10.5, 14
# Average advance of a character, generous so that wide letters still fit (system-ui fonts run
# about 6.3 units a character at 12.5 and 5.3 at 10.5).
TITLE_ADVANCE, META_ADVANCE = 7.0, 6.0
MAX_TITLE_LINES = 14  # titles are at most 200 characters: this is never reached by real data

BIG_TREE = 150  # above this many boxes the tree opens collapsed below the second level

# By ``discovery.models.Stage`` value (the legend lists them in the stages' order).
STAGE_COLOURS = {
    "identified": "#6b7280",
    "now": "#1d4ed8",
    "next": "#7c3aed",
    "later": "#0f766e",
    "not_now": "#9ca3af",
    "solved": "#15803d",
}

# Assumption tests: colour follows status and verdict, and the words always say both.
TEST_PAINT = {
    "planned": ("#ffffff", "#64748b", "4 3"),
    "running": ("#eff6ff", "#1d4ed8", ""),
    "overdue": ("#fffbeb", "#b45309", ""),
    "supported": ("#f0fdf4", "#15803d", ""),
    "refuted": ("#fef2f2", "#b3261e", ""),
    "inconclusive": ("#f8fafc", "#6b7280", ""),
}


def node_key(node: Node) -> str:
    """The key a box is known by on the page; a test can sit under several solutions."""
    if node.kind == "test":
        return f"test-{node.data.get('solution_id', 0)}-{node.id}"
    return f"{node.kind}-{node.id}"


def wrap(text: str, width: int, max_lines: int | None = None) -> list[str]:
    """``text`` in lines of at most ``width`` characters, broken between words.

    A word longer than a line is split across lines. With ``max_lines`` the last line kept ends
    in "…" when text had to be dropped.
    """
    width = max(width, 1)
    lines: list[str] = []
    line = ""
    for word in str(text).split():
        while len(word) > width:
            if line:
                lines.append(line)
                line = ""
            lines.append(word[:width])
            word = word[width:]
        if not word:
            continue
        if not line:
            line = word
        elif len(line) + 1 + len(word) <= width:
            line = f"{line} {word}"
        else:
            lines.append(line)
            line = word
    if line or not lines:
        lines.append(line)
    if max_lines is not None and len(lines) > max_lines:
        lines = lines[:max_lines]
        last = lines[-1][: width - 1].rstrip()
        lines[-1] = f"{last}…"
    return lines


@dataclass(frozen=True)
class Paint:
    fill: str
    stroke: str
    stroke_width: float = 1.5
    dash: str = ""
    text: str = "#111827"
    meta_text: str = "#475569"
    bold: bool = False
    rx: int = 6
    stripe: str = ""  # the stage colour down an opportunity's left edge


def describe(node: Node) -> tuple[str, str]:
    """What a box says besides its title (its meta line) and what a screen reader hears."""
    d = node.data
    if node.kind == "outcome":
        return "Outcome", f"{node.title} — outcome"
    if node.kind == "opportunity":
        meta = f"{d.get('stage_label', '')} · {d.get('evidence_label', '')}"
        if d.get("size"):
            meta += f" · size {d['size']}"
        label = f"{node.title} — {d.get('stage_label', '')}, {d.get('evidence_label', '')}"
        if d.get("targeted"):
            label += ", targeted"
        return meta, label
    if node.kind == "solution":
        status = str(d.get("status", "")).replace("_", " ")
        meta = status.capitalize()
        if d.get("origin") == "stakeholder":
            meta += " · from stakeholder"
        if d.get("assumption_count"):
            count = d["assumption_count"]
            meta += f" · {count} assumption{'' if count == 1 else 's'}"
            if d.get("untested_count"):
                meta += f", {d['untested_count']} untested"
        return meta, f"{node.title} — solution, {status}"
    # An assumption test: its status and, once concluded, its verdict, in words.
    meta = test_verdict(d)
    return meta, f"{node.title} — assumption test, {meta}"


def test_verdict(d: Mapping[str, Any]) -> str:
    """A test's state in words: "Planned", "Running, past its planned end", "Concluded: …"."""
    status = d.get("status")
    method = d.get("method_label") or ""
    if status == "concluded":
        words = f"Concluded: {str(d.get('result_label') or 'no result').lower()}"
        if d.get("decision_label"):
            words += f", {str(d['decision_label']).lower()}"
        return words
    if status == "running":
        words = "Running, past its planned end" if d.get("overdue") else "Running"
    else:
        words = "Planned"
    return f"{words} · {method}" if method else words


def paint(node: Node) -> Paint:
    d = node.data
    if node.kind == "outcome":
        return Paint(
            fill="#0f172a", stroke="#0f172a", text="#ffffff", meta_text="#cbd5e1", bold=True
        )
    if node.kind == "opportunity":
        colour = STAGE_COLOURS.get(str(d.get("stage")), "#6b7280")
        weak = d.get("evidence_count") == 0 or bool(d.get("evidence_stale"))
        if d.get("targeted"):
            return Paint(
                fill="#fffbeb",
                stroke="#d97706",
                stroke_width=4,
                dash="5 3" if weak else "",
                meta_text="#b3261e" if weak else "#475569",
                bold=True,
                stripe=colour,
            )
        return Paint(
            fill="#ffffff",
            stroke=colour,
            dash="5 3" if weak else "",
            meta_text="#b3261e" if weak else "#475569",
            stripe=colour,
        )
    if node.kind == "solution":
        discarded = d.get("status") == "discarded"
        return Paint(fill="#f3f4f6" if discarded else "#f8fafc", stroke="#94a3b8", rx=18)
    status = d.get("status")
    if status == "concluded":
        tone = str(d.get("result") or "inconclusive")
    elif status == "running":
        tone = "overdue" if d.get("overdue") else "running"
    else:
        tone = "planned"
    fill, stroke, dash = TEST_PAINT.get(tone, TEST_PAINT["planned"])
    return Paint(fill=fill, stroke=stroke, dash=dash, rx=2)


@dataclass(frozen=True)
class Text:
    y: float  # baseline, from the box's top
    text: str
    role: str  # "title" or "meta"
    x: float = INSET_X
    size: float = TITLE_SIZE


@dataclass(frozen=True)
class Box:
    key: str
    kind: str
    id: int
    depth: int
    x: float
    y: float
    w: float
    h: float
    texts: tuple[Text, ...]
    label: str
    paint: Paint
    parent: str | None
    child_count: int  # children it has, drawn or not
    collapsed: bool
    hidden: int  # boxes hidden under it while collapsed
    data: Mapping[str, Any] = field(default_factory=dict)

    @property
    def bottom(self) -> float:
        return self.y + self.h

    @property
    def right(self) -> float:
        return self.x + self.w

    @property
    def toggle_x(self) -> float:
        """The open/close button, just right of the box (in the box's own coordinates)."""
        return self.w + 2

    @property
    def toggle_y(self) -> float:
        return self.h / 2 - 9


@dataclass(frozen=True)
class Link:
    source: str
    target: str
    d: str  # the SVG path


@dataclass(frozen=True)
class Layout:
    boxes: tuple[Box, ...]
    links: tuple[Link, ...]
    width: float
    height: float

    def by_key(self) -> dict[str, Box]:
        return {b.key: b for b in self.boxes}


def box_texts(node: Node, width: float) -> tuple[tuple[Text, ...], float, str]:
    """A box's lines of text (baselines from its top), its height and its spoken label."""
    meta, label = describe(node)
    inner = width - 2 * INSET_X
    title_lines = wrap(node.title, int(inner // TITLE_ADVANCE), MAX_TITLE_LINES)
    meta_lines = wrap(meta, int(inner // META_ADVANCE)) if meta else []
    texts: list[Text] = []
    y = TOP
    for line in title_lines:
        texts.append(Text(y + TITLE_SIZE, line, "title"))
        y += TITLE_LEADING
    if meta_lines:
        y += BETWEEN
        for line in meta_lines:
            texts.append(Text(y + META_SIZE, line, "meta", size=META_SIZE))
            y += META_LEADING
    return tuple(texts), y + BOTTOM, label


def count(node: Node) -> int:
    return 1 + sum(count(child) for child in node.children)


def default_collapsed(root: Node, big: int = BIG_TREE) -> set[str]:
    """A big tree opens with every branch below the second level closed; a small one all open."""
    return closed_below(root, 2) if count(root) > big else set()


def closed_below(root: Node, depth: int) -> set[str]:
    """Every branch from level ``depth`` down closed (the outcome is level 0)."""
    closed: set[str] = set()
    stack = [(root, 0)]
    while stack:
        node, level = stack.pop()
        if level >= depth and node.children:
            closed.add(node_key(node))
        stack.extend((child, level + 1) for child in node.children)
    return closed


def kinds(root: Node) -> list[str]:
    """The kind of every node under the outcome (for "12 opportunities, 3 tests")."""
    found: list[str] = []
    stack = list(root.children)
    while stack:
        node = stack.pop()
        found.append(node.kind)
        stack.extend(node.children)
    return found


def path_to(root: Node, key: str) -> list[str]:
    """The keys from the root down to ``key`` (empty when it is not in the tree)."""
    stack: list[tuple[Node, list[str]]] = [(root, [])]
    while stack:
        node, above = stack.pop()
        here = [*above, node_key(node)]
        if here[-1] == key:
            return here
        stack.extend((child, here) for child in node.children)
    return []


def all_keys(root: Node) -> set[str]:
    found: set[str] = set()
    stack = [root]
    while stack:
        node = stack.pop()
        found.add(node_key(node))
        stack.extend(node.children)
    return found


@dataclass
class _Measured:
    node: Node
    key: str
    depth: int
    w: float
    h: float
    texts: tuple[Text, ...]
    label: str
    band: float = 0.0
    kids: list[_Measured] = field(default_factory=list)
    collapsed: bool = False
    hidden: int = 0
    order: int = 0


def _measure(node: Node, depth: int, collapsed: set[str], order: list[int]) -> _Measured:
    key = node_key(node)
    w = WIDTHS.get(node.kind, COLUMN)
    texts, h, label = box_texts(node, w)
    m = _Measured(node, key, depth, w, h, texts, label, order=order[0])
    order[0] += 1
    if node.children and key in collapsed:
        m.collapsed = True
        m.hidden = count(node) - 1
    else:
        m.kids = [_measure(child, depth + 1, collapsed, order) for child in node.children]
    stacked = sum(k.band for k in m.kids) + GAP_Y * max(len(m.kids) - 1, 0)
    m.band = max(h, stacked)
    return m


def layout(root: Node, collapsed: Iterable[str] = ()) -> Layout:
    """Place every box of ``root``'s tree, skipping what is under a collapsed key."""
    measured = _measure(root, 0, set(collapsed), [0])
    boxes: list[tuple[int, Box]] = []
    links: list[Link] = []
    depth_seen = 0

    def place(m: _Measured, top: float, parent: str | None) -> Box:
        nonlocal depth_seen
        depth_seen = max(depth_seen, m.depth)
        x = PAD + m.depth * (COLUMN + GAP_X)
        placed: list[Box] = []
        if m.kids:
            stacked = sum(k.band for k in m.kids) + GAP_Y * (len(m.kids) - 1)
            cursor = top + (m.band - stacked) / 2
            for kid in m.kids:
                placed.append(place(kid, cursor, m.key))
                cursor += kid.band + GAP_Y
            middle = (placed[0].y + placed[0].h / 2 + placed[-1].y + placed[-1].h / 2) / 2
            y = min(max(middle - m.h / 2, top), top + m.band - m.h)
        else:
            y = top + (m.band - m.h) / 2
        box = Box(
            key=m.key,
            kind=m.node.kind,
            id=m.node.id,
            depth=m.depth,
            x=x,
            y=round(y, 2),
            w=m.w,
            h=m.h,
            texts=m.texts,
            label=m.label,
            paint=paint(m.node),
            parent=parent,
            child_count=len(m.node.children),
            collapsed=m.collapsed,
            hidden=m.hidden,
            data=m.node.data,
        )
        boxes.append((m.order, box))
        links.extend(Link(box.key, child.key, _curve(box, child)) for child in placed)
        return box

    place(measured, PAD, None)
    width = PAD * 2 + (depth_seen + 1) * (COLUMN + GAP_X) - GAP_X + 40  # + the last toggle
    height = PAD * 2 + measured.band
    boxes.sort(
        key=lambda pair: pair[0]
    )  # the reading (and tab) order: each box before its children
    return Layout(tuple(b for _, b in boxes), tuple(links), width, height)


def _curve(a: Box, b: Box) -> str:
    x1, y1 = a.right, a.y + a.h / 2
    x2, y2 = b.x, b.y + b.h / 2
    mx = (x1 + x2) / 2
    return f"M{x1:g},{y1:g} C{mx:g},{y1:g} {mx:g},{y2:g} {x2:g},{y2:g}"
