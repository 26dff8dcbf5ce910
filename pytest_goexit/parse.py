"""tree-sitter only: the one Go parser, and helpers to read spans and text off nodes."""

from __future__ import annotations

from functools import cache, lru_cache

import tree_sitter
import tree_sitter_go

from . import golib

GO = tree_sitter.Language(tree_sitter_go.language())


@lru_cache(maxsize=1)
def _parser() -> tree_sitter.Parser:
    return tree_sitter.Parser(GO)


def parse(source: bytes) -> tree_sitter.Tree:
    """The file's syntax tree. Where the grammar breaks on valid Go in two known ways (no
    newline at the end of the file, Go 1.26's `new(expr)`), the tree read around them."""
    tree = _parser().parse(source)
    if not tree.root_node.has_error:
        return tree
    if source and not source.endswith(b"\n"):
        # The grammar wants a type declaration ended by a newline, as gofmt ends a file;
        # the Go compiler does not. Read with one, the file has the same bytes before it.
        ended = _parser().parse(source + b"\n")
        if not ended.root_node.has_error:
            return ended
    if b"new" in source or b"make" in source:
        return _builtins_read_as_parentheses(source, tree)
    return tree


_BUILTIN_WORDS = frozenset({b"new", b"make"})
_BUILTIN_NODES = frozenset({"identifier", "new", "make"})  # as the grammar names the word, in a call or an error
_BLANKS = b" \t"


def _builtins_read_as_parentheses(source: bytes, tree: tree_sitter.Tree) -> tree_sitter.Tree:
    """The tree of a file whose calls of `new` and `make` broke the parse, read again
    without those two words. The grammar takes both for keywords followed by a type, so
    Go 1.26's `new(expr)` (`new(f(x))`, `new(1)`) and a local function named `make` or
    `new` are syntax errors to it. Read without the word, such a call is the parenthesized
    expression it evaluates (the calls in it are still calls), at the same bytes, rows and
    columns, and every node's text is still the file's."""
    root = tree.root_node
    skipped = _broken_builtin_calls(source, root)
    if not skipped:
        return tree
    again = tree_sitter.Parser(GO, included_ranges=_ranges_between(source, skipped)).parse(source)
    if not again.root_node.has_error:
        return again
    # Broken elsewhere too: the first error of the tree read again is the first one that
    # is no `new(expr)`, unless that reading broke something earlier than the first error
    # it was read for; then the file keeps its tree.
    was, now = first_error(root), first_error(again.root_node)
    return again if was is not None and now is not None and now.start_byte >= was.start_byte else tree


def _broken_builtin_calls(source: bytes, root: tree_sitter.Node) -> list[tuple[int, int]]:
    """Where `new` or `make` is written before "(" in a broken call or an error node, in
    document order. Only broken nodes are descended into: each node is looked at once
    (a search from the root for each word would take time squared in a big broken file)."""
    found: list[tuple[int, int]] = []
    broken = [root]
    while broken:
        node = broken.pop()
        for child in node.children:
            if child.has_error:
                broken.append(child)
            elif child.type in _BUILTIN_NODES and child.text in _BUILTIN_WORDS:
                start, end = child.start_byte, child.end_byte
                if source[start - 1 : start] != b"." and source[end : end + 32].lstrip(_BLANKS)[:1] == b"(":
                    found.append((start, end))
    return sorted(found)


def _ranges_between(source: bytes, skipped: list[tuple[int, int]]) -> list[tree_sitter.Range]:
    """The ranges of the file around ``skipped`` byte spans (in order), rows counted as the
    ranges go (once over the file)."""
    ranges, position, row = [], 0, 0
    for start, end in [*skipped, (len(source), len(source))]:
        row_start = row + source.count(b"\n", position, start)
        ranges.append(
            tree_sitter.Range(
                (row, position - (source.rfind(b"\n", 0, position) + 1)),
                (row_start, start - (source.rfind(b"\n", 0, start) + 1)),
                position,
                start,
            )
        )
        row = row_start + source.count(b"\n", start, end)
        position = end
    return ranges


# Source bytes of one directory whose trees are held at once: a tree takes about twenty
# times its source, and a generated package can be tens of megabytes.
TREE_BUDGET = 6_000_000


class Trees:
    """The syntax trees of one directory's files. Each is parsed when first asked for and
    kept while the files kept add up to no more than ``budget`` bytes of source; a tree let
    go is parsed again if asked for again. Below the budget every file is parsed exactly
    once."""

    def __init__(self, sources: list[bytes], budget: int | None = None):
        self.sources = sources
        self.budget = TREE_BUDGET if budget is None else budget
        self._kept: dict[int, tree_sitter.Tree] = {}
        # One root Node per kept tree: a Node keeps the child lists it has built, and every
        # reader of a file's top level (file top, file facts, picked declarations) walks it.
        self._roots: dict[int, tree_sitter.Node] = {}
        self._kept_bytes = 0
        self.parses = 0

    def tree(self, i: int) -> tree_sitter.Tree:
        tree = self._kept.get(i)
        if tree is not None:
            return tree
        tree = parse(self.sources[i])
        self.parses += 1
        self._kept[i] = tree
        self._kept_bytes += len(self.sources[i])
        while self._kept_bytes > self.budget and len(self._kept) > 1:
            # The biggest tree goes first: big files are mostly generated, and rarely asked
            # for again (model.add_stubs reads a signature without its file's tree).
            victim = max((k for k in self._kept if k != i), key=lambda k: len(self.sources[k]))
            self.release(victim)
        return tree

    def holds(self, i: int) -> bool:
        return i in self._kept

    def root(self, i: int) -> tree_sitter.Node:
        root = self._roots.get(i)
        if root is None:
            root = self._roots[i] = self.tree(i).root_node
        return root

    def release(self, i: int) -> None:
        """Let go of a tree (nothing will ask for it again, or too much is held)."""
        if i in self._kept:
            self._roots.pop(i, None)
            del self._kept[i]
            self._kept_bytes -= len(self.sources[i])


@cache
def query(text: str) -> tree_sitter.Query:
    """Compile a query once per process; queries are immutable and reusable."""
    return tree_sitter.Query(GO, text)


def captures(query_text: str, node: tree_sitter.Node) -> dict[str, list[tree_sitter.Node]]:
    return tree_sitter.QueryCursor(query(query_text)).captures(node)


def text(node: tree_sitter.Node | None) -> str:
    if node is None:
        return ""
    return node.text.decode("utf-8", "replace")


def kind(name: str) -> int:
    """The grammar's id of a named node type: comparing ``Node.kind_id`` to it makes no
    string, where ``Node.type`` makes one per node (the top level of every file is read)."""
    return GO.id_for_node_kind(name, True)


_IMPORT_SPEC = kind("import_spec")
_HOLDING_IMPORTS = frozenset(map(kind, ("import_declaration", "import_spec_list", "ERROR")))


def statement_expression(statement: tree_sitter.Node) -> tree_sitter.Node | None:
    """The expression a defer or go statement runs: its first named child that is not a
    comment (`defer /* why */ f.Close()`)."""
    return next((c for c in statement.named_children if c.type != "comment"), None)


def import_specs(node: tree_sitter.Node):
    """The import specs of a file (``node``: its root), in order, also inside top-level
    syntax errors; declarations are not searched."""
    for child in node.named_children:
        k = child.kind_id
        if k == _IMPORT_SPEC:
            yield child
        elif k in _HOLDING_IMPORTS:
            yield from import_specs(child)


def import_bindings(root: tree_sitter.Node):
    """(import path, name the file uses for it) per import spec: "." for a dot import,
    "_" for a blank one, the Go default name when none is written."""
    for spec in import_specs(root):
        path_node = spec.child_by_field_name("path")
        if path_node is None:
            continue
        path = text(path_node)[1:-1]
        name_node = spec.child_by_field_name("name")
        if name_node is None:
            yield path, golib.default_import_name(path)
        elif name_node.type == "dot":
            yield path, "."
        elif name_node.type == "blank_identifier":
            yield path, "_"
        else:
            yield path, text(name_node)


def value_specs(decl: tree_sitter.Node):
    """The var_spec and const_spec nodes of a var or const declaration, lists flattened."""
    for spec in decl.named_children:
        for inner in spec.named_children if spec.type == "var_spec_list" else (spec,):
            if inner.type in ("var_spec", "const_spec"):
                yield inner


def source_lines(source: bytes) -> list[bytes]:
    """A file's lines as tree-sitter numbers its rows: split at "\\n" only (str.splitlines
    also splits at form feeds, a lone "\\r" and other separators, and counts differently).
    A line of a CRLF file keeps its "\\r"."""
    return source.split(b"\n")


def package_name(root: tree_sitter.Node) -> bytes:
    """The name in the file's package clause (b"" when there is none)."""
    for child in root.named_children:
        if child.type == "package_clause":
            return child.named_children[0].text if child.named_child_count else b""
    return b""


def first_error(root: tree_sitter.Node) -> tree_sitter.Node | None:
    """The first ERROR or MISSING node in document order, descending only into broken subtrees."""
    node = root
    while True:
        for child in node.children:
            if child.is_missing or child.type == "ERROR":
                return child
            if child.has_error:
                node = child
                break
        else:
            return node if node is not root else None
