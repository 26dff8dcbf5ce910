"""The top-level declarations of one directory, and call edges between them by name:
a declaration is taken to call every package function whose name it writes in code. What
selection.py walks to decide what to model; every answer is read off the source bytes,
checked against the syntax tree where a word could be a comment or a string."""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass

import tree_sitter

from . import seeds
from .parse import Trees, captures
from .relevance import closure_names
from .resolve import strip_parens
from .toplevel import FileTop

# Every byte that is not a letter, digit or underscore, as a space: a slice translated
# with it splits into the words it writes, twice as fast as a regex finds them. A word
# starting with a digit is a number and never a declared name.
_WORD_BYTES = bytes(c if chr(c).isascii() and (chr(c).isalnum() or c == 95) else 32 for c in range(256))


def _word_matches(source: bytes, patterns: list[seeds.Seed]) -> Iterable[int]:
    """Offsets in ``source`` where a seed starts as a word."""
    for literal, pattern in patterns:
        if literal in source:
            for m in seeds.compiled(pattern).finditer(source):
                if starts_word(source, m.start()):
                    yield m.start()


def words_in(source: bytes, start: int, end: int) -> list[bytes]:
    """The words (runs of ASCII letters, digits, underscores) of ``source[start:end]``."""
    return source[start:end].translate(_WORD_BYTES).split()


_LITERALS = "(comment) @text (interpreted_string_literal) @text (raw_string_literal) @text (rune_literal) @text"


def code_words(source: bytes, node: tree_sitter.Node) -> list[bytes]:
    """The words of a node's code: its comments and literals aside."""
    words, position = [], node.start_byte
    for text in sorted(captures(_LITERALS, node).get("text", ()), key=lambda n: n.start_byte):
        words += words_in(source, position, text.start_byte)
        position = text.end_byte
    return words + words_in(source, position, node.end_byte)


# A name written as the callee of a call, also with type arguments (`f[T](`; calls.py):
# a name before any "[" (an index too) is a superset.
_CALLED = re.compile(rb"([A-Za-z_]\w*)\s*[(\[]")
# Where a word is text, not code: no seed, no call edge (ExitProcess is looked up by a
# string, so raw-exit words count in strings).
COMMENT = frozenset({"comment"})
TEXT = COMMENT | {
    "interpreted_string_literal",
    "interpreted_string_literal_content",
    "raw_string_literal",
    "raw_string_literal_content",
    "escape_sequence",
    "rune_literal",
}
# Looking names up one by one scans the directory's bytes each time (fast, in C); indexing
# every declaration's words once costs about as much as sixteen scans.
_SCANNED_NAMES = 16


def selector_operand(token: tree_sitter.Node) -> tree_sitter.Node | None:
    """The operand (parentheses aside) of the selector whose dot or field ``token`` is,
    read as resolve.Names.callee_of reads it."""
    selector = token.parent
    if selector is None or selector.type != "selector_expression":
        return None
    operand = selector.child_by_field_name("operand")
    if operand is None or operand.start_byte == token.start_byte:
        return None  # the token is the operand itself
    return strip_parens(operand)


def _is_word(byte: int) -> bool:
    return byte == 95 or 48 <= byte <= 57 or 65 <= byte <= 90 or 97 <= byte <= 122


def starts_word(source: bytes, at: int) -> bool:  # a match there is in no longer word
    return not (at and _is_word(source[at]) and _is_word(source[at - 1]))


@dataclass(slots=True)
class _Decl:
    file: int
    start: int
    end: int
    names: tuple[bytes, ...]  # what a call writes to enter it
    package: bytes  # calls only connect the functions of one package (not x_test's)
    is_func: bool  # a function or method declaration, not a package variable
    is_method: bool  # entered only through a value of its receiver type
    # Where a function's own name is written in it: no call (a build variant of the same
    # name in another file is no caller of it), or -1.
    name_at: int


class Declarations:
    """The top-level declarations of a directory, with name-based call edges."""

    def __init__(self, sources: list[bytes], tops: list[FileTop], trees: Trees):
        self.sources = sources
        self.trees = trees
        self.items: list[_Decl] = []
        self.starts: list[list[int]] = []
        self.first: list[int] = []  # index of each file's first declaration in items
        self.by_name: dict[bytes, list[int]] = {}
        self._words: dict[bytes, list[int]] | None = None  # declared name -> declarations writing it
        self._decl_words: dict[int, set[bytes]] = {}
        # Declaration -> byte ranges of the func literals its go statements run (goroutines()).
        self.goroutine_bodies: dict[int, list[tuple[int, int]]] = {}
        self._scanned = 0
        self.followed: set[int] = set()  # every declaration backward() started from or reached
        self.started: tuple[set, set] = (set(), set())  # (name, package): what go statements name, what those call
        self._has: dict[bytes, bool] = {}  # literal -> do the declarations contain it
        self._holding: dict[bytes, set[int]] = {}  # literal -> files whose declarations contain it
        self._closures: dict[int, set[bytes]] = {}  # declaration -> names it may assign a closure to
        self.packages = [top.package for top in tops]
        for i, top in enumerate(tops):
            self.first.append(len(self.items))
            starts = []
            for start, end, names, is_func, is_method, name_at in top.decls:
                for n in names:
                    self.by_name.setdefault(n, []).append(len(self.items))
                starts.append(start)
                self.items.append(_Decl(i, start, end, names, top.package, is_func, is_method, name_at))
            self.starts.append(starts)
        # The directory's declarations joined: one search finds a name in all of them. Only
        # declarations: a seed or a name elsewhere (imports, types, constants, comments
        # between declarations: a quarter of GOROOT's bytes) is in no declaration to pick.
        self.text = b"\0".join(sources[d.file][d.start : d.end] for d in self.items)
        self.joined_starts: list[int] = []  # each declaration's start in the joined text
        position = 0
        for d in self.items:
            self.joined_starts.append(position)
            position += d.end - d.start + 1

    def at(self, file: int, offset: int) -> int | None:
        k = bisect.bisect_right(self.starts[file], offset) - 1
        if k < 0:
            return None
        index = self.first[file] + k
        return index if offset < self.items[index].end else None

    def node_at(self, file: int, offset: int) -> tree_sitter.Node | None:
        return self.trees.root(file).descendant_for_byte_range(offset, offset + 1)

    def finds(self, file: int, patterns: list[seeds.Seed]) -> Iterable[int]:
        """Offsets in the file where a seed starts as a word, of the seeds whose literal
        some declaration holds."""
        held = []
        for seed in patterns:
            present = self._has.get(seed[0])
            if present is None:
                present = self._has[seed[0]] = seed[0] in self.text
            if present:
                held.append(seed)
        return _word_matches(self.sources[file], held)

    def mentions(self, file: int, patterns: list[seeds.Seed]) -> bool:
        """Does the file write a seed as a word anywhere, type declarations included?
        finds() skips seeds no declaration holds, and a package handed its logger by
        another one may name `*log.Logger` in a struct type only."""
        return next(_word_matches(self.sources[file], patterns), None) is not None

    def joined(self, pos: int) -> tuple[int, int]:
        """(declaration, offset in its file) of a position in the joined text."""
        index = bisect.bisect_right(self.joined_starts, pos) - 1
        return index, self.items[index].start + pos - self.joined_starts[index]

    def files_with(self, literal: bytes) -> set[int]:
        """The files whose declarations contain ``literal`` (one scan of the joined text)."""
        holding = self._holding.get(literal)
        if holding is None:
            holding = self._holding[literal] = set()
            text, starts, first = self.text, self.joined_starts, self.first
            pos = text.find(literal)
            while pos >= 0:
                i = self.items[bisect.bisect_right(starts, pos) - 1].file
                holding.add(i)
                following = first[i] + len(self.starts[i])  # the next file's first declaration
                if following == len(starts):
                    break
                pos = text.find(literal, starts[following])
        return holding

    def hits(
        self, per_file: list[list[seeds.Seed]] | None, common: list[seeds.Seed], files: set[int] | None = None
    ) -> Iterable[tuple[int, int]]:
        """(file, offset) where a seed starts as a word: ``per_file`` patterns in their
        file, ``common`` ones searched once in the joined text."""
        if files is not None:  # a few files: search them one by one
            for i in sorted(files):
                patterns = common + (per_file[i] if per_file is not None else [])
                if patterns and self.starts[i]:
                    yield from ((i, offset) for offset in self.finds(i, patterns))
            return
        text = self.text
        for literal, pattern in common:
            if literal not in text:
                continue
            for m in seeds.compiled(pattern).finditer(text):
                if starts_word(text, m.start()):
                    index, offset = self.joined(m.start())
                    yield self.items[index].file, offset
        if per_file is not None:
            # Each pattern in the files that use it and contain its literal: most files
            # contain none of their seeds' literals, and are not looked at.
            users: dict[seeds.Seed, list[int]] = {}
            for i, patterns in enumerate(per_file):
                if patterns and self.starts[i]:
                    for seed in patterns:
                        users.setdefault(seed, []).append(i)
            for (literal, pattern), files in users.items():
                holding = self.files_with(literal)
                for i in files:
                    if i in holding:
                        yield from ((i, offset) for offset in self.finds(i, [(literal, pattern)]))

    def matching(
        self,
        per_file: list[list[seeds.Seed]] | None = None,
        common: list[seeds.Seed] = [],  # noqa: B006 - never mutated
        text: frozenset[str] = TEXT,
        among: set[int] | None = None,
        skip: Callable[[int, int, int], bool] | None = None,
    ) -> set[int]:
        """Declarations (of ``among``, if given) holding code that matches a seed (not in
        ``text``, and not where ``skip(file, offset, declaration)``)."""
        found: set[int] = set()
        files = None if among is None else {self.items[i].file for i in among}
        for i, offset in self.hits(per_file, common, files):
            index = self.at(i, offset)
            if index is None or index in found or (among is not None and index not in among):
                continue
            node = self.node_at(i, offset)
            if node is not None and node.type not in text and not (skip and skip(i, offset, index)):
                found.add(index)
        return found

    def assigns(self, index: int, name: bytes) -> bool:
        """Does this declaration assign to a variable ``name`` (in code, not in a string)?"""
        d = self.items[index]
        return any(
            (node := self.node_at(d.file, m.start())) is not None and node.type == "identifier"
            for m in seeds.assigned(name).finditer(self.sources[d.file], d.start, d.end)
        )

    def writes(self, index: int, name: bytes, synchronously: bool = False, method: bool = False) -> bool:
        """Does this declaration write ``name`` as a word in code (and, if asked, outside
        the body of a `go func() {...}()`, which runs on another goroutine)? A ``method``
        name counts only after a dot on an identifier (`s.run(`): the model enters an
        in-package method through nothing else (resolve.Names.callee_of), not through a
        field (`c.srv.run(`) nor a call's result."""
        d = self.items[index]
        source, size = self.sources[d.file], len(name)
        pos = source.find(name, d.start, d.end)
        while pos >= 0:
            end = pos + size
            if pos != d.name_at and not (_is_word(source[pos - 1]) or (end < len(source) and _is_word(source[end]))):
                node = self.node_at(d.file, pos)
                in_code = node is not None and node.type not in TEXT
                if in_code and method:
                    operand = selector_operand(node)
                    in_code = operand is not None and operand.type == "identifier"
                if in_code and not (synchronously and self.in_goroutine(index, pos)):
                    return True
            pos = source.find(name, end, d.end)
        return False

    def in_goroutine(self, index: int, offset: int) -> bool:
        return any(start <= offset < end for start, end in self.goroutine_bodies.get(index, ()))

    def callers(self, names: dict[bytes, set[bytes]], known: set[int]) -> tuple[set[int], set[int]]:
        """Declarations, besides ``known`` ones, that write one of ``names`` in a package
        that declares it (name -> those packages: p and p_test in one directory may both
        declare a helper): (those that call it synchronously, those that do only inside
        the body of a `go func() {...}()`)."""
        self._scanned += len(names)
        if self._words is None and self._scanned <= _SCANNED_NAMES:
            candidates = ((index, name) for name in names for index in self.scan(name))
        else:
            candidates = ((index, name) for name in names for index in self.words().get(name, ()))
        found: set[int] = set()
        in_goroutines: set[int] = set()
        methods: dict[tuple[bytes, bytes], bool] = {}  # (name, package) -> declared as methods only
        for index, name in candidates:
            package = self.items[index].package
            if index in found or index in known or package not in names[name]:
                continue
            method = methods.get((name, package))
            if method is None:
                method = methods[(name, package)] = all(
                    self.items[i].is_method for i in self.by_name.get(name, ()) if self.items[i].package == package
                )
            if index in self.goroutine_bodies and self.writes(index, name, synchronously=True, method=method):
                found.add(index)
            elif self.writes(index, name, method=method):
                (in_goroutines if index in self.goroutine_bodies else found).add(index)
        return found, in_goroutines - found

    def scan(self, name: bytes) -> Iterable[int]:
        """Declarations where ``name`` occurs as a word (a superset: comments, strings)."""
        text, starts, items, size = self.text, self.joined_starts, self.items, len(name)
        pos = text.find(name)
        while pos >= 0:
            if not starts_word(text, pos) or (pos + size < len(text) and _is_word(text[pos + size])):
                pos = text.find(name, pos + 1)  # in a longer word: `exit` in `exitsyscall`
                continue
            yield (index := bisect.bisect_right(starts, pos) - 1)
            pos = text.find(name, starts[index] + items[index].end - items[index].start)

    def words(self) -> dict[bytes, list[int]]:
        """Declared name -> declarations writing it (anywhere: comments too). Only the
        names of declarations are looked up, so only they are indexed."""
        if self._words is None:
            self._words = {}
            declared = set(self.by_name)
            for index, d in enumerate(self.items):
                for word in declared.intersection(words_in(self.sources[d.file], d.start, d.end)):
                    self._words.setdefault(word, []).append(index)
        return self._words

    def decl_words(self, index: int) -> set[bytes]:
        """The words the declaration writes, its own name where it is declared aside."""
        words = self._decl_words.get(index)
        if words is None:
            d, source = self.items[index], self.sources[self.items[index].file]
            if d.name_at < 0 or not d.names:
                words = set(words_in(source, d.start, d.end))
            else:
                words = set(words_in(source, d.start, d.name_at))
                words.update(words_in(source, d.name_at + len(d.names[0]), d.end))
            self._decl_words[index] = words
        return words

    def named(self, words: Iterable[bytes], package: bytes) -> set[int]:
        found: set[int] = set()
        for word in words:
            found.update(i for i in self.by_name.get(word, ()) if self.items[i].package == package)
        return found

    def backward(self, start: set[int], depth: int | None = None, stopped: set[int] = frozenset()) -> set[int]:
        """``start`` and its callers, transitively (or ``depth`` levels up). Callers that
        call only from the body of a `go func() {...}()` are included but not followed:
        a goroutine does not run in its starter's call chain. ``stopped``: included, not
        followed either."""
        chosen, frontier, level = set(start) | set(stopped), set(start) - set(stopped), 0
        while frontier and (depth is None or level < depth):
            names: dict[bytes, set[bytes]] = {}
            for index in frontier:
                for n in self.items[index].names:
                    names.setdefault(n, set()).add(self.items[index].package)
            frontier, in_goroutines = self.callers(names, chosen)
            chosen |= frontier | in_goroutines
            level += 1
        self.followed |= chosen
        return chosen

    def goroutines(
        self, per_file: list[list[seeds.Seed]], common: list[seeds.Seed]
    ) -> tuple[dict[int, list[tuple[int, int]]], set[int]]:
        """Where goroutines start (declaration -> ranges of its go statements and launcher
        calls), and the functions those name and what they call that panics."""
        regions: dict[int, list[tuple[int, int]]] = {}
        whole: set[int] = set()  # seeds whose goroutine runs a closure defined elsewhere in them
        started: set[tuple[bytes, bytes]] = set()
        for i, offset in self.hits(per_file, common):
            index = self.at(i, offset)
            node = self.node_at(i, offset) if index is not None else None
            start = seeds.started_by(node) if node is not None else None
            if start is None:
                continue
            words = code_words(self.sources[i], start)
            if self.runs_local_closure(index, start) or self.names_local_closure(index, words):
                whole.add(index)
            body = seeds.goroutine_body(start)
            if body is not None:
                self.goroutine_bodies.setdefault(index, []).append(body)
            regions.setdefault(index, []).append((start.start_byte, start.end_byte))
            package = self.items[index].package
            started.update((w, package) for w in words)
        targets = {t for word, package in started for t in self.named((word,), package)}  # may start one too
        called = set()
        for index in targets:
            d = self.items[index]
            called.update(
                (m.group(1), d.package)
                for m in _CALLED.finditer(self.sources[d.file], d.start, d.end)
                if m.start() != d.name_at
            )
        # One call down only matters where it panics (GX301 stops at a chain of two).
        panicking = {t for word, package in called for t in self.named((word,), package) if self.may_panic(t)}
        self.started = (started, called)
        return regions, targets | panicking | whole

    def runs_local_closure(self, index: int, start: tree_sitter.Node) -> bool:
        """`go churn(i)` where churn is a variable of this declaration: the closure's body
        lies outside the go statement."""
        fn = seeds.go_callee(start)
        return fn is not None and fn.type == "identifier" and self.assigns(index, fn.text)

    def names_local_closure(self, index: int, words: list[bytes]) -> bool:
        """`go func() { check(x) }()` where check is a closure this declaration assigns
        (`check := func(...`): the closure's body lies outside the go statement."""
        closures = self._closures.get(index)
        if closures is None:
            d = self.items[index]
            closures = self._closures[index] = closure_names(self.sources[d.file][d.start : d.end])
        return not closures.isdisjoint(words)

    def may_panic(self, index: int) -> bool:
        d = self.items[index]
        return self.sources[d.file].find(b"anic", d.start, d.end) >= 0  # panic(, log.Panicf, l.Panic

    def within(self, starts: set[int], allowed: set[int]) -> set[int]:
        """What ``starts`` reach by name through declarations in ``allowed`` only."""
        names: dict[tuple[bytes, bytes], list[int]] = {}
        for index in allowed:
            d = self.items[index]
            for n in d.names:
                names.setdefault((n, d.package), []).append(index)
        chosen, frontier = set(starts), list(starts)
        while frontier:
            reached = []
            for index in frontier:
                d = self.items[index]
                for word in self.decl_words(index):
                    for callee in names.get((word, d.package), ()):
                        if callee not in chosen:
                            chosen.add(callee)
                            reached.append(callee)
            frontier = reached
        return chosen
