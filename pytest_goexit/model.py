"""Build the FileModel of one Go file: one parse, one query pass over what is modelled
(the declarations selection.py picked, or the whole file), then plain data.

tree-sitter gives syntax; this module adds what rules need to reason about meaning:
import names resolved to import paths (renames, dot and blank imports), names shadowed by
local declarations, the enclosing function of every call, defer and go statement, and the
statement path used to decide whether a defer is pending at an exit (paths.py).
"""

from __future__ import annotations

from operator import attrgetter

import tree_sitter

from . import golib, relevance
from .calls import CONVERSION_PATTERNS, arguments_of, function_of, is_call
from .facts import Blocking, Call, Defer, FileModel, Func, GoStmt, Path, Span
from .filefacts import read_file_facts
from .loops import endless_loops
from .parse import captures, first_error, import_bindings, parse, statement_expression, text, value_specs
from .resolve import FUNC_TYPES, Names, assigned_names, enclosing, literal_usage, strip_parens
from .selection import FilePick
from .structfields import exiting_fields

_PACKAGE_VARS = ("var_declaration", "const_declaration")
STUB_PREFIX = b"package p\n"  # what a declaration parsed alone sits in
FUNCTION_DECLARATIONS = ("function_declaration", "method_declaration")

FACTS_QUERY = (
    """
(function_declaration) @func
(method_declaration) @func
(func_literal) @func
(call_expression) @call
(defer_statement) @defer
(go_statement) @go
(short_var_declaration) @decl
(var_spec) @decl
(const_spec) @decl
(parameter_declaration) @decl
(variadic_parameter_declaration) @decl
(range_clause) @decl
(receive_statement) @decl
(type_switch_statement) @decl
(for_statement) @for
(select_statement) @select
(return_statement) @out
(goto_statement) @out
(break_statement) @break
"""
    + CONVERSION_PATTERNS
)


def build_file_model(
    path: str,
    source: bytes,
    interest: golib.Interest = golib.DEFAULT_INTEREST,
    callables: frozenset[str] | None = None,
    root: tree_sitter.Node | None = None,
    pick: FilePick | None = None,
    base: FileModel | None = None,
    imports: list[tuple[str, str]] | None = None,
) -> FileModel:
    """Parse ``source`` (unless its tree's ``root`` is given) and extract every fact the rules
    read. ``callables`` (see relevance.package_callables) lets it skip calls that cannot
    matter; None keeps every call. ``pick`` (see selection.py) names the top-level
    declarations to model and the functions that get only their signature; None models
    everything. ``base``: this file's model with nothing picked (its file facts), made
    earlier, to add the picked declarations to; ``imports``: its parse.import_bindings,
    when they were read already (toplevel.file_top). Never raises on bad Go."""
    return _Builder(path, source, interest, callables, base).build(root, pick, imports)


def add_stubs(
    model: FileModel,
    source: bytes,
    stubs: dict[int, int],
    imports: list[tuple[str, str]],
    interest: golib.Interest = golib.DEFAULT_INTEREST,
) -> FileModel:
    """Add to ``model`` (the file's model with nothing picked) the signature stubs of
    ``stubs`` (start -> end of top-level functions) without the file's tree: each
    declaration is parsed alone, so a big generated file that modelled code only names
    is not parsed again whole (parse.Trees). ``imports``: parse.import_bindings of the file."""
    builder = _Builder(model.path, source, interest, None, base=model)
    for path, name in imports:
        builder.add_import(path, name)
    for start, end in sorted(stubs.items()):
        builder.add_stub_alone(start, end)
    model.funcs.sort(key=attrgetter("key"))
    return model


def _in_document_order(nodes: list[tree_sitter.Node]) -> list[tree_sitter.Node]:
    # A call and the call it is chained on (`p.trace("x")()`) share a start: the inner one,
    # which runs first, comes first. The query's own order of the two is not the same
    # from one run to the next.
    return sorted(nodes, key=attrgetter("start_byte", "end_byte"))


def _runs(statement: tree_sitter.Node) -> tree_sitter.Node | None:
    """What a defer or go statement runs, parentheses aside."""
    inner = statement_expression(statement)
    return strip_parens(inner) if inner is not None else None


class _Builder:
    def __init__(
        self,
        path: str,
        source: bytes,
        interest: golib.Interest,
        callables: frozenset[str] | None,
        base: FileModel | None = None,
    ):
        self.path = path
        self.interest = interest
        self.callables = callables
        self.src = source
        self.ascii = source.isascii()
        self.has_file_facts = base is not None
        self.model = base if base is not None else FileModel(path=path, is_test=path.endswith("_test.go"))
        self.names = Names(self.model.imports, (), interest.exits)
        self.call_nodes: dict[int, tree_sitter.Node] = {}  # recorded calls, by key
        self.statement_calls: dict[int, str] = {}  # call key -> "defer" or "go" (its statement)

    # -- positions ---------------------------------------------------------------------

    def col(self, byte: int, bytecol: int) -> int:
        if self.ascii:
            return bytecol + 1
        return len(self.src[byte - bytecol : byte].decode("utf-8", "replace")) + 1

    def span(self, node: tree_sitter.Node) -> Span:
        (r1, c1), (r2, c2) = node.start_point, node.end_point
        return Span(r1 + 1, self.col(node.start_byte, c1), r2 + 1, self.col(node.end_byte, c2))

    @staticmethod
    def locate(node: tree_sitter.Node) -> tuple[tree_sitter.Node | None, Path, bool]:
        """Enclosing function, statement path, and whether the node is evaluated as an
        argument of a defer statement's call (``defer f(recover())``)."""
        marks: list[tuple[int, int] | None] = []
        in_defer_args = False
        child, cur = node, node.parent
        while cur is not None and cur.type not in FUNC_TYPES:
            t = cur.type
            if t == "statement_list":
                last = cur.named_child(cur.named_child_count - 1)
                marks.append((cur.start_byte, child.start_byte, last is not None and last.type == "return_statement"))
            elif t == "for_statement":
                marks.append(None)
            elif t == "defer_statement" and child is not node:
                in_defer_args = True
            child, cur = cur, cur.parent
        steps = []
        in_loop = False
        for mark in reversed(marks):
            if mark is None:
                in_loop = True
            else:
                steps.append((mark[0], mark[1], in_loop, mark[2]))
        return cur, tuple(steps), in_defer_args

    def snippet(self, node: tree_sitter.Node, limit: int = 80) -> str:
        first, *rest = text(node).split("\n", 1)
        if rest:
            first = first.rstrip() + " … " + rest[0].rsplit("\n", 1)[-1].strip()
        return first if len(first) <= limit else first[: limit - 1] + "…"

    def add_package_names(self, decl: tree_sitter.Node):
        """The names a package-level var or const declaration binds, without modelling
        its initialisers (no function of this file is in it: selection.py)."""
        for spec in value_specs(decl):
            self.names.add_decl(spec)

    def add_exit_values(self) -> None:
        """FileModel.exit_values, from the package variables declared so far whose value is
        another package's name (add_decl found them): a call of one from another file of
        the package is that exit (package.py)."""
        for name, value in self.names.package_refs:
            origin = self.names.origin(value)
            if origin.startswith("ref:") and origin[4:] in self.interest.exits:
                self.model.exit_values[text(name)] = origin[4:]

    def add_stub(self, node: tree_sitter.Node, key: int | None = None, span: Span | None = None):
        """A top-level function left unmodelled: what resolving calls to it needs."""
        kind = "func" if node.type == "function_declaration" else "method"
        func = Func(
            key=node.start_byte if key is None else key,
            kind=kind,
            name=text(node.child_by_field_name("name")),
            span=self.span(node) if span is None else span,
            parent=None,
        )
        self.add_signature(node, func, kind)
        self.model.funcs.append(func)

    def add_stub_alone(self, start: int, end: int):
        """add_stub for the declaration at these bytes, parsed on its own."""
        alone = parse(STUB_PREFIX + self.src[start:end]).root_node
        node = next((c for c in alone.named_children if c.type in FUNCTION_DECLARATIONS), None)
        if node is not None:
            self.add_stub(node, key=start, span=self.span_of_bytes(start, end))

    def span_of_bytes(self, start: int, end: int) -> Span:
        """What span() gives for a node at these bytes, read off the source."""
        src = self.src
        line = src.count(b"\n", 0, start)
        end_line = line + src.count(b"\n", start, end)
        start_col = start - (src.rfind(b"\n", 0, start) + 1)
        end_col = end - (src.rfind(b"\n", 0, end) + 1)
        return Span(line + 1, self.col(start, start_col), end_line + 1, self.col(end, end_col))

    def add_signature(self, node: tree_sitter.Node, func: Func, kind: str):
        result = node.child_by_field_name("result")
        if result is not None and result.type == "parameter_list":
            first = result.named_children[0] if result.named_child_count else None
            result = first.child_by_field_name("type") if first is not None else None
        func.result = self.names.type_name(result) if result is not None else ""
        if kind == "method":
            receiver = node.child_by_field_name("receiver")
            decl = receiver.named_children[0] if receiver is not None and receiver.named_child_count else None
            if decl is not None:
                func.recv_type = self.names.type_name(decl.child_by_field_name("type"))
                names = decl.children_by_field_name("name")
                func.recv_name = text(names[0]) if names else None

    def add_import(self, path: str, name: str):
        if name == ".":
            self.model.dot_imports += (path,)
        elif name != "_":
            self.model.imports[name] = path

    def add_func(self, node: tree_sitter.Node):
        parent, _, _ = self.locate(node)
        kind = {"function_declaration": "func", "method_declaration": "method"}.get(node.type, "literal")
        func = Func(
            key=node.start_byte,
            kind=kind,
            name=text(node.child_by_field_name("name")),
            span=self.span(node),
            parent=parent.start_byte if parent is not None else None,
        )
        params = node.child_by_field_name("parameters")
        if params is not None:
            func.params = tuple(
                (text(name), self.names.type_name(p.child_by_field_name("type")))
                for p in params.named_children
                for name in p.children_by_field_name("name")
            )
        self.add_signature(node, func, kind)
        if kind == "literal":
            func.usage, func.usage_ref = literal_usage(node)
        func.inject_at = self.after_leading_defers(node.child_by_field_name("body"))
        self.model.funcs.append(func)

    @staticmethod
    def after_leading_defers(body: tree_sitter.Node | None) -> int | None:
        if body is None or body.child_count == 0:
            return None
        position = body.children[0].end_byte  # just after "{"
        for child in body.named_children:
            if child.type != "statement_list":
                continue
            for statement in child.named_children:
                if statement.type != "defer_statement":
                    break
                position = statement.end_byte
        return position

    def add_call(self, node: tree_sitter.Node):
        fn = function_of(node)
        if fn is None:
            return
        stmt = self.statement_calls.get(node.end_byte, "")
        args, arg_nodes = arguments_of(node)
        if not (stmt or relevance.may_matter(fn, args, self.callables, self.interest, self.model)):
            return
        kind, target, recv, recv_type, recv_call = self.names.callee_of(fn)
        if kind == "method" and target == "Accept" and not arg_nodes:
            self.add_accept_loop(node)
        if not (stmt or relevance.wanted(kind, target, recv_type, self.interest)):
            return
        func, path, in_defer_args = self.locate(node)
        call = Call(
            key=node.end_byte,
            func=func.start_byte if func is not None else None,
            kind=kind,
            target=target,
            span=self.span(node),
            path=path,
            recv=recv,
            recv_type=recv_type,
            recv_call=recv_call,
            stmt=stmt,
            in_defer_args=in_defer_args,
        )
        # Calls kept only for the call graph (a helper, a method of a local type) need no
        # arguments or text: rules read those of library calls, builtins and launchers.
        if stmt or kind in ("qual", "builtin", "literal") or target in self.interest.details:
            call.args = tuple(self.names.arg_token(a) for a in arg_nodes)
            call.assigned = assigned_names(node)
            call.text = self.snippet(node)
            if kind == "qual":  # what signal.Notify's channel was made from
                call.arg_origins = tuple(
                    (self.names.lookup(text(a), a) or "") if a.type == "identifier" else "" for a in arg_nodes
                )
        self.model.calls.append(call)
        self.call_nodes[call.key] = node

    def add_defer(self, node: tree_sitter.Node):
        func, path, _ = self.locate(node)
        if func is None:
            return
        inner = _runs(node)
        self.model.defers.append(
            Defer(
                key=node.start_byte,
                end=node.end_byte,
                func=func.start_byte,
                call=inner.end_byte if inner is not None and is_call(inner) else None,
                span=self.span(node),
                path=path,
                text=self.snippet(node),
            )
        )

    def add_go(self, node: tree_sitter.Node):
        func, _, _ = self.locate(node)
        inner = _runs(node)
        self.model.gos.append(
            GoStmt(
                key=node.start_byte,
                func=func.start_byte if func is not None else None,
                call=inner.end_byte if inner is not None and is_call(inner) else None,
                span=self.span(node),
            )
        )

    def add_accept_loop(self, call: tree_sitter.Node):
        """`for { conn, err := lis.Accept() ... }`: a loop around a listener serves forever."""
        loop = enclosing(call, FUNC_TYPES | {"for_statement"})
        if loop is None or loop.type != "for_statement":
            return
        func, path, _ = self.locate(loop)
        if func is not None:
            self.model.blocking.append(Blocking(func.start_byte, "accept", self.span(loop), path))

    def add_endless_loops(self, found: dict) -> None:
        leaving = [
            self.call_nodes[call.key]
            for call in self.model.calls
            if (call.kind == "qual" and call.target in golib.DEFAULT_EXITS | golib.PANICS)
            or (call.kind == "builtin" and call.target == "panic")
        ]
        for loop in endless_loops(found.get("for", []), found.get("out", []) + leaving, found.get("break", [])):
            func, path, _ = self.locate(loop)
            if func is not None:
                self.model.blocking.append(Blocking(func.start_byte, "for", self.span(loop), path))

    # -- driver ------------------------------------------------------------------------

    def build(
        self, root: tree_sitter.Node | None, pick: FilePick | None, imports: list[tuple[str, str]] | None = None
    ) -> FileModel:
        root = root if root is not None else parse(self.src).root_node
        model = self.model
        if not self.has_file_facts:
            if root.has_error:
                error = first_error(root)
                model.parse_error = self.span(error if error is not None else root)
            read_file_facts(model, root, self.src, self.span)
            model.struct_fields = exiting_fields(root, self.src, self.interest)
        if model.parse_error is not None:
            pick = None  # what a broken tree holds is not where the selection expects it
        if pick is not None and pick.is_empty():
            return model  # its file facts only: nothing to resolve, nothing to model
        for path, name in import_bindings(root) if imports is None else imports:
            self.add_import(path, name)
        # Scopes in document order, with what their calls may enter (see selection.py):
        # every name, other packages only (frozenset()), or nothing outside ``regions``.
        scopes: list[tuple[tree_sitter.Node, frozenset[str] | None, tuple]] = []
        if pick is None:
            scopes.append((root, self.callables, ()))
        else:
            for child in root.named_children:
                start = child.start_byte
                if start in pick.modelled:
                    scopes.append((child, self.callables, ()))
                elif start in pick.regions or start in pick.library:
                    outside = frozenset() if start in pick.library else None
                    scopes.append((child, outside, pick.regions.get(start, ())))
                elif child.type in _PACKAGE_VARS and (pick.modelled or pick.library or pick.regions):
                    self.add_package_names(child)  # what modelled code looks up
                elif start in pick.stubbed:
                    self.add_stub(child)
        # Document order, whatever order the binding returns captures in: later stages
        # pick "the first" call or defer of a function and must be deterministic.
        found: dict[str, list[tree_sitter.Node]] = {}
        calls: list[tuple[tree_sitter.Node, frozenset[str] | None]] = []
        for scope, callables, regions in scopes:
            for name, nodes in captures(FACTS_QUERY, scope).items():
                if name != "call":
                    found.setdefault(name, []).extend(nodes)
                    continue
                if not regions:
                    if callables is not None or pick is None:
                        calls.extend((node, callables) for node in _in_document_order(nodes))
                    continue
                for node in _in_document_order(nodes):
                    inside = any(start <= node.start_byte < end for start, end in regions)
                    allowed = self.callables if inside else callables
                    if allowed is not None:
                        calls.append((node, allowed))
        found = {name: _in_document_order(nodes) for name, nodes in found.items()}
        self.names.dot_imports = model.dot_imports
        for node in found.get("decl", []):
            self.names.add_decl(node)
        self.add_exit_values()
        for node in found.get("func", []):
            self.add_func(node)
        # The calls a defer or go statement makes itself, by key: asking each call for its
        # parent would search the tree down from the root (tree-sitter keeps no parents).
        for name in ("defer", "go"):
            for statement in found.get(name, []):
                inner = statement_expression(statement)
                if inner is not None and is_call(inner):
                    self.statement_calls[inner.end_byte] = name
        for node, callables in calls:
            self.callables = callables
            self.add_call(node)
        for node in found.get("defer", []):
            self.add_defer(node)
        for node in found.get("go", []):
            self.add_go(node)
        self.add_endless_loops(found)
        for node in found.get("select", []):
            if not any(c.type == "communication_case" or c.type == "default_case" for c in node.named_children):
                func, path, _ = self.locate(node)
                if func is not None:
                    model.blocking.append(Blocking(func.start_byte, "select", self.span(node), path))
        model.funcs.sort(key=attrgetter("key"))
        return model
