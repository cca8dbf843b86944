"""Tree nesting and cycle checks on plain data."""

from __future__ import annotations

from pom.discovery import tree

PARENTS = {1: None, 2: 1, 3: 2, 4: None}


def test_moving_a_node_under_its_own_descendant_is_a_cycle() -> None:
    assert tree.would_create_cycle(PARENTS, 1, 3)
    assert tree.would_create_cycle(PARENTS, 2, 2)
    assert not tree.would_create_cycle(PARENTS, 3, 4)
    assert not tree.would_create_cycle(PARENTS, 3, None)
    assert tree.descendants(PARENTS, 1) == {2, 3}
    assert tree.depth_of(PARENTS, 3) == 2


def test_nest_hangs_opportunities_and_solutions_and_keeps_orphans_visible() -> None:
    root = tree.Node("outcome", 0, "Outcome")
    opps = [(pk, parent, tree.Node("opportunity", pk, f"O{pk}")) for pk, parent in PARENTS.items()]
    opps.append((9, 99, tree.Node("opportunity", 9, "orphan")))
    nested = tree.nest(root, opps, [(3, tree.Node("solution", 1, "S1"))])
    data = nested.as_dict()
    assert [c["title"] for c in data["children"]] == ["O1", "O4", "orphan"]
    assert data["children"][0]["children"][0]["children"][0]["children"][0]["title"] == "S1"
    assert nested.count() == 7
