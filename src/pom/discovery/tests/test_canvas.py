"""The tree canvas layout (pom.discovery.canvas) on plain data: generated trees of every shape,
wide and deep, with titles long enough to wrap."""

from __future__ import annotations

import random
from itertools import combinations, pairwise

import pytest

from pom.discovery import canvas
from pom.discovery.tree import Node

WORDS = [
    "I",
    "can't",
    "find",
    "my",
    "past",
    "orders",
    "quickly",
    "when",
    "the",
    "delivery",
    "date",
    "slips",
    "again",
]


def title(rng: random.Random) -> str:
    """Short, long, or one unbroken word longer than a line."""
    shape = rng.random()
    if shape < 0.1:
        return "x" * rng.randint(40, 120)
    return " ".join(rng.choice(WORDS) for _ in range(rng.randint(1, 30)))


def generated(seed: int, size: int) -> Node:
    """A random tree of about ``size`` boxes, with the four kinds at the levels they live at."""
    rng = random.Random(seed)
    root = Node("outcome", 1, title(rng))
    opportunities = [root]
    ids = iter(range(1, 100_000))
    made = 1
    while made < size:
        parent = rng.choice(opportunities)
        kind = (
            rng.choice(["opportunity", "opportunity", "solution"])
            if parent.kind != "outcome"
            else "opportunity"
        )
        node = Node(kind, next(ids), title(rng), {"stage": "now", "status": "idea"})
        parent.children.append(node)
        made += 1
        if kind == "opportunity":
            opportunities.append(node)
        else:
            for _ in range(rng.randint(0, 3)):
                node.children.append(
                    Node(
                        "test",
                        next(ids),
                        title(rng),
                        {
                            "status": rng.choice(["planned", "running", "concluded"]),
                            "result": "refuted",
                            "solution_id": node.id,
                        },
                    )
                )
                made += 1
    return root


def overlap(a: canvas.Box, b: canvas.Box) -> bool:
    return a.x < b.right and b.x < a.right and a.y < b.bottom and b.y < a.bottom


def check(drawing: canvas.Layout) -> None:
    """No two boxes overlap; every child sits right of its parent, inside the drawing; text fits."""
    boxes = drawing.by_key()
    assert len(boxes) == len(drawing.boxes), "every box has its own key"
    columns: dict[int, list[canvas.Box]] = {}
    for b in drawing.boxes:
        columns.setdefault(b.depth, []).append(b)
        assert b.x >= 0 and b.right <= drawing.width
        assert b.y >= 0 and b.bottom <= drawing.height
        last = max(t.y for t in b.texts)
        assert last < b.h, f"{b.key}: text runs past the bottom of its box"
        for t in b.texts:
            advance = canvas.TITLE_ADVANCE if t.role == "title" else canvas.META_ADVANCE
            assert t.x + len(t.text) * advance <= b.w - canvas.INSET_X + advance
        if b.parent:
            parent = boxes[b.parent]
            assert b.depth == parent.depth + 1
            assert b.x >= parent.right + canvas.GAP_X / 2
    # Boxes of one column, top to bottom, never touch (other columns are apart by construction,
    # which the x check above and this one together make a full check).
    for column in columns.values():
        column.sort(key=lambda b: b.y)
        for upper, lower in pairwise(column):
            assert upper.bottom <= lower.y, f"{upper.key} overlaps {lower.key}"
    links = {(link.source, link.target) for link in drawing.links}
    assert links == {(b.parent, b.key) for b in drawing.boxes if b.parent}


@pytest.mark.parametrize("seed", range(12))
def test_generated_trees_have_no_overlapping_boxes(seed: int) -> None:
    root = generated(seed, 40 + seed * 25)
    drawing = canvas.layout(root)
    check(drawing)
    assert len(drawing.boxes) == canvas.count(root)


def test_a_wide_tree_of_hundreds_of_boxes_lays_out_without_overlap() -> None:
    root = Node("outcome", 1, "More repeat buyers")
    for i in range(300):
        opp = Node("opportunity", i, f"Need {i} " + "with a title that wraps " * (i % 4))
        opp.children.append(Node("solution", i, f"Idea {i}"))
        root.children.append(opp)
    drawing = canvas.layout(root)
    check(drawing)
    assert len(drawing.boxes) == 601
    # A brute-force pass over every pair, once, on a big tree.
    assert not any(overlap(a, b) for a, b in combinations(drawing.boxes, 2))


def test_the_layout_is_deterministic() -> None:
    one = canvas.layout(generated(7, 200), {"opportunity-3"})
    two = canvas.layout(generated(7, 200), {"opportunity-3"})
    assert one == two


def test_children_are_centred_on_their_parent_and_parents_on_their_children() -> None:
    root = Node("outcome", 1, "Outcome")
    opp = Node("opportunity", 2, "Need")
    opp.children = [Node("solution", i, f"Idea {i}") for i in range(3)]
    root.children = [opp]
    boxes = canvas.layout(root).by_key()
    middle = boxes["solution-1"]
    assert boxes["opportunity-2"].y + boxes["opportunity-2"].h / 2 == pytest.approx(
        middle.y + middle.h / 2
    )
    assert boxes["solution-0"].bottom < boxes["solution-1"].y < boxes["solution-2"].y


def test_a_long_title_wraps_and_the_box_grows_instead_of_overflowing() -> None:
    short = canvas.layout(Node("outcome", 1, "Short")).boxes[0]
    long_title = "I can't tell which of my orders will arrive before the weekend " * 3
    long = canvas.layout(Node("outcome", 1, long_title)).boxes[0]
    lines = [t.text for t in long.texts if t.role == "title"]
    assert len(lines) > 3
    assert " ".join(lines) == " ".join(long_title.split())  # nothing cut off
    assert long.h > short.h + 2 * canvas.TITLE_LEADING


def test_a_tall_parent_with_one_small_child_does_not_cover_its_neighbour() -> None:
    root = Node("outcome", 1, "Outcome")
    tall = Node("opportunity", 1, "word " * 39)
    tall.children = [Node("solution", 1, "S")]
    neighbour = Node("opportunity", 2, "Next")
    neighbour.children = [Node("solution", 2, "T")]
    root.children = [tall, neighbour]
    check(canvas.layout(root))


def test_wrap_breaks_between_words_and_splits_a_word_longer_than_a_line() -> None:
    assert canvas.wrap("one two three", 7) == ["one two", "three"]
    assert canvas.wrap("abcdefghij", 4) == ["abcd", "efgh", "ij"]
    assert canvas.wrap("", 10) == [""]
    assert canvas.wrap("a b c d e f", 1, max_lines=2) == ["a", "…"]
    assert canvas.wrap("alpha beta gamma delta", 11, max_lines=1) == ["alpha beta…"]


def test_collapsing_a_branch_hides_what_is_under_it_and_counts_it() -> None:
    root = generated(3, 80)
    branch = next(n for n in root.children if n.children)
    key = canvas.node_key(branch)
    drawing = canvas.layout(root, {key})
    boxes = drawing.by_key()
    assert boxes[key].collapsed and boxes[key].hidden == canvas.count(branch) - 1
    assert not any(b.parent == key for b in drawing.boxes)
    check(drawing)


def test_a_big_tree_opens_two_levels_deep_and_a_small_one_all_open() -> None:
    small, big = generated(1, 30), generated(2, 400)
    assert canvas.default_collapsed(small) == set()
    closed = canvas.default_collapsed(big)
    assert closed and closed == canvas.closed_below(big, 2)
    depths = {b.depth for b in canvas.layout(big, closed).boxes}
    assert max(depths) <= 2


def test_a_test_shows_its_status_and_verdict_in_words() -> None:
    data = {
        "status": "concluded",
        "result": "refuted",
        "result_label": "Refuted",
        "decision_label": "Pivot",
    }
    meta, label = canvas.describe(Node("test", 4, "Fake door on reorder", data))
    assert meta == "Concluded: refuted, pivot"
    assert label == "Fake door on reorder — assumption test, Concluded: refuted, pivot"
    running = {"status": "running", "overdue": True, "method_label": "Fake door"}
    assert (
        canvas.describe(Node("test", 5, "T", running))[0]
        == "Running, past its planned end · Fake door"
    )
    assert canvas.paint(Node("test", 5, "T", running)).stroke == canvas.TEST_PAINT["overdue"][1]
    assert canvas.describe(Node("test", 6, "T", {"status": "planned"}))[0] == "Planned"


def test_a_test_under_two_solutions_is_two_boxes_with_their_own_keys() -> None:
    root = Node("outcome", 1, "O")
    opp = Node("opportunity", 1, "Need")
    for sid in (1, 2):
        sol = Node("solution", sid, f"S{sid}")
        sol.children = [Node("test", 9, "Shared test", {"status": "planned", "solution_id": sid})]
        opp.children.append(sol)
    root.children = [opp]
    keys = [b.key for b in canvas.layout(root).boxes if b.kind == "test"]
    assert keys == ["test-1-9", "test-2-9"]
    assert canvas.path_to(root, "test-2-9") == [
        "outcome-1",
        "opportunity-1",
        "solution-2",
        "test-2-9",
    ]
