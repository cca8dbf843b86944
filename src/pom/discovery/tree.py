"""The opportunity solution tree as plain data: nesting, cycle checks and the JSON the page draws.

Rows arrive flat (one query per kind); this module nests them in memory so that a tree of any
size costs the same number of queries.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any


def ancestors(parents: Mapping[int, int | None], node: int) -> list[int]:
    """``node``'s ancestors, nearest first. Stops on a corrupt loop instead of spinning forever."""
    chain: list[int] = []
    seen = {node}
    current = parents.get(node)
    while current is not None and current not in seen:
        chain.append(current)
        seen.add(current)
        current = parents.get(current)
    return chain


def would_create_cycle(
    parents: Mapping[int, int | None], node: int, new_parent: int | None
) -> bool:
    """Would hanging ``node`` under ``new_parent`` make ``node`` its own ancestor?"""
    if new_parent is None:
        return False
    return new_parent == node or node in ancestors(parents, new_parent)


def descendants(parents: Mapping[int, int | None], node: int) -> set[int]:
    children: dict[int | None, list[int]] = defaultdict(list)
    for child, parent in parents.items():
        children[parent].append(child)
    found: set[int] = set()
    stack = [node]
    while stack:
        for child in children.get(stack.pop(), []):
            if child not in found:
                found.add(child)
                stack.append(child)
    return found


def depth_of(parents: Mapping[int, int | None], node: int) -> int:
    return len(ancestors(parents, node))


@dataclass
class Node:
    """One box on the tree: the outcome, an opportunity, a solution or an assumption test."""

    kind: str  # "outcome", "opportunity", "solution" or "test"
    id: int
    title: str
    data: dict[str, Any] = field(default_factory=dict)
    children: list[Node] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "id": self.id,
            "title": self.title,
            **self.data,
            "children": [child.as_dict() for child in self.children],
        }

    def count(self) -> int:
        return 1 + sum(child.count() for child in self.children)


def nest(
    root: Node,
    opportunities: Iterable[tuple[int, int | None, Node]],
    solutions: Iterable[tuple[int, Node]],
) -> Node:
    """Hang opportunities (id, parent id, node) and solutions (opportunity id, node) under ``root``.

    Input order is kept among siblings. An opportunity whose parent is missing (another outcome's,
    or a corrupt loop) is shown at the top level rather than lost.
    """
    opp_rows = list(opportunities)
    by_id = {opp_id: node for opp_id, _, node in opp_rows}
    parents = {opp_id: parent for opp_id, parent, _ in opp_rows}
    for opp_id, parent, node in opp_rows:
        looping = parent is not None and opp_id in ancestors(parents, parent)
        holder = by_id.get(parent) if parent is not None and not looping else None
        (holder or root).children.append(node)
    for opp_id, node in solutions:
        holder = by_id.get(opp_id)
        if holder is not None:
            holder.children.append(node)
    return root
