"""One Go package: its files joined, callees resolved across files, and transitive
"may exit" / "may panic" summaries that keep the call chain for messages and codeFlows."""

from __future__ import annotations

from collections import deque
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import lru_cache

from . import golib
from .facts import Call, Defer, FileModel, Func, Path, Span

FuncRef = tuple[str, int]  # (file path, function key)


@dataclass(frozen=True)
class Catalog:
    """The API knowledge a run uses: golib defaults plus what the configuration adds."""

    exits: frozenset[str] = golib.DEFAULT_EXITS | golib.LOGGER_EXITS
    panics: frozenset[str] = golib.PANICS | golib.LOGGER_PANICS
    launchers: frozenset[str] = golib.DEFAULT_LAUNCHERS
    safe_launchers: frozenset[str] = frozenset()
    signal_helpers: frozenset[str] = frozenset()

    def interest(self) -> golib.Interest:
        return _interest(self)


@lru_cache(maxsize=4)
def _interest(catalog: Catalog) -> golib.Interest:
    # Once per worker process, not once per directory: a Catalog reaches a worker anew
    # with every directory it checks.
    return golib.Interest.of(catalog.exits, catalog.panics, catalog.launchers, catalog.signal_helpers)


@dataclass(frozen=True)
class ChainStep:
    path: str
    span: Span
    label: str  # what is entered or reached at this step: "fail", "os.Exit", "select {}"
    stmt_path: Path = ()  # statement path of the site, to compare with defers

    @property
    def line(self) -> int:
        return self.span.line

    @property
    def col(self) -> int:
        return self.span.col


@dataclass(frozen=True)
class GoroutineStart:
    file: FileModel
    call: Call  # the go statement's call, or the launcher call
    target: FuncRef | None  # the function the goroutine runs, when in this package
    launcher: str  # "go" or the launcher's qualified name


@dataclass
class Package:
    directory: str
    name: str
    files: list[FileModel]
    catalog: Catalog = field(default_factory=Catalog)

    def __post_init__(self):
        self.funcs: dict[FuncRef, tuple[FileModel, Func]] = {}
        self.top_level: dict[str, FuncRef] = {}
        self.methods: dict[tuple[str, str], FuncRef] = {}
        self.closures: dict[tuple[str, int | None, str], FuncRef] = {}
        self.calls_in: dict[FuncRef, list[tuple[FileModel, Call]]] = {}
        self.defers_in: dict[FuncRef, list[Defer]] = {}
        self.calls_by_key: dict[tuple[str, int], Call] = {}
        self.file_by_path = {f.path: f for f in self.files}
        self.exit_values = {name: exit for f in self.files for name, exit in f.exit_values.items()}
        self.struct_fields = {field: held for f in self.files for field, held in f.struct_fields.items()}
        for f in self.files:
            for fn in f.funcs:
                ref = (f.path, fn.key)
                self.funcs[ref] = (f, fn)
                if fn.kind == "func" and fn.name not in ("init", "_"):
                    self.top_level[fn.name] = ref
                elif fn.kind == "method" and fn.recv_type:
                    self.methods[(fn.recv_type, fn.name)] = ref
                elif fn.kind == "literal" and fn.usage == "assign":
                    # `handler := func() {...}`: later calls of handler enter this literal.
                    self.closures[(f.path, fn.parent, fn.usage_ref)] = ref
            for call in f.calls:
                self.calls_by_key[(f.path, call.key)] = call
                if call.func is not None:
                    self.calls_in.setdefault((f.path, call.func), []).append((f, call))
            for d in f.defers:
                self.defers_in.setdefault((f.path, d.func), []).append(d)
        # Resolutions by id() of the Call: the package holds its calls for its lifetime,
        # and checks ask these questions millions of times on a big tree.
        self._callee: dict[int, FuncRef | None] = {}
        self._qualified: dict[int, str | None] = {}
        # Indexes for the checks: calls by qualified callee, and method calls by name.
        self.by_qualified: dict[str, list[tuple[FileModel, Call]]] = {}
        self.by_method: dict[str, list[tuple[FileModel, Call]]] = {}
        for f in self.files:
            for call in f.calls:
                if id(call) not in self._qualified:
                    self._resolve(f, call)
                name = self._qualified[id(call)]
                if name is not None:
                    self.by_qualified.setdefault(name, []).append((f, call))
                if call.kind == "method":
                    self.by_method.setdefault(call.target, []).append((f, call))
        self.callers: dict[FuncRef, list[tuple[FuncRef, FileModel, Call]]] = {}
        for ref, calls in self.calls_in.items():
            for f, call in calls:
                callee = self.callee(f, call)
                if callee is not None and self._synchronous(call):
                    self.callers.setdefault(callee, []).append((ref, f, call))
        self.exit_chain = self.summarise(self.seeds(self._direct_exit))
        self.recovering = {ref for ref in self.funcs if self.has_effective_recover(ref)}
        self.panic_chain = self.summarise(self.seeds(self._direct_panic), stop=self.recovering)

    # -- resolution --------------------------------------------------------------------

    def type_of(self, origin: str | None) -> str:
        if not origin:
            return ""
        if origin.startswith("call:"):
            if origin in golib.CONSTRUCTED_TYPES:
                return golib.CONSTRUCTED_TYPES[origin]
            constructor = self.top_level.get(origin[len("call:") :])  # s := newServer()
            return self.funcs[constructor][1].result if constructor is not None else ""
        if origin.startswith("field:"):  # a field of a variable's type: "field:<its origin>\0<field>"
            holder, _, field = origin[len("field:") :].partition("\0")
            return self.struct_fields.get(f"{self.type_of(holder)}.{field}", "")
        if origin.startswith(("make:", "method:", "ref:")) or origin == "func":  # ref: another package's name
            return ""
        return origin

    def _resolve(self, f: FileModel, call: Call):
        callee: FuncRef | None = None
        qualified: str | None = None
        if call.kind == "qual":
            qualified = call.target
        elif call.kind == "ident":
            callee = self.top_level.get(call.target)
            if callee is None and call.target in self.exit_values:
                qualified = self.exit_values[call.target]  # a package variable of another file
            elif callee is None and f.dot_imports:
                names = [f"{d}.{call.target}" for d in f.dot_imports]
                known = self.catalog.exits | self.catalog.panics | golib.SIGNAL_ALL | golib.SERVE_FUNCS
                qualified = next((n for n in names if n in known), names[0])
        elif call.kind == "literal":
            ref = (f.path, int(call.target))
            callee = ref if ref in self.funcs else None
        elif call.kind == "local":
            callee = next(
                (
                    self.closures[(f.path, scope[1], call.target)]
                    for scope in self.enclosing_funcs(f, call.func)
                    if (f.path, scope[1], call.target) in self.closures
                ),
                None,
            )
        elif call.kind == "method":
            recv_type = self.type_of(call.recv_type)
            if call.recv_call is not None:
                inner = self.calls_by_key.get((f.path, call.recv_call))
                if inner is not None:
                    if id(inner) not in self._qualified:
                        self._resolve(f, inner)
                    recv_type = golib.CONSTRUCTED_TYPES.get("call:" + (self._qualified[id(inner)] or ""), "")
            if recv_type:
                callee = self.methods.get((recv_type, call.target))
                if callee is None and "." in recv_type:
                    qualified = f"{recv_type}.{call.target}"
        self._callee[id(call)] = callee
        self._qualified[id(call)] = qualified

    def callee(self, f: FileModel, call: Call) -> FuncRef | None:
        """The in-package function or literal a call enters, if it resolves to one."""
        return self._callee.get(id(call))

    def qualified(self, f: FileModel, call: Call) -> str | None:
        """The import-path-qualified name of an out-of-package callee: "os.Exit",
        "log.Logger.Fatal", "sync.WaitGroup.Go"; None when unknown or in-package."""
        return self._qualified.get(id(call))

    def calls_to(self, names) -> Iterator[tuple[FileModel, Call, str]]:
        """(file, call, qualified name) for every call of one of these callees."""
        for name in sorted(set(names) & self.by_qualified.keys()):
            for f, call in self.by_qualified[name]:
                yield f, call, name

    def method_calls(self, names) -> Iterator[tuple[FileModel, Call]]:
        """Method calls by method name, whatever the receiver."""
        for name in sorted(set(names) & self.by_method.keys()):
            yield from self.by_method[name]

    def call(self, f: FileModel, key: int) -> Call | None:
        return self.calls_by_key.get((f.path, key))

    def func(self, ref: FuncRef) -> Func:
        return self.funcs[ref][1]

    def func_label(self, ref: FuncRef) -> str:
        fn = self.func(ref)
        if fn.kind == "method":
            return f"{fn.recv_type}.{fn.name}"
        if fn.kind == "literal":
            return "func literal"
        return fn.name

    # -- summaries ---------------------------------------------------------------------

    def _direct_exit(self, f: FileModel, call: Call) -> str | None:
        name = self.qualified(f, call)
        return name if name in self.catalog.exits else None

    def _direct_panic(self, f: FileModel, call: Call) -> str | None:
        if call.kind == "builtin" and call.target == "panic":
            return "panic"
        name = self.qualified(f, call)
        return name if name in self.catalog.panics else None

    @staticmethod
    def _synchronous(call: Call) -> bool:
        # A go or defer statement's call does not run at this point of the caller.
        return not call.stmt and not call.in_defer_args

    def seeds(self, direct) -> dict[FuncRef, ChainStep]:
        """The first synchronous call per function for which ``direct`` names a target."""
        found: dict[FuncRef, ChainStep] = {}
        for ref, calls in self.calls_in.items():
            for f, call in calls:
                name = direct(f, call) if self._synchronous(call) else None
                if name is not None and ref not in found:
                    found[ref] = ChainStep(f.path, call.span, name, call.path)
        return found

    def summarise(
        self, seeds: dict[FuncRef, ChainStep], stop: frozenset | set = frozenset()
    ) -> dict[FuncRef, tuple[ChainStep, ...]]:
        """For every function that reaches a seed on some path through synchronous
        in-package calls: the shortest chain of sites from its body to the seed.
        Functions in ``stop`` absorb what they reach (a recover, for panics)."""
        chains = {ref: (step,) for ref, step in seeds.items() if ref not in stop}
        queue: deque[FuncRef] = deque(chains)
        while queue:
            ref = queue.popleft()
            for caller, f, call in self.callers.get(ref, ()):
                if caller in chains or caller in stop:
                    continue
                step = ChainStep(f.path, call.span, self.func_label(ref), call.path)
                chains[caller] = (step,) + chains[ref]
                queue.append(caller)
        return chains

    def chain_of(
        self, f: FileModel, call: Call, chains: dict[FuncRef, tuple[ChainStep, ...]]
    ) -> tuple[ChainStep, ...] | None:
        """The chain from this call site down to the exit or panic it may reach."""
        if not self._synchronous(call):
            return None
        callee = self.callee(f, call)
        if callee is None or callee not in chains:
            return None
        return (ChainStep(f.path, call.span, self.func_label(callee), call.path),) + chains[callee]

    def calls_recover(self, ref: FuncRef) -> bool:
        return any(
            c.kind == "builtin" and c.target == "recover" and not c.in_defer_args for _, c in self.calls_in.get(ref, ())
        )

    def has_effective_recover(self, ref: FuncRef) -> bool:
        """A defer in this function whose deferred function calls recover() itself."""
        f = self.funcs[ref][0]
        for d in self.defers_in.get(ref, ()):
            call = self.call(f, d.call) if d.call is not None else None
            if call is None:
                continue
            target = self.callee(f, call)
            if target is not None and self.calls_recover(target):
                return True
        return False

    def literal_ref(self, f: FileModel, token_or_key: str | int) -> FuncRef | None:
        key = int(str(token_or_key).removeprefix("F:"))
        ref = (f.path, key)
        return ref if ref in self.funcs else None

    def goroutine_starts(self):
        """Every place a goroutine starts: go statements and launcher calls."""
        for f in self.files:
            for g in f.gos:
                call = self.call(f, g.call) if g.call is not None else None
                if call is not None:
                    yield GoroutineStart(f, call, self.callee(f, call), "go")
            for call in f.calls:
                name = self.qualified(f, call)
                if name in self.catalog.launchers and name not in self.catalog.safe_launchers and call.args:
                    yield GoroutineStart(f, call, self.func_value(f, call.args[0]), name)

    def func_value(self, f: FileModel, token: str) -> FuncRef | None:
        """The in-package function an argument token names: a literal or a function name."""
        if token.startswith("F:"):
            return self.literal_ref(f, token)
        if token.startswith("I:"):
            return self.top_level.get(token[2:])
        return None

    def enclosing_funcs(self, f: FileModel, key: int | None):
        """The function with this key and its enclosing functions, innermost first."""
        while key is not None:
            ref = (f.path, key)
            if ref not in self.funcs:
                return
            yield ref
            key = self.funcs[ref][1].parent
