"""The shapes a Go call takes in tree-sitter-go's trees.

Most calls are a call_expression. A generic function called with its type arguments
written out is not always one: the grammar cannot tell `die[error](err)` from a
conversion to the generic type `die[error]`, and reads it as a type_conversion_expression
(with one argument); `pick[int](a, b)` is a call_expression of the index expression
`pick[int]`. Go's type checker resolves both as calls of the function, and so does the
model: a conversion to an instantiated generic type, or a function value taken from a
slice or map and called, names no function and resolves to none.
"""

from __future__ import annotations

import tree_sitter

# For model.FACTS_QUERY: the conversions that may be calls, `F[T](x)` and `(F[T])(x)`.
CONVERSION_PATTERNS = """
(type_conversion_expression type: (generic_type)) @call
(type_conversion_expression type: (parenthesized_type (generic_type))) @call
"""

_INSTANTIATED_BASES = frozenset({"identifier", "type_identifier", "selector_expression", "qualified_type"})


def _without_parens(node: tree_sitter.Node) -> tree_sitter.Node:
    while node.type in ("parenthesized_expression", "parenthesized_type") and node.named_child_count == 1:
        node = node.named_children[0]
    return node


def is_call(node: tree_sitter.Node) -> bool:
    """A call_expression, or `F[T](x)` read as a conversion to a generic type."""
    if node.type == "call_expression":
        return True
    if node.type != "type_conversion_expression":
        return False
    written = node.child_by_field_name("type")
    return written is not None and _without_parens(written).type == "generic_type"


def function_of(call: tree_sitter.Node) -> tree_sitter.Node | None:
    """What a call (is_call) calls, as written: `f`, `x.m`, `F[T]`."""
    return call.child_by_field_name("function" if call.type == "call_expression" else "type")


def arguments_of(call: tree_sitter.Node) -> tuple[tree_sitter.Node | None, list[tree_sitter.Node]]:
    """A call's argument_list (None for a conversion-shaped call) and its arguments,
    comments aside."""
    if call.type != "call_expression":
        operand = call.child_by_field_name("operand")
        return None, [operand] if operand is not None else []
    args = call.child_by_field_name("arguments")
    return args, [a for a in args.named_children if a.type != "comment"] if args is not None else []


def instantiated(fn: tree_sitter.Node) -> tree_sitter.Node | None:
    """The function `F[T]` or `pkg.F[T]` names, parentheses aside (an identifier, a
    type_identifier, a selector_expression or a qualified_type); None when ``fn`` is no
    such index or generic type."""
    fn = _without_parens(fn)
    if fn.type == "index_expression":
        base = fn.child_by_field_name("operand")
    elif fn.type == "generic_type":
        base = fn.child_by_field_name("type")
    else:
        return None
    base = _without_parens(base) if base is not None else None
    return base if base is not None and base.type in _INSTANTIATED_BASES else None


def qualifier_of(base: tree_sitter.Node) -> tuple[tree_sitter.Node | None, tree_sitter.Node | None]:
    """(operand, selected name) of a selector_expression or qualified_type: `pkg.F`."""
    if base.type == "qualified_type":
        return base.child_by_field_name("package"), base.child_by_field_name("name")
    return base.child_by_field_name("operand"), base.child_by_field_name("field")
