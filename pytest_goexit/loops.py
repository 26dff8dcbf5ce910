"""`for {}` loops with no way out, which keep a program serving (GX401 reads them as
blocking): no return, goto, break of the loop, exit or panic inside them. Nested function
literals run elsewhere and do not count."""

from __future__ import annotations

from collections.abc import Iterable

import tree_sitter

from .parse import text
from .resolve import FUNC_TYPES

BREAKABLE = frozenset({"for_statement", "expression_switch_statement", "type_switch_statement", "select_statement"})


def endless_loops(
    loops: Iterable[tree_sitter.Node], leaving: Iterable[tree_sitter.Node], breaks: Iterable[tree_sitter.Node]
) -> list[tree_sitter.Node]:
    """Of ``loops`` (for statements), those without a condition or clause that nothing
    leaves: ``leaving`` are returns, gotos, exit and panic calls; ``breaks`` break
    statements, labelled or not."""
    endless = {n.id: n for n in loops if n.named_child_count == 1}
    if not endless:
        return []
    escaped: set[int] = set()
    for node in leaving:
        cur = node.parent
        while cur is not None and cur.type not in FUNC_TYPES:
            if cur.id in endless:
                escaped.add(cur.id)
            cur = cur.parent
    for node in breaks:
        label = node.named_children[0] if node.named_child_count else None
        cur = node.parent
        while cur is not None and cur.type not in FUNC_TYPES:
            if label is None and cur.type in BREAKABLE:
                escaped.add(cur.id)
                break
            if (
                label is not None
                and cur.type == "labeled_statement"
                and text(cur.child_by_field_name("label")) == text(label)
            ):
                escaped.add(cur.named_children[-1].id)
                break
            cur = cur.parent
    return [loop for loop_id, loop in endless.items() if loop_id not in escaped]
