"""paths -> files -> FileModels -> packages -> checks -> Findings (config, suppressions).

The one place that reads the user's files. The unit of work and of caching is a
directory: its files' contents decide whether its packages need checking again (the cache
holds results, not models: a changed file costs re-modelling its directory only). Models
are built in worker processes when there are many files; packages are assembled and
checked in this process.
"""

from __future__ import annotations

import hashlib
import os
from collections import Counter
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path

from . import checks, selection
from .cache import Cache, code_fingerprint, content_hash
from .config import Config, load_config
from .discovery import SourceFile, config_relative, discover
from .errors import UsageError
from .facts import FileModel, Span, Suppression
from .findings import Finding, RelatedLocation
from .golib import Interest
from .model import DEFAULT_INTEREST, build_file_model
from .package import Catalog, Package
from .parse import parse
from .rules import Rule, load_rules

PARALLEL_THRESHOLD = 64  # below this many files to model, starting workers costs more than it saves


@dataclass
class Result:
    findings: list[Finding] = field(default_factory=list)
    files: int = 0
    packages: int = 0
    internal_errors: list[str] = field(default_factory=list)
    rules: dict[str, Rule] = field(default_factory=dict)


@dataclass
class FileMeta:
    """What turning hits into findings needs to know about a file."""

    generated: bool = False
    goos: str = ""
    suppressions: list[Suppression] = field(default_factory=list)


@dataclass
class DirResult:
    """The cached outcome of checking the packages of one directory."""

    packages: int
    hits: list[checks.Hit]
    meta: dict[str, FileMeta]
    internal_errors: list[str] = field(default_factory=list)


def load_model(source: SourceFile, interest: Interest = DEFAULT_INTEREST) -> FileModel:
    """Model one file on its own (every call kept); a file that cannot be read gets a
    model saying why."""
    return build_models([source], interest, prune=False)[0]


def build_models(
    sources: list[SourceFile], interest: Interest = DEFAULT_INTEREST, prune: bool = True
) -> list[FileModel]:
    """Models of the files of one directory. With ``prune``, only what can reach a rule is
    modelled: the declarations selection.py picks, and in them the calls to names the
    package can call (relevance.py); the findings are the same either way."""
    read: list[tuple[SourceFile, bytes | None, str]] = []
    for s in sources:
        try:
            read.append((s, Path(s.real).read_bytes(), ""))
        except OSError as exc:
            read.append((s, None, f"cannot read: {exc.strerror or exc}"))
    readable = [(s, data) for s, data, _ in read if data is not None]
    trees = {s.path: parse(data) for s, data in readable}
    callables = picks = None
    if prune:
        chosen = selection.select([d for _, d in readable], [trees[s.path].root_node for s, _ in readable], interest)
        callables = chosen.callables
        picks = {s.path: pick for (s, _), pick in zip(readable, chosen.files, strict=True)}
    models = []
    for s, data, error in read:
        if data is None:
            models.append(FileModel(path=s.path, error=error))
            continue
        try:
            pick = picks[s.path] if picks is not None else None
            models.append(build_file_model(s.path, data, interest, callables, trees.pop(s.path), pick))
        except RecursionError:
            models.append(FileModel(path=s.path, error="nesting too deep to analyse"))
    return models


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


def check_directory(models: list[FileModel], catalog: Catalog, config: Config, rules: dict[str, Rule]) -> DirResult:
    """Run every enabled rule on the packages of one directory."""
    hits: list[checks.Hit] = []
    errors: list[str] = []
    for m in models:
        if m.error:
            hits.append(checks.Hit("GX000", m.path, Span(1, 1, 1, 1), m.error))
    packages = group_packages([m for m in models if not m.error], catalog)
    enabled = [r for code, r in sorted(rules.items()) if config.enabled(code)]
    for pkg in packages:
        for rule in enabled:
            try:
                hits.extend(checks.load(rule.name).check(pkg, config.options(rule.code)))
            except Exception as exc:  # a bug in one rule must not hide the others' findings
                errors.append(f"{rule.code} on package {pkg.directory}: {type(exc).__name__}: {exc}")
    meta = {m.path: FileMeta(m.generated, m.goos, m.suppressions) for m in models}
    return DirResult(len(packages), hits, meta, errors)


def check_unit(members: list[SourceFile], catalog: Catalog, config: Config) -> DirResult:
    """Model and check one directory: what a worker process does, start to finish, so
    only the small results cross process boundaries."""
    return check_directory(build_models(members, catalog.interest()), catalog, config, load_rules())


def check_units(
    units: list[list[SourceFile]], catalog: Catalog, config: Config, jobs: int, progress=None
) -> list[DirResult]:
    work = partial(check_unit, catalog=catalog, config=config)
    tick = progress or (lambda: None)
    if jobs > 1 and sum(len(u) for u in units) >= PARALLEL_THRESHOLD:
        # Largest directories first, so one big package does not finish last alone.
        order = sorted(range(len(units)), key=lambda i: -len(units[i]))
        results = {}
        with ProcessPoolExecutor(max_workers=jobs) as pool:
            for i, unit in zip(order, pool.map(work, [units[i] for i in order]), strict=True):
                results[i] = unit
                tick()
        return [results[i] for i in range(len(units))]
    done = []
    for u in units:
        done.append(work(u))
        tick()
    return done


def _read(source: SourceFile) -> bytes | None:
    try:
        return Path(source.real).read_bytes()
    except OSError:
        return None


def run(
    paths=None,
    config: Config | None = None,
    *,
    jobs: int | None = None,
    cwd: Path | None = None,
    cache: Cache | None = None,
    progress=None,
) -> Result:
    """Analyse ``paths``. ``progress``, if given, is called with the number of
    directories to check, and returns a callable invoked as each one is done."""
    cwd = (cwd or Path.cwd()).resolve()
    config = config if config is not None else load_config(start=cwd)
    rules = load_rules()
    sources, missing = discover(paths, config, cwd)
    if missing:
        raise UsageError("; ".join(f"{m}: no such file or directory" for m in missing))
    catalog = catalog_for(config)
    units: dict[str, list[SourceFile]] = {}
    for s in sources:
        units.setdefault(s.path.rsplit("/", 1)[0] if "/" in s.path else ".", []).append(s)

    # Directories whose files, tool and configuration are unchanged are not checked again.
    setting = hashlib.sha256(
        f"{code_fingerprint()}\0{config.digest()}\0{catalog.interest().key()}".encode()
    ).hexdigest()
    done: dict[str, DirResult] = {}
    keys: dict[str, str] = {}
    for directory, members in units.items():
        digest = hashlib.sha256(setting.encode())
        for s in members:
            data = _read(s) if cache is not None else None
            digest.update(f"{s.path}\0{content_hash(data) if data is not None else '-'}\0".encode())
        keys[directory] = digest.hexdigest()
        cached = cache.get("dirs", keys[directory]) if cache is not None else None
        if isinstance(cached, DirResult):
            done[directory] = cached

    todo = [d for d in units if d not in done]
    tick = progress(len(todo)) if progress is not None else None
    fresh = check_units([units[d] for d in todo], catalog, config, jobs or os.cpu_count() or 1, tick)
    for directory, unit in zip(todo, fresh, strict=True):
        done[directory] = unit
        if cache is not None:
            cache.put("dirs", keys[directory], unit)

    result = Result(files=len(sources), rules=rules)
    explicit = {s.path for s in sources if s.explicit}
    for directory in sorted(done):
        unit = done[directory]
        result.packages += unit.packages
        result.internal_errors += unit.internal_errors
        for hit in unit.hits:
            meta = unit.meta.get(hit.path, FileMeta())
            if meta.generated or (explicit and hit.path not in explicit):
                continue
            if not config.enabled(hit.code) or config.ignored_at(
                hit.code, config_relative(Path(hit.path), config, cwd)
            ):
                continue
            result.findings.append(_finding(hit, rules[hit.code], meta))
    _attach_sources(result.findings, cwd)
    result.findings.sort(key=lambda f: f.sort_key)
    return result


def _finding(hit: checks.Hit, rule: Rule, meta: FileMeta) -> Finding:
    goos = meta.goos
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
    finding.suppressed = any(
        s.line == hit.span.line and (not s.codes or hit.code in s.codes) for s in meta.suppressions
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
