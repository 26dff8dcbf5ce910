"""Which top-level declarations of a directory can matter to a rule, decided from the
source bytes and the syntax trees before anything is modelled.

Most functions of a Go package reach no exit, start no goroutine and touch no signal:
modelling them (statement paths, name resolution of every call) is most of the cost of a
check. Call edges are over-approximated by names (a declaration is taken to call every
package function whose name it writes in code), so what is modelled is a superset of what
the rules read and the findings are the same as with everything modelled: tests compare
both on every fixture, every example and real packages of GOROOT.

What gets modelled, per rule family (seeds are in seeds.py, the name graph in namegraph.py):
  exits (GX101)         declarations on a path from a function with a defer statement to
                        an exit call, through transitive callers of the exit; and what
                        calls a package variable holding an exit (`var osExit = os.Exit`)
  recover (GX302 ...)   recover() calls; of their callers, and their callers' callers,
                        those with a defer statement and the callers these defer
  goroutines (GX301/3)  the functions go statements and launcher calls name, and what
                        those call that panics (GX301 follows a panic one call down)
  blocking (GX401)      package main: serve calls, Accept, select {}, for {}, and every
                        transitive caller
wholly; and partly:
  library calls         where an exit, a signal function, Goexit or a raw exit is called
                        (GX102, GX103, GX201, GX202, GX401-GX404): calls to other packages
  goroutine starts      in a function that starts goroutines: the go statements and
                        launcher calls themselves
The other functions a modelled one names become stubs: the signature facts resolving calls
needs (a constructor's result, a method's receiver).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace

from . import golib, seeds
from .namegraph import COMMENT, TEXT, Declarations
from .parse import Trees
from .receivers import Receivers
from .relevance import package_callables
from .structfields import exiting_fields, field_names
from .toplevel import FileTop, file_top


@dataclass
class FilePick:
    """What to model of one file's top-level declarations, by start byte."""

    modelled: set[int]  # wholly
    library: set[int]  # with their calls to other packages only (and go/defer statements)
    stubbed: dict[int, int]  # a signature only (start -> end): modelled code names them
    # Declarations that start goroutines and are not modelled wholly: calls in these byte
    # ranges (go statements, launcher calls) are modelled wholly.
    regions: dict[int, tuple[tuple[int, int], ...]]

    @classmethod
    def nothing(cls) -> FilePick:
        return cls(set(), set(), {}, {})

    def is_empty(self) -> bool:
        return not (self.modelled or self.library or self.stubbed or self.regions)

    def only_stubs(self) -> bool:
        return bool(self.stubbed) and not (self.modelled or self.library or self.regions)


@dataclass(frozen=True)
class Selection:
    files: list[FilePick]
    # Names a call in modelled code can enter: the modelled functions, methods and
    # package variables, and the closures held by variables in modelled declarations.
    callables: frozenset[str]
    links: Links | None = None  # asked for when some files were left unparsed


@dataclass(frozen=True)
class Links:
    """Names a function of a file left unparsed (unparsed.py) would be selected or get a
    stub under, had the file been parsed. By package, as the searches connect functions
    (package -> names); a stub goes by name alone, as _pick gives one."""

    followed: dict[bytes, frozenset[bytes]]  # declarations a search back from a seed started from or reached
    methods: dict[bytes, frozenset[bytes]]  # those declared as methods only: entered through a dot
    started: dict[bytes, frozenset[bytes]]  # what go statements and launcher calls name
    called: dict[bytes, frozenset[bytes]]  # what those call (it matters where it may panic)
    stubbed: frozenset[bytes]  # what modelled code writes


def _by_package(pairs: Iterable[tuple[bytes, bytes]]) -> dict[bytes, frozenset[bytes]]:
    names: dict[bytes, set[bytes]] = {}
    for name, package in pairs:
        names.setdefault(package, set()).add(name)
    return {package: frozenset(found) for package, found in names.items()}


def _pick(
    decls: Declarations, full: set[int], library: set[int], regions: dict[int, list[tuple[int, int]]]
) -> tuple[Selection, set[bytes]]:
    """Per file, what to model wholly, partly, or as a signature; and the callables. Also
    the words whose functions get a signature."""
    written: set[bytes] = {b"main"}  # GX401 looks main up by name
    closures: set[str] = set()
    for index in full:
        d = decls.items[index]
        # Its own name too: a build variant of it in another file gets a stub, as it would
        # if a call named it (Package resolves a name to the last function declaring it).
        written |= decls.decl_words(index) | set(d.names)
        closures |= package_callables([decls.sources[d.file][d.start : d.end]])
    for index, ranges in regions.items():
        d = decls.items[index]
        # Every word of the declaration, not only of its go statements: a goroutine runs
        # a method of a value made before it (`w := newWorker(); go w.run()`), and the
        # model types the value by the signature of the function that made it.
        written |= decls.decl_words(index)
        for start, end in ranges:
            closures |= package_callables([decls.sources[d.file][start:end]])
    picks = [FilePick.nothing() for _ in decls.sources]
    for index, d in enumerate(decls.items):
        pick = picks[d.file]
        if index in full:
            pick.modelled.add(d.start)
        else:
            if index in regions:
                pick.regions[d.start] = tuple(sorted(regions[index]))
            if index in library:
                pick.library.add(d.start)
            elif index not in regions and d.is_func and d.names and d.names[0] in written:
                pick.stubbed[d.start] = d.end
    # A call into a function that is not modelled leads to no fact a rule reads (that
    # function has no calls of its own here): only modelled functions are callables.
    modelled = full | library | regions.keys()
    names = {n.decode("utf-8", "replace") for index in modelled for n in decls.items[index].names}
    return Selection(picks, frozenset(names | closures)), written


def _recover_family(decls: Declarations) -> set[int]:
    """recover() calls, and where a call to a function holding one may run as a deferred
    function (GX302: it must be deferred itself): declarations with a defer statement
    among its callers and their callers, and the callers those defer."""
    recovering = decls.matching(common=[seeds.RECOVER])
    callers = decls.backward(recovering, depth=1)
    deferring = decls.matching(common=[seeds.DEFER], among=decls.backward(callers, depth=1, stopped=recovering))
    deferred = set()
    for index in deferring:
        deferred |= decls.named(decls.decl_words(index), decls.items[index].package)
    return recovering | deferring | (deferred & callers)


def _exit_sites(
    decls: Declarations,
    per_file: list[list[seeds.Seed]] | None,
    common: list[seeds.Seed],
    skip: Callable[[int, int, int], bool] | None = None,
) -> tuple[set[int], set[int]]:
    """Declarations.matching(per_file, common, skip=skip): where an exit is called; and
    those of them where one is called outside the body of a `go func() {...}()`. In one
    pass over the matches: a test package can write thousands of `t.Fatal(`."""
    sites: set[int] = set()
    synchronous: set[int] = set()
    for i, offset in decls.hits(per_file, common):
        index = decls.at(i, offset)
        if index is None or index in synchronous:
            continue
        in_goroutine = decls.in_goroutine(index, offset)
        if in_goroutine and index in sites:
            continue  # this call can add the declaration to neither set
        node = decls.node_at(i, offset)
        if node is None or node.type in TEXT or (skip is not None and skip(i, offset, index)):
            continue
        sites.add(index)
        if not in_goroutine:
            synchronous.add(index)
    return sites, synchronous


def _held_exits(decls: Declarations, sites: set[int]) -> tuple[dict[bytes, set[bytes]], set[int]]:
    """Names of package variables, among the exit ``sites``, that hold another package's
    function (`var osExit = os.Exit`: no function literal, whose calls the name graph
    follows already), with their packages: what Declarations.callers looks up; and the
    declarations of those variables."""
    held: dict[bytes, set[bytes]] = {}
    holders: set[int] = set()
    for index in sites:
        d = decls.items[index]
        if not d.is_func and d.names and decls.sources[d.file].find(b"func", d.start, d.end) < 0:
            holders.add(index)
            for name in d.names:
                held.setdefault(name, set()).add(d.package)
    return held, holders


def select(
    sources: list[bytes],
    trees: Trees,
    interest: golib.Interest,
    tops: list[FileTop] | None = None,
    fields: set[bytes] | None = None,
    links: bool = False,
) -> Selection:
    """What to model of each file of one directory, and the names its calls can enter.
    ``tops`` (toplevel.file_top of each file) and ``fields`` (structfields.field_names of
    the files' struct fields) when they were read as the files were parsed, so that no
    tree is parsed twice (an empty FileTop for a file left unparsed).
    ``links``: also fill in Selection.links."""
    if tops is None:
        tops = [file_top(trees.root(i), source) for i, source in enumerate(sources)]
    if fields is None:
        fields = set()
        for i, source in enumerate(sources):
            fields |= field_names(exiting_fields(trees.root(i), source, interest))
    decls = Declarations(sources, tops, trees)
    paths = seeds.seed_paths(interest)
    imports = [seeds.imported_names(top.imports, paths) for top in tops]

    # Goroutines first: the exit closure below does not follow a call made only inside
    # the body of a `go func() {...}()`.
    launchers = [seeds.written(interest.launchers, names) for names in imports]
    regions, started = decls.goroutines(launchers, seeds.goroutine_starts(interest))
    full = set(started)

    exits, exit_methods = seeds.exit_calls(interest, imports, decls.mentions)
    # GX101 reads chains only from functions with defers: of the exit's callers, keep
    # those on a path from a function with a defer statement. The other functions that
    # call an exit themselves only need those calls (GX102, GX103, GX201).
    receivers = Receivers(decls, fields)
    function_sites, function_synchronous = _exit_sites(decls, exits, [])
    held, holders = _held_exits(decls, function_sites)
    if held:
        # Calling a variable that holds an exit calls the exit: the model resolves such a
        # call in code it models wholly (a library-only scope keeps calls of other packages,
        # so a function that also calls an exit itself is no exception).
        writers, in_goroutines = decls.callers(held, holders)
        function_sites |= writers | in_goroutines
        function_synchronous |= writers
        full |= writers | in_goroutines
    method_sites, method_synchronous = _exit_sites(decls, None, exit_methods, skip=receivers.not_exiting_value)
    exit_sites = function_sites | method_sites
    synchronous = function_synchronous | method_synchronous
    callers = decls.backward(synchronous, stopped=exit_sites - synchronous)
    with_defers = decls.matching(common=[seeds.DEFER], among=callers)
    full |= decls.within(with_defers, callers)

    full |= _recover_family(decls)

    blocking = [
        seeds.BLOCKING + seeds.written(golib.SERVE_FUNCS, names) if package == b"main" else []
        for package, names in zip(decls.packages, imports, strict=True)
    ]
    full |= decls.backward(decls.matching(blocking))

    # Library calls read where they are written: signals, Goexit, raw exits.
    direct = golib.SIGNAL_ALL | interest.signals | {"runtime.Goexit"}
    library = exit_sites | decls.matching([seeds.written(direct, names) for names in imports])
    library |= decls.matching(common=seeds.RAW_EXIT_WORDS, text=COMMENT)

    # A function that only starts goroutines: its calls outside the go statements (and
    # launcher calls) reach no goroutine rule.
    chosen, written = _pick(decls, full, library - full, {i: r for i, r in regions.items() if i not in full})
    if not links:
        return chosen
    followed = {(n, decls.items[index].package) for index in decls.followed for n in decls.items[index].names}
    methods = {
        (n, package)
        for n, package in followed
        if all(decls.items[i].is_method for i in decls.by_name[n] if decls.items[i].package == package)
    }
    started, called = decls.started
    return replace(chosen, links=Links(*map(_by_package, (followed, methods, started, called)), frozenset(written)))
