"""How the seeds of each rule family are written in Go source: byte patterns that start
with a literal (Python's re then scans at C speed), per file, from what it imports. Each
is paired with a literal every match contains, so a file without it is not scanned."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from functools import lru_cache

import tree_sitter

from . import golib
from .parse import statement_expression

Seed = tuple[bytes, bytes]  # (a literal every match contains, pattern starting with a literal)

GO_STATEMENT: Seed = (b"go", rb"go\b\s*[\w(]")
RECOVER: Seed = (b"recover", rb"recover\s*\(")
DEFER: Seed = (b"defer", rb"defer\b")
RAW_EXIT_WORDS: list[Seed] = [(b"SYS_EXIT", rb"SYS_EXIT\w*"), (b"ExitProcess", rb"ExitProcess\b")]
BLOCKING: list[Seed] = [(b"select", rb"select\s*\{\s*\}"), (b"for", rb"for\s*\{")] + [
    (m.encode(), rb"\.\s*" + m.encode() + rb"\s*\(")
    for m in ("ListenAndServe", "ListenAndServeTLS", "Serve", "ServeTLS", "Accept")
]


@lru_cache(maxsize=1024)
def compiled(pattern: bytes) -> re.Pattern[bytes]:
    return re.compile(pattern)


def imported_names(bindings: Iterable[tuple[str, str]], paths: frozenset[str]) -> dict[str, set[str]]:
    """Import path -> the names the file uses for it ("." for a dot import), for the
    import ``paths`` seeds can name (see ``seed_paths``); ``bindings`` as
    parse.import_bindings reads them."""
    names: dict[str, set[str]] = {}
    for path, name in bindings:
        if path in paths and name != "_":
            names.setdefault(path, set()).add(name)
    return names


@lru_cache(maxsize=8)
def seed_paths(interest: golib.Interest) -> frozenset[str]:
    """The import paths of every package a seed names: functions ("os.Exit"), types of
    exiting methods ("log.Logger.Fatal") and their constructors ("log.New")."""
    quals = interest.exits | interest.launchers | interest.signals | golib.SIGNAL_ALL | golib.SERVE_FUNCS
    quals |= {"runtime.Goexit"} | {c.removeprefix("call:") for c in golib.CONSTRUCTED_TYPES}
    paths = {q.rpartition(".")[0] for q in quals}
    return frozenset(paths | {path for path, _ in method_forms(quals)})


def written(quals: frozenset[str], imports: dict[str, set[str]]) -> list[Seed]:
    """Seeds for the names ``quals`` ("path.Func") as a file with these imports writes them."""
    paths = by_path(quals)
    out = []
    for path, locals_ in imports.items():
        for name in paths.get(path, ()):
            for local in locals_:
                pattern = re.escape(name) + rb"\b" if local == "." else local.encode() + rb"\s*\.\s*" + name + rb"\b"
                out.append((name, pattern))
    return out


@lru_cache(maxsize=64)
def by_path(quals: frozenset[str]) -> dict[str, list[bytes]]:
    by_path: dict[str, list[bytes]] = {}
    for q in sorted(quals):
        path, _, func = q.rpartition(".")
        by_path.setdefault(path, []).append(func.encode())
    return by_path


def method_forms(quals: Iterable[str]) -> dict[tuple[str, str], set[str]]:
    """("path", "Type") -> method names, for entries like "log.Logger.Fatal"."""
    forms: dict[tuple[str, str], set[str]] = {}
    for q in quals:
        parts = q.rsplit(".", 2)
        if len(parts) == 3 and "/" not in parts[1]:
            forms.setdefault((parts[0], parts[1]), set()).add(parts[2])
    return forms


@lru_cache(maxsize=8)
def exiting_types(interest: golib.Interest) -> dict[str, bytes]:
    """Types with exiting methods ("log.Logger", from "log.Logger.Fatal" in the exits),
    each with its name as a file writes it (b"Logger")."""
    return {f"{path}.{name}": name.encode() for path, name in method_forms(interest.exits)}


def method_calls(methods: Iterable[str]) -> list[Seed]:
    return [(m.encode(), rb"\.\s*" + re.escape(m.encode()) + rb"\s*\(") for m in sorted(methods)]


@lru_cache(maxsize=1024)
def assigned(name: bytes) -> re.Pattern[bytes]:
    """`name :=`, `name =`, `a, name :=`, `var name`: a variable of that name."""
    word = re.escape(name)
    return re.compile(rb"\b" + word + rb"\s*(?:,\s*[\w.]+\s*)*:?=(?!=)|\bvar\s+" + word + rb"\b")


def exit_calls(
    interest: golib.Interest, imports: list[dict[str, set[str]]], found: Callable[[int, list[Seed]], bool]
) -> tuple[list[list[Seed]], list[Seed]]:
    """Calls of the catalog's exits as each file writes them; and, for every file, calls
    of the methods of an exiting type (log.Logger.Fatal) when ``found`` says some file can
    hold a value of that type (it names the type or one of its constructors)."""
    exits = [written(interest.exits, names) for names in imports]
    methods: set[str] = set()
    for (path, type_name), names in method_forms(interest.exits).items():
        makers = {type_name} | {
            c.rpartition(".")[2] for c, made in golib.CONSTRUCTED_TYPES.items() if made == f"{path}.{type_name}"
        }
        mentions = [written(frozenset(f"{path}.{m}" for m in makers), imported) for imported in imports]
        if any(found(i, m) for i, m in enumerate(mentions)):
            methods |= names
    return exits, method_calls(methods)


@lru_cache(maxsize=1024)
def declared_types(name: bytes) -> re.Pattern[bytes]:
    """`name T`, `name *pkg.T`: the type text of each declaration (a parameter, a var, a
    named result) of that name."""
    return re.compile(rb"\b" + re.escape(name) + rb"\s+\*?\s*([A-Za-z_]\w*(?:\s*\.\s*[A-Za-z_]\w*)?)")


def never_exiting(type_text: bytes) -> bool:
    """A type no exit in the catalog is a method of: one of this package (no qualifier;
    the catalog names methods with their import path) or a testing type."""
    return b"." not in type_text or _TESTING_TYPE.fullmatch(type_text) is not None


_TESTING_TYPE = re.compile(rb"testing\s*\.\s*(?:T|B|F|TB)")


@lru_cache(maxsize=8)
def goroutine_starts(interest: golib.Interest) -> list[Seed]:
    """Go statements and calls of launcher methods (errgroup.Group.Go, sync.WaitGroup.Go,
    configured); launcher functions are written per file (``written``)."""
    launch_methods = {q.rsplit(".", 1)[1] for q in interest.launchers if method_forms([q])}
    return [GO_STATEMENT] + method_calls(launch_methods)


def started_by(node: tree_sitter.Node) -> tree_sitter.Node | None:
    """The go statement whose keyword this is, or the call this launcher name is the callee
    of (g.Go(worker), launch(worker))."""
    if node.type == "go":
        return node.parent if node.parent is not None and node.parent.type == "go_statement" else None
    for _ in range(3):
        node = node.parent
        if node is None or node.type == "call_expression":
            return node
        if node.type not in ("selector_expression", "identifier", "field_identifier"):
            return None
    return None


def go_callee(start: tree_sitter.Node) -> tree_sitter.Node | None:
    """What a go statement calls: `go f(x)` -> f, `go func() {...}()` -> the literal."""
    call = statement_expression(start) if start.type == "go_statement" else None
    fn = call.child_by_field_name("function") if call is not None and call.type == "call_expression" else None
    while fn is not None and fn.type == "parenthesized_expression" and fn.named_child_count:
        fn = fn.named_children[0]
    return fn


def goroutine_body(start: tree_sitter.Node) -> tuple[int, int] | None:
    """The byte range of the func literal a `go func() {...}()` runs (not its arguments,
    which the starting goroutine evaluates)."""
    fn = go_callee(start)
    return (fn.start_byte, fn.end_byte) if fn is not None and fn.type == "func_literal" else None
