"""pytest plugin: `pytest --goexit` checks every Go package under the collected paths as a
test item, and the `goexit_build` fixture builds Go programs for Python tests.

Wiring only: analysis is the engine's, building and running is confirm/'s.
"""

from __future__ import annotations

import hashlib
import re
import tempfile
from collections import Counter
from pathlib import Path

import pytest

from . import __version__
from .config import Config, load_config
from .discovery import SKIPPED_DIRS
from .engine import run
from .errors import UsageError
from .reporters.text import render_finding
from .rules import LEVELS

MARKER = "goexit"
CACHE_PREFIX = "goexit/v1/"
_STASH_CONFIG = pytest.StashKey[Config]()
_PACKAGE_CLAUSE = re.compile(rb"^\s*package\s+(\w+)", re.M)


def pytest_addoption(parser: pytest.Parser) -> None:
    group = parser.getgroup("goexit", "Go exit hygiene (goexit)")
    group.addoption("--goexit", action="store_true", help="check Go packages with goexit, one test item per package")
    group.addoption(
        "--goexit-confirm",
        action="store_true",
        help="with --goexit: one more item per finding that builds and runs the program to confirm it",
    )
    parser.addini("goexit_select", type="args", help="goexit rule codes or prefixes to check (default: all)")
    parser.addini("goexit_ignore", type="args", help="goexit rule codes or prefixes to skip")
    parser.addini("goexit_fail_level", help="lowest finding level that fails an item: note, warning, error")


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", f"{MARKER}: goexit static analysis of a Go package")
    if not config.getoption("goexit"):
        return
    try:
        settings = load_config(start=config.rootpath)
    except UsageError as exc:
        raise pytest.UsageError(f"goexit: {exc}") from None
    select = config.getini("goexit_select")
    ignore = config.getini("goexit_ignore")
    fail_level = config.getini("goexit_fail_level")
    if select:
        settings.select = tuple(select)
    if ignore:
        settings.ignore = settings.ignore + tuple(ignore)
    if fail_level:
        if fail_level not in LEVELS:
            raise pytest.UsageError(f"goexit_fail_level: expected one of {', '.join(LEVELS)}, got {fail_level!r}")
        settings.fail_level = fail_level
    config.stash[_STASH_CONFIG] = settings
    config.pluginmanager.register(SummaryReporter(), "goexit-summary")


def _skipped(path: Path, root: Path) -> bool:
    try:
        parts = path.relative_to(root).parts
    except ValueError:
        parts = path.parts
    return any(p in SKIPPED_DIRS or p.startswith((".", "_")) for p in parts)


def pytest_collect_directory(path: Path, parent: pytest.Collector):
    config = parent.config
    if _STASH_CONFIG not in config.stash or _skipped(path, config.rootpath):
        return None
    if not any(p.suffix == ".go" and p.is_file() for p in path.iterdir()):
        return None
    return GoDir.from_parent(parent, path=path)


class GoDir(pytest.Dir):
    """A directory that holds Go files: its usual contents plus one item per Go package."""

    def collect(self):
        yield from super().collect()
        files = sorted(p for p in self.path.glob("*.go") if p.is_file() and not p.name.startswith((".", "_")))
        packages = _package_names(files)
        for name in sorted(packages):
            yield GoPackageItem.from_parent(self, name=f"goexit:{name}", files=packages[name], package=name)
        if self.config.getoption("goexit_confirm"):
            yield from self._confirm_items(files)

    def _confirm_items(self, files: list[Path]):
        from .confirm.session import confirmable

        settings = self.config.stash[_STASH_CONFIG]
        cwd = self.config.invocation_params.dir
        result = run([str(p) for p in files], settings, jobs=1, cwd=cwd)
        findings = [f for f in result.findings if confirmable(f)]
        batch = ConfirmBatch(findings, settings, cwd)
        for finding in findings:
            name = f"{finding.rule}@{finding.path.rsplit('/', 1)[-1]}:{finding.line}"
            yield ConfirmItem.from_parent(self, name=name, finding=finding, batch=batch)


class ConfirmBatch:
    """The findings of one directory, confirmed together on first use: one build per
    package and mode serves all of their items."""

    def __init__(self, findings, settings: Config, cwd: Path):
        self.findings = findings
        self.settings = settings
        self.cwd = cwd
        self.done = False

    def ensure(self) -> None:
        if not self.done:
            from .confirm.session import confirm_findings

            confirm_findings(self.findings, self.settings, self.cwd)
            self.done = True


class ConfirmItem(pytest.Item):
    def __init__(self, *, finding, batch: ConfirmBatch, **kwargs):
        super().__init__(**kwargs)
        self.finding = finding
        self.batch = batch
        self.add_marker(MARKER)

    def setup(self) -> None:
        self.batch.ensure()
        verdict = self.finding.confirmation or {}
        if verdict.get("verdict") == "build-failed":
            raise GoexitBuildFailed(verdict.get("evidence", {}).get("output", verdict.get("reason", "")))

    def runtest(self) -> None:
        verdict = self.finding.confirmation or {"verdict": "skipped", "reason": "no verdict"}
        name = verdict["verdict"]
        self.user_properties.append(("goexit_verdict", name))
        if name == "confirmed":
            raise GoexitFindings(render_finding(self.finding, {}))
        if name == "refuted":
            self.user_properties.append(("goexit_refuted", f"{self.nodeid}: {verdict['reason']}"))
            return
        pytest.skip(f"goexit confirm: {name}: {verdict.get('reason', '')}")

    def repr_failure(self, excinfo, style=None):
        if excinfo.errisinstance((GoexitFindings, GoexitBuildFailed)):
            return str(excinfo.value)
        return super().repr_failure(excinfo, style)

    def reportinfo(self):
        return self.finding.path, self.finding.line - 1, f"goexit confirm {self.finding.rule}"


class GoexitBuildFailed(Exception):
    """The instrumented program did not build: reported as an error with the compiler output."""


def _package_names(files: list[Path]) -> dict[str, list[Path]]:
    """Go files by package clause, read cheaply from the start of each file."""
    packages: dict[str, list[Path]] = {}
    for path in files:
        try:
            head = path.read_bytes()[:65536]
        except OSError:
            head = b""
        match = _PACKAGE_CLAUSE.search(head)
        name = match.group(1).decode() if match else "?"
        packages.setdefault(name, []).append(path)
    return packages


class GoexitFindings(Exception):
    """The package has findings at or above the fail level."""


class GoPackageItem(pytest.Item):
    def __init__(self, *, files: list[Path], package: str, **kwargs):
        super().__init__(**kwargs)
        self.files = files
        self.package = package
        self.add_marker(MARKER)

    def _cache_key(self, settings: Config) -> str:
        digest = hashlib.sha256(f"{__version__}\0{settings.digest()}\0{self.package}".encode())
        for path in self.files:
            digest.update(path.name.encode() + b"\0")
            try:
                digest.update(path.read_bytes())
            except OSError:
                digest.update(b"<unreadable>")
        return digest.hexdigest()

    def runtest(self) -> None:
        settings = self.config.stash[_STASH_CONFIG]
        cache = getattr(self.config, "cache", None)
        slot = CACHE_PREFIX + hashlib.sha256(str(self.path).encode()).hexdigest()[:24] + "-" + self.package
        key = self._cache_key(settings)
        entry = cache.get(slot, None) if cache is not None else None
        if not (isinstance(entry, dict) and entry.get("key") == key):
            entry = self._analyse(settings)
            entry["key"] = key
            if cache is not None:
                cache.set(slot, entry)
        self.user_properties.append(("goexit_by_rule", entry["by_rule"]))
        if entry["failing"]:
            raise GoexitFindings(entry["report"])

    def _analyse(self, settings: Config) -> dict:
        result = run([str(p) for p in self.files], settings, jobs=1, cwd=self.config.invocation_params.dir)
        findings = [f for f in result.findings if not f.suppressed and f.path.rsplit("/", 1)[-1] in self._names]
        threshold = LEVELS.index(settings.fail_level)
        failing = [f for f in findings if LEVELS.index(f.level) >= threshold]
        report = "\n\n".join(render_finding(f, result.rules) for f in failing)
        return {
            "failing": bool(failing),
            "report": report,
            "by_rule": dict(Counter(f.rule for f in findings)),
        }

    @property
    def _names(self) -> set[str]:
        return {p.name for p in self.files}

    def repr_failure(self, excinfo, style=None):
        if excinfo.errisinstance(GoexitFindings):
            return str(excinfo.value)
        return super().repr_failure(excinfo, style)

    def reportinfo(self):
        return self.path, None, f"goexit: package {self.package} in {self.path}"


class SummaryReporter:
    """Counts checked packages and findings by rule from the reports, which also arrive
    from pytest-xdist workers, and prints one summary line."""

    def __init__(self):
        self.packages = 0
        self.by_rule: Counter = Counter()
        self.refuted: list[str] = []

    def pytest_runtest_logreport(self, report: pytest.TestReport) -> None:
        if report.when != "call":
            return
        for name, value in report.user_properties:
            if name == "goexit_by_rule":
                self.packages += 1
                self.by_rule.update(value)
            elif name == "goexit_refuted":
                self.refuted.append(value)

    def pytest_terminal_summary(self, terminalreporter) -> None:
        if self.refuted:
            terminalreporter.write_sep("-", "goexit: possible false positives (refuted by running the program)")
            for line in self.refuted:
                terminalreporter.write_line(line)
        if not self.packages:
            return
        listed = ", ".join(f"{code}: {n}" for code, n in sorted(self.by_rule.items())) or "no findings"
        terminalreporter.write_sep("-", "goexit")
        terminalreporter.write_line(f"goexit: {self.packages} Go packages checked; {listed}")


# -- fixtures for building and running Go programs from Python tests ----------------------


@pytest.fixture(scope="session")
def _goexit_builds(tmp_path_factory):
    return {"dir": tmp_path_factory.mktemp("goexit-builds"), "programs": {}}


@pytest.fixture
def goexit_build(_goexit_builds, request):
    """Build the Go package in ``path`` once per session (per tags and env) and return a
    Program: ``program.run(args=..., env=..., stdin=..., timeout=..., send_signal=...)``."""
    from .confirm.runner import BuildFailed, GoToolchainMissing, go_binary
    from .confirm.session import build_probed

    try:
        go_binary()
    except GoToolchainMissing as exc:
        pytest.skip(f"goexit_build: {exc}")

    def _build(path, *, tags=(), env=None):
        package = Path(path)
        if not package.is_absolute():
            package = Path(request.config.invocation_params.dir) / package
        key = (str(package.resolve()), tuple(tags), tuple(sorted((env or {}).items())))
        programs = _goexit_builds["programs"]
        if key not in programs:
            out = Path(tempfile.mkdtemp(prefix="build-", dir=_goexit_builds["dir"]))
            try:
                programs[key] = build_probed(package, out, tags=tags, env=env)
            except BuildFailed as exc:
                pytest.fail(str(exc), pytrace=False)
        return programs[key]

    return _build
