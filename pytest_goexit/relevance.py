"""Which calls can matter to a rule: most calls in Go code (fmt.Sprintf, len, w.Write)
cannot, and a file model that skips them early is several times faster to build."""

from __future__ import annotations

import re

import tree_sitter

from . import golib
from .calls import instantiated, qualifier_of
from .facts import FileModel
from .parse import text
from .resolve import strip_parens

# Declarations of names a call can enter: `func F(`, `func (r T) M(`, closures held by
# variables (`f := func(`, `f = func(`, `var f = func(`) and variables holding another
# package's name (`quit := os.Exit`: maybe a function). Read off the source text: a
# superset (a match in a comment only keeps a few more calls), found at C speed with
# patterns anchored on line starts, on "= func(" and on "= pkg.Name", with no second parse.
_FUNC_DECL = re.compile(rb"^[ \t]*func[ \t]*(?:\([^)\n]*\)[ \t]*)?([A-Za-z_]\w*)", re.MULTILINE)
_CLOSURE = re.compile(rb"([A-Za-z_]\w*)[ \t]*:?=[ \t]*func[ \t]*\(")
_ASSIGN_FUNC = re.compile(rb"=[ \t]*func[ \t]*\(")
_HOLDER = re.compile(rb"([A-Za-z_]\w*)[ \t]*:?=[ \t]*[A-Za-z_]\w*[ \t]*\.")
# A value that is a qualified name and nothing more: `= os.Exit` at the end of a spec.
ASSIGN_NAME = re.compile(rb"=[ \t]*[A-Za-z_]\w*[ \t]*\.[ \t]*[A-Za-z_]\w*[ \t]*(?:\n|;|\)|//|$)")
# Builtin calls a rule reads: panic and recover; make only for channels (GX404).
KEPT_BUILTINS = frozenset({"panic", "recover", "make"})


def package_callables(sources) -> frozenset[str]:
    """Names a call can enter inside a package (from the bytes of its files): functions,
    methods, and variables holding a closure or another package's function. Calls of
    other names matter to no rule unless the Interest names them."""
    names: set[bytes] = set()
    for source in sources:
        names.update(_FUNC_DECL.findall(source))
        names.update(_assigned(source, _ASSIGN_FUNC, _CLOSURE))
        names.update(_assigned(source, ASSIGN_NAME, _HOLDER))
    return frozenset(n.decode("ascii", "replace") for n in names)


def closure_names(source: bytes) -> set[bytes]:
    """The variables ``source`` assigns a function literal to (a superset, as above)."""
    return _assigned(source, _ASSIGN_FUNC, _CLOSURE)


def _assigned(source: bytes, value: re.Pattern[bytes], holder: re.Pattern[bytes]) -> set[bytes]:
    names = set()
    for match in value.finditer(source):
        # The identifier assigned, searched on that line only.
        line_start = source.rfind(b"\n", 0, match.start()) + 1
        held = holder.search(source, line_start, match.end())
        if held is not None:
            names.add(held.group(1))
    return names


def may_matter(
    fn: tree_sitter.Node,
    args: tree_sitter.Node | None,
    callables: frozenset[str] | None,
    interest: golib.Interest,
    model: FileModel,
) -> bool:
    """A cheap look at the written callee, before resolving it: most calls go to
    other packages or builtins no rule reads, and are dropped here."""
    if callables is None:
        return True
    fn = strip_parens(fn)
    if fn.type == "identifier":
        name = text(fn)
        if name in golib.BUILTINS:
            if name == "make":
                first = args.named_child(0) if args is not None and args.named_child_count else None
                return first is not None and first.type == "channel_type"
            return name in KEPT_BUILTINS
        return _may_enter(name, callables, interest, model)
    if fn.type == "selector_expression":
        field = text(fn.child_by_field_name("field"))
        if field in interest.methods or field in callables or field == "Accept":
            return True
        operand = strip_parens(fn.child_by_field_name("operand"))
        if operand.type == "identifier":
            name = text(operand)
            if name in model.imports:
                return f"{model.imports[name]}.{field}" in interest.quals
        return False
    base = instantiated(fn)
    if base is not None:  # `F[T](x)`, `pkg.F[T](x)`: no method (methods have no type parameters)
        if base.type in ("identifier", "type_identifier"):
            return _may_enter(text(base), callables, interest, model)
        operand, selected = qualifier_of(base)
        name = text(operand)
        return name in model.imports and f"{model.imports[name]}.{text(selected)}" in interest.quals
    return True


def _may_enter(name: str, callables: frozenset[str], interest: golib.Interest, model: FileModel) -> bool:
    """Can a call of the identifier ``name`` (no builtin) enter a function a rule reads?"""
    return (
        name in callables
        or name in interest.details
        or (bool(model.dot_imports) and any(f"{d}.{name}" in interest.quals for d in model.dot_imports))
    )


def wanted(kind: str, target: str, recv_type: str | None, interest: golib.Interest) -> bool:
    """Can this call matter to any rule? See golib.Interest."""
    if kind in ("ident", "literal", "builtin", "local"):
        return True
    if kind == "qual":
        return target in interest.quals
    if kind == "method":
        if target in interest.methods:
            return True
        # A receiver of a known type (or made by a call, maybe an in-package constructor):
        # an in-package method or a typed library value.
        # A field's value: only the methods above (the package's types' fields are not read).
        return bool(recv_type) and not recv_type.startswith(("make:", "method:", "func", "ref:", "field:"))
    return False
