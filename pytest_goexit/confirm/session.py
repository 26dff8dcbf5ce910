"""Confirm findings: instrument each package through `go build -overlay`, build it once
per mode, run the scenarios, and attach a verdict with evidence to every finding."""

from __future__ import annotations

import json
import platform
import shutil
import tempfile
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from ..config import Config
from ..discovery import SourceFile
from ..engine import build_models, catalog_for, group_packages
from ..findings import Finding
from . import probes
from .plan import STRATEGIES, Plan, Site, plan_everything, plan_package
from .runner import BuildFailed, GoToolchainMissing, Program, RunResult, build, go_binary, run_process
from .verdicts import (
    best,
    exit_verdict,
    goexit_verdict,
    inject_verdict,
    raw_exit_verdict,
    read_trace,
    signal_verdict,
    verdict,
)

DEFAULT_TIMEOUT = 10.0
SIGNAL_SETTLE = 0.3  # after the probe line: let the call it precedes start (Notify, Serve)
HOST_GOOS = platform.system().lower()


def confirmable(finding: Finding) -> bool:
    return finding.rule in STRATEGIES and not finding.suppressed


def plan_count(findings: list[Finding]) -> int:
    """How many package builds confirming these findings takes, for a progress bar."""
    return len({(f.path.rsplit("/", 1)[0], f.path.endswith("_test.go")) for f in findings if confirmable(f)})


def confirm_findings(findings: list[Finding], config: Config, cwd: Path, jobs: int = 1, progress=None) -> None:
    """Set ``finding.confirmation`` on every confirmable finding."""
    wanted = [f for f in findings if confirmable(f)]
    if not wanted:
        return
    try:
        go_binary()
    except GoToolchainMissing as exc:
        for f in wanted:
            f.confirmation = verdict("skipped", str(exc))
        return
    groups = _plans(wanted, config, cwd)
    with ThreadPoolExecutor(max_workers=max(jobs, 1)) as pool:
        for _ in pool.map(lambda plan: _confirm_plan(plan, config), groups):
            if progress is not None:
                progress()


def _plans(findings: list[Finding], config: Config, cwd: Path) -> list[Plan]:
    by_dir: dict[str, list[Finding]] = {}
    for f in findings:
        by_dir.setdefault(f.path.rsplit("/", 1)[0] if "/" in f.path else ".", []).append(f)
    catalog = catalog_for(config)
    plans = []
    for directory, group in sorted(by_dir.items()):
        sources = [
            SourceFile(p.relative_to(cwd).as_posix() if p.is_relative_to(cwd) else str(p), str(p), False)
            for p in sorted((cwd / directory).glob("*.go"))
        ]
        # Whole models: probes go on defers and exits anywhere in the package, not only
        # where a rule looked (the findings are the same either way).
        packages = group_packages(
            [m for m in build_models(sources, catalog.interest(), prune=False) if not m.error], catalog
        )
        for pkg in packages:
            paths = {m.path for m in pkg.files}
            mine = [f for f in group if f.path in paths]
            for test_binary in (False, True):
                chosen = [f for f in mine if f.path.endswith("_test.go") == test_binary]
                if chosen:
                    plans.append(plan_package(pkg, chosen, cwd, test_binary))
    return plans


def _scenarios(plan: Plan, config: Config) -> list[dict]:
    settings = config.confirm or {}
    timeout = float(settings.get("timeout", DEFAULT_TIMEOUT))
    chosen = []
    for scenario in settings.get("scenarios", []):
        target = (config.root / scenario.get("package", ".")).resolve()
        if target == plan.directory:
            chosen.append({"timeout": timeout, **scenario})
    return chosen or [{"timeout": timeout}]


def _confirm_plan(plan: Plan, config: Config) -> None:
    runnable = []
    for site in plan.sites:
        goos = site.finding.goos
        if site.unsupported:
            site.finding.confirmation = verdict("unsupported", site.unsupported)
        elif goos and goos != HOST_GOOS:
            site.finding.confirmation = _cross_build(plan, goos)
        elif plan.package != "main" and not plan.test_binary:
            site.finding.confirmation = verdict(
                "unsupported", f"package {plan.package} is not a program: no main to run (reach it from a test)"
            )
        else:
            runnable.append(site)
    if not runnable:
        return
    with tempfile.TemporaryDirectory(prefix="goexit-confirm-") as tmp:
        tmp = Path(tmp)
        overlay = _write_overlay(plan, tmp)
        try:
            program = build(plan.directory, tmp, extra_args=["-overlay", str(overlay)], test_binary=plan.test_binary)
        except BuildFailed as exc:
            for site in runnable:
                site.finding.confirmation = verdict("build-failed", "the instrumented program did not build",
                                                    command=exc.command, output=exc.output[-4000:])  # fmt: skip
            return
        cover = None
        if any(s.finding.rule == "GX201" for s in runnable):
            # The cover tool reads sources from disk, ignoring -overlay: this build is of
            # the untouched sources; the probes come from the instrumented run.
            cover_dir = tmp / "cover-build"
            cover_dir.mkdir()
            cover = build(plan.directory, cover_dir, extra_args=["-cover"], test_binary=plan.test_binary)
        results: dict[int, list[dict]] = {id(s): [] for s in runnable}
        for index, scenario in enumerate(_scenarios(plan, config)):
            _run_scenario(program, cover, runnable, scenario, tmp / f"s{index}", results)
        for site in runnable:
            site.finding.confirmation = best(results[id(site)])


def _run_scenario(program, cover, sites: list[Site], scenario: dict, work: Path, results) -> None:
    work.mkdir()
    env = {k: str(v) for k, v in (scenario.get("env") or {}).items()}
    base = dict(args=list(scenario.get("args") or []), stdin=scenario.get("stdin"), timeout=scenario["timeout"])
    counter = iter(range(1_000_000))

    def execute(binary: Path, extra_env: dict, **kwargs):
        trace_file = work / f"trace-{next(counter)}"
        full_env = {**env, **extra_env, probes.PROBE_FILE_ENV: str(trace_file)}
        result = run_process([str(binary), *base["args"]], env=full_env, stdin=base["stdin"],
                             timeout=base["timeout"], **kwargs)  # fmt: skip
        return result, read_trace(trace_file), trace_file

    exits = [s for s in sites if s.strategy in ("exit", "goexit")]
    if exits:
        result, trace, _ = execute(program.binary, {})
        counters = None
        if cover is not None:
            coverdir = work / "coverage"
            coverdir.mkdir()
            covered, _, _ = execute(cover.binary, {"GOCOVERDIR": str(coverdir)})
            counters = (covered, sorted(p.name for p in coverdir.glob("covcounters.*")))
        for site in exits:
            if site.strategy == "goexit":
                results[id(site)].append(goexit_verdict(site, result, trace))
            elif site.finding.rule == "GX201":
                results[id(site)].append(raw_exit_verdict(site, result, trace, *counters))
            else:
                results[id(site)].append(exit_verdict(site, result, trace, site.status))
    for site in (s for s in sites if s.strategy == "inject"):
        if site.inject is None:
            continue
        result, trace, _ = execute(program.binary, {probes.INJECT_ENV: str(site.inject)})
        results[id(site)].append(inject_verdict(site, result, trace))
    for site in (s for s in sites if s.strategy == "signal"):
        for name in ("SIGTERM", "SIGINT") if site.finding.rule == "GX401" else ("SIGTERM",):
            trace_file = work / f"signal-{site.reached}-{name}"
            result = run_process(
                [str(program.binary), *base["args"]],
                env={**env, probes.PROBE_FILE_ENV: str(trace_file)},
                stdin=base["stdin"],
                timeout=base["timeout"],
                signal_when=(name, trace_file, f"reached {site.reached}", SIGNAL_SETTLE),
            )
            results[id(site)].append(signal_verdict(site, name, result, read_trace(trace_file)))


def _write_overlay(plan: Plan, tmp: Path) -> Path:
    replace = {}
    for path, edits in plan.edits.items():
        copy = tmp / "src" / f"{len(replace)}-{path.name}"
        copy.parent.mkdir(parents=True, exist_ok=True)
        copy.write_bytes(probes.apply(plan.sources.get(path) or path.read_bytes(), edits))
        replace[str(path)] = str(copy)
    probe = tmp / "src" / probes.PROBE_FILENAME
    probe.parent.mkdir(parents=True, exist_ok=True)
    probe.write_text(probes.probe_file(plan.package), encoding="utf-8")
    replace[str(plan.directory / probes.PROBE_FILENAME)] = str(probe)
    overlay = tmp / "overlay.json"
    overlay.write_text(json.dumps({"Replace": replace}), encoding="utf-8")
    return overlay


def _cross_build(plan: Plan, goos: str) -> dict:
    """A file for another OS cannot run here: check that it builds for its GOOS."""
    out = Path(tempfile.mkdtemp(prefix="goexit-cross-"))
    try:
        build(plan.directory, out, env={"GOOS": goos, "CGO_ENABLED": "0"}, test_binary=plan.test_binary)
        outcome = f"builds for GOOS={goos}"
        output = ""
    except BuildFailed as exc:
        outcome, output = f"does not build for GOOS={goos}", exc.output[-4000:]
    finally:
        shutil.rmtree(out, ignore_errors=True)
    return verdict("unsupported", f"a {goos}-only file cannot run on {HOST_GOOS}; the package {outcome}",
                   goos=goos, output=output)  # fmt: skip


class ProbedProgram(Program):
    """A program built with probes on every defer and exit: its runs report which defers
    were registered, ran or were skipped, which exits were reached, and the panics."""

    def __init__(self, program: Program, defers: dict[int, str], exits: dict[int, str]):
        super().__init__(program.binary, program.package)
        self.defers = defers
        self.exits = exits

    def run(self, args=(), env=None, stdin=None, timeout=10, send_signal=None, cwd=None) -> RunResult:
        with tempfile.TemporaryDirectory(prefix="goexit-probes-") as tmp:
            trace_file = Path(tmp) / "trace"
            result = run_process([str(self.binary), *args], env={**(env or {}), probes.PROBE_FILE_ENV: str(trace_file)},
                                 stdin=stdin, timeout=timeout, send_signal=send_signal, cwd=cwd)  # fmt: skip
            trace = read_trace(trace_file)
        events = [line.split(" ", 1) for line in trace if " " in line]
        result.defers_registered = [self.defers[int(i)] for kind, i in events if kind == "registered"]
        result.defers_ran = [self.defers[int(i)] for kind, i in events if kind == "ran"]
        ran = set(result.defers_ran)
        result.defers_skipped = [d for d in result.defers_registered if d not in ran]
        result.exits_reached = [self.exits[int(i)] for kind, i in events if kind == "reached" and int(i) in self.exits]
        result.panics = [line[len("panic: ") :] for line in result.stderr.splitlines() if line.startswith("panic: ")]
        return result


def build_probed(directory: Path, out_dir: Path, *, tags=(), env: dict | None = None) -> ProbedProgram:
    """Build the program in ``directory`` with probes, through an overlay (the tree is untouched)."""
    directory = directory.resolve()
    sources = [SourceFile(str(p), str(p), False) for p in sorted(directory.glob("*.go"))]
    catalog = catalog_for(Config())
    # Every defer and exit of the program is probed: whole models, not pruned ones.
    packages = group_packages(
        [m for m in build_models(sources, catalog.interest(), prune=False) if not m.error], catalog
    )
    main_packages = [p for p in packages if not all(f.is_test for f in p.files)]
    if not main_packages:
        return ProbedProgram(build(directory, out_dir, tags=tags, env=env), {}, {})
    plan, defers, exits = plan_everything(main_packages[0], Path("/"))
    overlay = _write_overlay(plan, out_dir)
    program = build(directory, out_dir, tags=tags, env=env, extra_args=["-overlay", str(overlay)])
    return ProbedProgram(program, defers, exits)
