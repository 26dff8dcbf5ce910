"""paths -> files -> FileModels -> packages -> checks -> Findings (config, suppressions).

The one place that reads the user's files. Models are built in worker processes when
there are many files; packages are assembled and checked in this process.
"""

from __future__ import annotations

import hashlib
import os
from collections import Counter
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path

from . import checks
from .config import Config, load_config
from .errors import UsageError
from .facts import FileModel, Span
from .findings import Finding, RelatedLocation
from .golib import Interest
from .model import DEFAULT_INTEREST, build_file_model
from .package import Catalog, Package
from .rules import Rule, load_rules

SKIPPED_DIRS = ("vendor", "testdata")
PARALLEL_THRESHOLD = 64  # below this, starting workers costs more than it saves


@dataclass
class Result:
    findings: list[Finding] = field(default_factory=list)
    files: int = 0
    packages: int = 0
    internal_errors: list[str] = field(default_factory=list)
    rules: dict[str, Rule] = field(default_factory=dict)


@dataclass(frozen=True)
class SourceFile:
    path: str  # as reported: POSIX, relative to the working directory when below it
    real: str  # for opening
    explicit: bool  # named on the command line: findings are reported only in such files


def display_path(path: Path, cwd: Path) -> str:
    absolute = path if path.is_absolute() else cwd / path
    try:
        return Path(os.path.normpath(absolute)).relative_to(cwd).as_posix()
    except ValueError:
        return Path(os.path.normpath(absolute)).as_posix()


def _walk(directory: Path):
    for root, dirs, files in os.walk(directory, onerror=None):
        # Like the go command: vendor/, testdata/ and dirs starting with . or _ are not
        # packages of this module unless named explicitly.
        dirs[:] = sorted(d for d in dirs if d not in SKIPPED_DIRS and not d.startswith((".", "_")))
        for name in sorted(files):
            if name.endswith(".go") and not name.startswith((".", "_")):
                yield Path(root) / name


def discover(paths, config: Config, cwd: Path) -> tuple[list[SourceFile], list[str]]:
    """Go files under ``paths`` (``./...`` and ``dir/...`` accepted). A named file stands
    for its whole package, but only its own findings are reported."""
    found: dict[str, SourceFile] = {}
    missing = []
    for raw in paths or ["."]:
        text = str(raw)
        if text == "..." or text.endswith("/..."):
            text = text[: -len("...")] or "."
        path = Path(text)
        if path.is_dir():
            candidates = [(p, False) for p in _walk(path)]
        elif path.is_file() or path.is_symlink():
            if path.suffix != ".go":
                continue
            siblings = sorted(p for p in path.parent.glob("*.go") if p.is_file() and not p.name.startswith((".", "_")))
            candidates = [(p, False) for p in siblings if p.resolve() != path.resolve()] + [(path, True)]
        else:
            missing.append(text)
            continue
        for p, explicit in candidates:
            shown = display_path(p, cwd)
            if config.excluded(_config_relative(p, config, cwd)) and not explicit:
                continue
            previous = found.get(shown)
            if previous is None or (explicit and not previous.explicit):
                found[shown] = SourceFile(shown, str(p), explicit)
    return sorted(found.values(), key=lambda s: s.path), missing


def _config_relative(path: Path, config: Config, cwd: Path) -> str:
    absolute = Path(os.path.normpath(path if path.is_absolute() else cwd / path))
    try:
        return absolute.relative_to(config.root).as_posix()
    except ValueError:
        return absolute.as_posix()


def load_model(source: SourceFile, interest: Interest = DEFAULT_INTEREST) -> FileModel:
    """Read and model one file; a file that cannot be read gets a model saying why."""
    try:
        data = Path(source.real).read_bytes()
    except OSError as exc:
        return FileModel(path=source.path, error=f"cannot read: {exc.strerror or exc}")
    try:
        return build_file_model(source.path, data, interest)
    except RecursionError:
        return FileModel(path=source.path, error="nesting too deep to analyse")


def build_models(sources: list[SourceFile], jobs: int, interest: Interest = DEFAULT_INTEREST) -> list[FileModel]:
    load = partial(load_model, interest=interest)
    if jobs > 1 and len(sources) >= PARALLEL_THRESHOLD:
        with ProcessPoolExecutor(max_workers=jobs) as pool:
            return list(pool.map(load, sources, chunksize=16))
    return [load(s) for s in sources]


def catalog_for(config: Config) -> Catalog:
    base = Catalog()
    return Catalog(
        exits=base.exits | set(config.exit_functions),
        panics=base.panics,
        launchers=base.launchers | set(config.goroutine_launchers),
        safe_launchers=frozenset(config.safe_launchers),
        signal_helpers=frozenset(config.signal_helpers),
    )


def group_packages(models: list[FileModel], catalog: Catalog) -> list[Package]:
    groups: dict[tuple[str, str], list[FileModel]] = {}
    for m in models:
        directory = m.path.rsplit("/", 1)[0] if "/" in m.path else "."
        groups.setdefault((directory, m.package), []).append(m)
    return [Package(d, name, files, catalog) for (d, name), files in sorted(groups.items())]


def run(paths=None, config: Config | None = None, *, jobs: int | None = None, cwd: Path | None = None) -> Result:
    cwd = (cwd or Path.cwd()).resolve()
    config = config if config is not None else load_config(start=cwd)
    rules = load_rules()
    sources, missing = discover(paths, config, cwd)
    if missing:
        raise UsageError("; ".join(f"{m}: no such file or directory" for m in missing))
    catalog = catalog_for(config)
    models = build_models(sources, jobs or os.cpu_count() or 1, catalog.interest())
    explicit = {s.path for s in sources if s.explicit}
    result = Result(files=len(models), rules=rules)
    packages = group_packages([m for m in models if not m.error], catalog)
    result.packages = len(packages)
    by_path = {m.path: m for m in models}
    hits: list[tuple[checks.Hit, Rule]] = []
    for m in models:
        if m.error:
            span = Span(1, 1, 1, 1)
            hits.append((checks.Hit("GX000", m.path, span, m.error), rules["GX000"]))
    enabled = [r for code, r in sorted(rules.items()) if config.enabled(code)]
    for pkg in packages:
        for rule in enabled:
            module = checks.load(rule.name)
            try:
                for hit in module.check(pkg, config.options(rule.code)):
                    hits.append((hit, rule))
            except Exception as exc:  # a bug in one rule must not hide the others' findings
                result.internal_errors.append(f"{rule.code} on package {pkg.directory}: {type(exc).__name__}: {exc}")
    for hit, rule in hits:
        model = by_path.get(hit.path)
        if model is not None and model.generated:
            continue
        if explicit and hit.path not in explicit:
            continue
        if not config.enabled(hit.code) or config.ignored_at(hit.code, _config_relative(Path(hit.path), config, cwd)):
            continue
        result.findings.append(_finding(hit, rule, model))
    _attach_sources(result.findings, cwd)
    result.findings.sort(key=lambda f: f.sort_key)
    return result


def _finding(hit: checks.Hit, rule: Rule, model: FileModel | None) -> Finding:
    goos = model.goos if model is not None else ""
    message = hit.message
    if goos:
        message += f" (in a {goos}-only file)"
    finding = Finding(
        rule=hit.code,
        name=rule.name,
        level=hit.level or rule.level,
        path=hit.path,
        line=hit.span.line,
        column=hit.span.col,
        end_line=hit.span.end_line,
        end_column=hit.span.end_col,
        message=message,
        related=[RelatedLocation(r.path, r.line, r.col, r.message) for r in hit.related],
        chain=[RelatedLocation(s.path, s.line, s.col, s.label) for s in hit.chain],
        fix=hit.fix,
        goos=goos,
    )
    if model is not None:
        finding.suppressed = any(
            s.line == hit.span.line and (not s.codes or hit.code in s.codes) for s in model.suppressions
        )
    return finding


def _attach_sources(findings: list[Finding], cwd: Path) -> None:
    """Source lines for display and for fingerprints that survive lines moving."""
    lines_of: dict[str, list[str]] = {}
    seen: Counter = Counter()
    for f in sorted(findings, key=lambda f: f.sort_key):
        if f.path not in lines_of:
            try:
                lines_of[f.path] = (cwd / f.path).read_bytes().decode("utf-8", "replace").splitlines()
            except OSError:
                lines_of[f.path] = []
        lines = lines_of[f.path]
        f.source_line = lines[f.line - 1] if 0 < f.line <= len(lines) else ""
        key = (f.rule, f.path, f.source_line.strip())
        seen[key] += 1
        digest = hashlib.sha256("\0".join((*key, str(seen[key]))).encode()).hexdigest()
        f.fingerprint = digest[:32]
