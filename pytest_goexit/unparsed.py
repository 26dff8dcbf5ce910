"""Generated files a check can leave unparsed, decided from their text.

A generated file's findings are never reported, so it matters to a check only through
the other files' findings, and it reaches them in three ways only: a seed of the selection
in its code (selection.py), a call to a function a search back from a seed passes through
(its own function would have joined the search), or a function of its declared under a
name modelled code writes (started, deferred, stubbed). When its text shows none of the
three, the selection and every finding are the same as with the file parsed, and its model
is its header: package, build constraint, generated. A third of GOROOT's bytes are
generated (tables, syscall lists, rewrite rules); most are left unparsed.

Read conservatively: what the text cannot settle (a block comment or a BOM before the
package clause, `func` written other than as a declaration or a literal, a package
variable that may hold a function) makes the file parsed, as does package main with a
function or a variable (its `for {` is a seed); a file with neither runs nothing.
modelling.models_of parses a file set aside here as soon as the selection of the others
links to it, and selects again; a file whose functions only get a stub (modelled code
names them) is not parsed: each stubbed declaration is, alone.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache

from . import golib, seeds
from .facts import FileModel
from .filefacts import goos, header_comment
from .model import FUNCTION_DECLARATIONS, STUB_PREFIX, add_stubs
from .namegraph import starts_word, words_in
from .parse import parse
from .selection import Selection

_PACKAGE = re.compile(rb"package[ \t]+([A-Za-z_]\w*)[ \t]*(?://[^\n]*)?")
# After the package clause: spaces, newlines, semicolons and comments; an import spec.
_BETWEEN = re.compile(rb"(?:[\s;]+|//[^\n]*|/\*.*?\*/)*", re.DOTALL)
_IMPORT = re.compile(rb"import\b")
_SPEC = re.compile(rb"(?:([A-Za-z_]\w*|\.)[ \t]*)?(?:\"([^\"\\\n]*)\"|`([^`]*)`)")
# Every `func` (its start checked apart: a leading \b costs the regex its fast search): a
# function or method declaration (a receiver's type may be parenthesised once), as gofmt
# and every generator write it (group 1: the receiver, group 2: the name); a function
# literal or type, as gofmt writes it (group 3); else something the text cannot settle.
# A receiver is read on one line and up to 256 bytes (a pathological line costs no more).
_FUNC = re.compile(rb"func\b(?:\s*(\((?:[^()\n]|\([^()\n]{0,256}\)){0,256}\)\s*)?([A-Za-z_]\w*)\s*[(\[]|(\())?")
# A line starting with a top-level keyword: where, in generated code, a declaration
# before it has ended (_declaration_end checks it).
_TOP_LEVEL = re.compile(rb"^(?:func|type|var|const|import)\b", re.MULTILINE)
# What code that runs is written with: a function, a package variable's initialiser.
_RUNNING = re.compile(rb"(?:func|var)\b")
# What decides where a `var` is (outside braces: at the top level), tokens apart: comments,
# strings and runes (their braces are no braces), braces, `var`; a quote or comment opener
# left over is one the text does not close, and nothing can be told.
_BRACES = re.compile(
    rb'//[^\n]*|/\*.*?\*/|"(?:[^"\\\n]|\\.)*"|`[^`]*`|\'(?:[^\'\\\n]|\\.)*\'|[{}]|var\b|["\'`]|/\*',
    re.DOTALL,
)
# Past this many names, one set of the file's words costs less than a search for each.
_SEARCHED_NAMES = 32


@dataclass
class Unparsed:
    """A generated file set aside: its model, and what links it to the others."""

    model: FileModel  # its header facts; nothing in it is modelled
    source: bytes
    imports: list[tuple[str, str]]  # as parse.import_bindings reads them
    functions: dict[bytes, list[int]]  # a superset of its functions' and methods' names -> starts
    plain: frozenset[bytes]  # those of functions (not methods)
    _counts: Counter[bytes] | None = None  # how often each word is written

    def link(self, chosen: Selection) -> str:
        """How the selection ``chosen`` (with links) would change if this file were parsed:
        "selected": it may, "stubbed": only with stubs of its functions, "": not at all."""
        links = chosen.links
        assert links is not None
        declared, package, nothing = self.functions.keys(), self.model.package.encode(), frozenset()
        panics = b"anic" in self.source  # namegraph.may_panic, for the whole file
        if not declared.isdisjoint(links.started.get(package, nothing)) or (
            panics and not declared.isdisjoint(links.called.get(package, nothing))
        ):
            return "selected"
        if self._writes(links.followed.get(package, nothing), links.methods.get(package, nothing)):
            return "selected"
        return "" if declared.isdisjoint(links.stubbed) else "stubbed"

    def _writes(self, names: frozenset[bytes], methods: frozenset[bytes]) -> bool:
        """Does the file write one of ``names`` as a word (a name of ``methods``, which the
        package declares as methods only, after a dot), in code or not, other than as the
        name of a function it declares?"""
        if len(names) <= _SEARCHED_NAMES and not any(name in self.source for name in names):
            return False  # no name even as a part of a word
        if self._counts is None:
            self._counts = Counter(words_in(self.source, 0, len(self.source)))
        for name in self._counts.keys() & names:
            if name in methods and name not in self.plain:
                if _after_dot(name).search(self.source) is not None:
                    return True
            elif self._counts[name] > len(self.functions.get(name, ())):
                # Written other than where a function of this file is declared: each
                # declaration (_functions) writes the name once, as a word.
                return True
        return False

    def stubs(self, chosen: Selection) -> dict[int, int] | None:
        """Start -> end of the functions that get a stub; None when where one ends cannot
        be told without parsing the file."""
        assert chosen.links is not None
        ranges = {}
        for name in self.functions.keys() & chosen.links.stubbed:
            for start in self.functions[name]:
                end = _declaration_end(self.source, start)
                if end is None:
                    return None
                ranges[start] = end
        return ranges

    def stubbed(self, ranges: dict[int, int], interest: golib.Interest) -> FileModel:
        return add_stubs(self.model, self.source, ranges, self.imports, interest) if ranges else self.model


def settle(aside: dict[int, Unparsed], chosen: Selection) -> tuple[list[int], dict[int, dict[int, int]]]:
    """Of the files set aside, those to parse and select again with, and the stubs of
    those whose functions only get one (file -> start -> end)."""
    parse_again, stubs = [], {}
    for i, file in aside.items():
        link = file.link(chosen)
        ranges = file.stubs(chosen) if link == "stubbed" else {}
        if link == "selected" or ranges is None:
            parse_again.append(i)
        elif ranges:
            stubs[i] = ranges
    return parse_again, stubs


def set_aside(path: str, source: bytes, interest: golib.Interest) -> Unparsed | None:
    """The file, if it is generated and holds no seed; None: it is to be parsed."""
    if source.find(b"// Code generated ") < 0:
        return None  # not generated (a quick look: filefacts has the last word)
    header = _header(path, source)
    if header is None:
        return None
    model, imports = header
    if not model.generated:
        return None
    # Without a function or a package variable (constants, types: zsysnum_*.go; comments
    # only: cmd/go/alldocs.go) nothing in the file runs: not even package main's `for {`,
    # nor a raw exit's number or name, can reach a rule.
    runs = _in_code(source, _RUNNING)
    if runs and model.package == "main":
        return None
    paths, patterns, literals = _seeds(interest)
    if any(path in paths for path, _ in imports):
        return None  # it may call an exit, a signal function or a launcher by its package
    if any(_in_code(source, pattern) for pattern in patterns):
        return None
    if runs and any(literal in source for literal in literals):
        return None
    declared = _functions(source)
    return Unparsed(model, source, imports, *declared) if declared is not None else None


def _declaration_end(source: bytes, start: int) -> int | None:
    """Where the top-level function declaration at ``start`` ends: parsed alone up to the
    next line starting with a top-level keyword, it must be all the code there is."""
    following = _TOP_LEVEL.search(source, start + 1)
    window = source[start : following.start() if following is not None else len(source)]
    root = parse(STUB_PREFIX + window).root_node
    code = [c for c in root.named_children if c.type != "comment"]
    if root.has_error or len(code) != 2:
        return None
    declaration = code[1]  # after the package clause
    if declaration.start_byte != len(STUB_PREFIX) or declaration.type not in FUNCTION_DECLARATIONS:
        return None
    return start + declaration.end_byte - len(STUB_PREFIX)


def _header(path: str, source: bytes) -> tuple[FileModel, list[tuple[str, str]]] | None:
    """The file facts before the package clause, as filefacts reads them off the tree, and
    the imports; None where the text alone cannot tell (only comment lines may come
    before the package clause; an import path must be written without escapes)."""
    model = FileModel(path=path, is_test=path.endswith("_test.go"))
    position = 0
    while position < len(source):
        end = source.find(b"\n", position)
        end = len(source) if end < 0 else end
        line = source[position:end].lstrip(b" \t")  # a comment's text ends where its line does
        position = end + 1
        if not line.rstrip(b" \t"):
            continue
        if line.endswith(b"\r"):
            return None
        if line.startswith(b"//"):
            header_comment(model, line.decode("utf-8", "replace"))
            continue
        clause = _PACKAGE.fullmatch(line)
        if clause is None:
            return None
        model.package = clause.group(1).decode()
        model.goos = goos(path, model.build)
        imports = _imports(source, position)
        return (model, imports) if imports is not None else None
    return None


def _imports(source: bytes, position: int) -> list[tuple[str, str]] | None:
    """(path, name) of the import declarations from ``position`` on."""
    bindings: list[tuple[str, str]] = []
    while True:
        position = _BETWEEN.match(source, position).end()
        keyword = _IMPORT.match(source, position)
        if keyword is None:
            return bindings
        position = _BETWEEN.match(source, keyword.end()).end()
        grouped = source.startswith(b"(", position)
        position += grouped
        while True:
            position = _BETWEEN.match(source, position).end()
            if grouped and source.startswith(b")", position):
                position += 1
                break
            spec = _SPEC.match(source, position)
            if spec is None:
                return None
            path = (spec.group(2) if spec.group(2) is not None else spec.group(3)).decode("utf-8", "replace")
            name = spec.group(1).decode() if spec.group(1) is not None else golib.default_import_name(path)
            bindings.append((path, name))
            position = spec.end()
            if not grouped:
                break


class _CommentLines:
    """Is a position on a line holding a comment only? Asked in increasing positions, each
    line is read once (a file of one long line costs no more than the line)."""

    def __init__(self, source: bytes):
        self.source = source
        self.end = -1
        self.comment = False

    def __call__(self, at: int) -> bool:
        if at > self.end:
            source = self.source
            start = source.rfind(b"\n", 0, at) + 1
            end = source.find(b"\n", at)
            self.end = len(source) if end < 0 else end
            self.comment = source[start : self.end].lstrip(b" \t").startswith(b"//")
        return self.comment


def _in_code(source: bytes, pattern: re.Pattern[bytes]) -> bool:
    """Does ``pattern`` match, starting a word, outside whole-line comments (in code, a
    string or a comment after code: more than the selection searches)?"""
    commented = _CommentLines(source)
    return any(starts_word(source, m.start()) and not commented(m.start()) for m in pattern.finditer(source))


def _functions(source: bytes) -> tuple[dict[bytes, list[int]], frozenset[bytes]] | None:
    """Name -> starts of the file's function and method declarations (a superset: also
    what looks like one in a comment; each writes its name once, as a word) and the names
    of functions; None when a `func` in code is neither a declaration nor a literal, or
    a package variable may hold a function (its name would be a callable:
    toplevel.file_top)."""
    functions: dict[bytes, list[int]] = {}
    plain = set()
    literals = False
    commented = _CommentLines(source)
    for m in _FUNC.finditer(source):
        if not starts_word(source, m.start()):
            continue
        if m.group(2) is not None:
            if m.group(1) is None:
                if m.group(2) in (b"init", b"_"):
                    continue  # cannot be called
                plain.add(m.group(2))
            functions.setdefault(m.group(2), []).append(m.start())
        elif m.group(3) is not None:
            literals = True
        elif not commented(m.start()):
            return None
    if literals and _package_variable(source):
        return None
    return functions, frozenset(plain)


def _package_variable(source: bytes) -> bool:
    """Is a `var` written outside every brace (a package variable), or can the text not
    tell (an unclosed string or comment, unbalanced braces)? A `var` in a function body
    declares a local, which no other function can call."""
    depth = 0
    for m in _BRACES.finditer(source):
        token = m.group()
        if token == b"{":
            depth += 1
        elif token == b"}":
            depth -= 1
            if depth < 0:
                return True
        elif token == b"var":
            if depth == 0 and starts_word(source, m.start()):
                return True
        elif len(token) == 1 or token == b"/*":
            return True  # a quote or a comment the text does not close
    return depth != 0


@lru_cache(maxsize=4096)
def _after_dot(name: bytes) -> re.Pattern[bytes]:
    return re.compile(rb"\.\s*" + re.escape(name) + rb"\b")


@lru_cache(maxsize=8)
def _seeds(interest: golib.Interest) -> tuple[frozenset[str], tuple[re.Pattern[bytes], ...], tuple[bytes, ...]]:
    """What a file must not hold to be set aside, after selection.select's seeds: an
    import of a package a seed names, a seed written without a package (go statements,
    recover, calls of exiting and launcher methods), and the raw exit words, which count
    in strings too."""
    methods = seeds.method_forms(interest.exits | interest.launchers)
    patterns = [seeds.GO_STATEMENT, seeds.RECOVER, *seeds.method_calls({m for ms in methods.values() for m in ms})]
    return (
        seeds.seed_paths(interest),
        tuple(seeds.compiled(pattern) for _, pattern in patterns),
        tuple(literal for literal, _ in seeds.RAW_EXIT_WORDS),
    )
