"""Path-aware ordering of two statements of one function call (DESIGN §3).

A statement path lists, from the function body down, each enclosing statement list as
(list start, statement start, list is inside a loop of the function). Comparing two paths
tells whether the first statement can execute before the second in one run.
"""

from __future__ import annotations

from .facts import Path


def may_run_before(first: Path, second: Path) -> bool:
    """True when the statement at ``first`` can execute before the one at ``second``.

    - Both in one statement list: source order decides, unless a loop around that list
      lets a later statement run before the earlier one on the next iteration.
    - Diverging inside one compound statement (the arms of an if/switch/select): only one
      arm runs per execution of that statement, so only an enclosing loop makes it possible.
    - A statement nested in an earlier statement (a defer inside an earlier if or loop body)
      compares like that earlier statement: it may have been registered, unless its block
      ends in a return.
    """
    depth = 0
    limit = min(len(first), len(second))
    while depth < limit and first[depth][:2] == second[depth][:2]:
        depth += 1
    # A block around the first statement, below where the two part, that ends in a
    # return: once the first ran, the call returns before the second can.
    if any(step[3] for step in first[depth + 1 :]):
        return False
    if depth < limit and first[depth][0] == second[depth][0]:
        if first[depth][1] < second[depth][1]:
            return True
        return first[depth][2]
    # Different lists under one shared statement, or one statement contains the other:
    # only a loop around that shared statement runs both.
    return depth > 0 and first[depth - 1][2]
