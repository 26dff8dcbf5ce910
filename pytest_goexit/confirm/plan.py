"""What to instrument for a package's findings, and how each finding is put to the test.

A finding is matched back to the model facts it came from (the call, the defers, the
goroutine's function); the plan lists the probe edits per file and one Site per finding.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from ..facts import Call
from ..findings import Finding
from ..package import Package
from . import probes

# Rule -> strategy. Rules absent here have nothing to run (their YAML says confirm: none).
STRATEGIES = {
    "GX101": "exit",
    "GX102": "exit",
    "GX103": "exit",
    "GX201": "exit",
    "GX202": "goexit",
    "GX301": "inject",
    "GX302": "inject",
    "GX401": "signal",
    "GX402": "signal",
}


@dataclass
class Site:
    finding: Finding
    strategy: str
    reached: int | None = None  # probe id before the flagged statement
    defers: dict[int, str] = field(default_factory=dict)  # probe id -> defer text
    inject: int | None = None  # injection site id
    status: int | None = None  # the constant exit status of the flagged call (GX103)
    unsupported: str = ""  # why this finding cannot be run here


@dataclass
class Plan:
    directory: Path  # absolute package directory
    package: str
    test_binary: bool  # TestMain findings run through `go test -c`
    edits: dict[Path, list[probes.Edit]] = field(default_factory=dict)
    sites: list[Site] = field(default_factory=list)
    sources: dict[Path, bytes] = field(default_factory=dict)
    reached_ids: dict[tuple[Path, int], int] = field(default_factory=dict)  # one probe per statement
    _next: int = 0

    def new_id(self) -> int:
        self._next += 1
        return self._next

    def edit(self, path: Path, edit: probes.Edit) -> None:
        self.edits.setdefault(path, []).append(edit)


def _call_at(pkg: Package, finding: Finding):
    for f in pkg.files:
        if f.path != finding.path:
            continue
        for call in f.calls:
            if call.span.line == finding.line and call.span.col == finding.column:
                return f, call
    return None, None


def _blocking_at(pkg: Package, finding: Finding):
    for f in pkg.files:
        for b in f.blocking:
            if f.path == finding.path and b.span.line == finding.line and b.span.col == finding.column:
                return f, b
    return None, None


def _probe_defers(plan: Plan, pkg: Package, path: Path, func_ref, only_lines: set[int] | None, site: Site) -> None:
    for d in pkg.defers_in.get(func_ref, ()):
        if only_lines is None or d.span.line in only_lines:
            probe_id = plan.new_id()
            plan.edit(path, probes.defer_probes(probe_id, d.end))
            site.defers[probe_id] = f"{d.text} (line {d.span.line})"


def _defer_holding(pkg: Package, f, call):
    """The defer statement whose registration a GX302 recover belongs to, with the file
    that holds it: the one around the call, or one that defers its named function."""
    if call.stmt == "defer" or call.in_defer_args:
        for d in pkg.defers_in.get((f.path, call.func), ()):
            if d.key <= call.key <= d.end:
                return f, d
    for ref in pkg.enclosing_funcs(f, call.func):
        fn = pkg.func(ref)
        if fn.kind == "literal" and fn.parent is not None:  # defer func(){...}(), defer run(func(){...})
            for d in pkg.defers_in.get((f.path, fn.parent), ()):
                if d.key <= fn.key < d.end:
                    return f, d
    # `defer cleanup()` elsewhere, where cleanup holds the call: the first such defer.
    for other in pkg.files:
        for d in other.defers:
            deferred = pkg.call(other, d.call) if d.call is not None else None
            if deferred is not None and pkg.callee(other, deferred) == (f.path, call.func):
                return other, d
    return None


def plan_package(pkg: Package, findings: list[Finding], cwd: Path, test_binary: bool) -> Plan:
    directory = (cwd / pkg.directory).resolve()
    plan = Plan(directory, pkg.name, test_binary)
    main_ref = pkg.top_level.get("main")
    for finding in findings:
        site = Site(finding, STRATEGIES[finding.rule])
        plan.sites.append(site)
        path = (cwd / finding.path).resolve()
        source = plan.sources.setdefault(path, path.read_bytes())
        if site.strategy == "signal" and finding.rule == "GX401":
            f, node = _blocking_at(pkg, finding)
            if node is None:
                f, node = _call_at(pkg, finding)
        else:
            f, node = _call_at(pkg, finding)
        if node is None or not node.path:
            site.unsupported = "the flagged code is not a statement inside a function"
            continue
        args = node.args if isinstance(node, Call) else ()  # a Blocking has none
        if args and args[0].startswith("N:"):
            site.status = int(args[0][2:])
        statement = (path, node.path[-1][1])
        if statement not in plan.reached_ids:
            plan.reached_ids[statement] = plan.new_id()
            plan.edit(path, probes.reached(plan.reached_ids[statement], statement[1]))
        site.reached = plan.reached_ids[statement]
        if finding.rule == "GX101":
            _probe_defers(plan, pkg, path, (f.path, node.func), {r.line for r in finding.related}, site)
        elif site.strategy in ("inject", "signal") and main_ref is not None and main_ref[0] == f.path:
            _probe_defers(plan, pkg, path, main_ref, None, site)
        if finding.rule == "GX301":
            start = next((s for s in pkg.goroutine_starts() if s.call is node), None)
            target = pkg.func(start.target) if start is not None and start.target is not None else None
            if target is None or target.inject_at is None:
                site.unsupported = "the goroutine's function is not in this package"
                continue
            target_path = (cwd / start.target[0]).resolve()
            target_source = plan.sources.setdefault(target_path, target_path.read_bytes())
            site.inject = plan.new_id()
            plan.edit(target_path, probes.inject(site.inject, target_source, target.inject_at))
        elif finding.rule == "GX302":
            holder = _defer_holding(pkg, f, node)
            fn = pkg.func((f.path, node.func)) if node.func is not None else None
            if holder is not None:
                holder_file, holder_defer = holder
                holder_path = (cwd / holder_file.path).resolve()
                holder_source = plan.sources.setdefault(holder_path, holder_path.read_bytes())
                site.inject = plan.new_id()
                plan.edit(holder_path, probes.inject(site.inject, holder_source, holder_defer.end))
            elif fn is not None and fn.usage == "go" and fn.inject_at is not None:
                site.inject = plan.new_id()
                plan.edit(path, probes.inject(site.inject, source, fn.inject_at))
            else:
                site.unsupported = "no deferred call to test this recover with"
    return plan


def plan_everything(pkg: Package, cwd: Path) -> tuple[Plan, dict[int, str], dict[int, str]]:
    """Probes on every defer and before every exit call of a package, for programs that
    Python tests build and run: (plan, defer labels by id, exit labels by id)."""
    plan = Plan((cwd / pkg.directory).resolve(), pkg.name, test_binary=False)
    defers: dict[int, str] = {}
    exits: dict[int, str] = {}
    for f in pkg.files:
        if f.is_test:
            continue
        path = (cwd / f.path).resolve()
        plan.sources[path] = path.read_bytes()
        for d in f.defers:
            probe_id = plan.new_id()
            plan.edit(path, probes.defer_probes(probe_id, d.end))
            defers[probe_id] = f"{path.name}:{d.span.line}: {d.text}"
        for call in f.calls:
            name = pkg.qualified(f, call)
            if name in pkg.catalog.exits and call.path and not call.stmt:
                probe_id = plan.new_id()
                plan.edit(path, probes.reached(probe_id, call.path[-1][1]))
                exits[probe_id] = f"{path.name}:{call.span.line}: {name}"
    return plan, defers, exits
