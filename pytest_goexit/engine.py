"""paths -> files -> FileModels -> packages -> checks -> Findings (config, suppressions).

The one place that reads the user's files. The unit of work and of caching is a
directory: its files' contents decide whether its packages need checking again (the cache
holds results, not models: a changed file costs re-modelling its directory only). When
there are many files, worker processes read, hash, look up, model and check whole
directories; this process only finds the files and turns the workers' hits into findings.
"""

from __future__ import annotations

import gc
import hashlib
import os
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from . import checks
from .cache import Cache, Session, code_fingerprint, content_hash
from .config import Config, load_config
from .discovery import SourceFile, config_relative, discover
from .errors import UsageError
from .facts import FileModel, Span, Suppression
from .findings import Finding, RelatedLocation
from .golib import DEFAULT_INTEREST, Interest
from .package import Catalog, Package
from .parse import source_lines
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
    lines: dict[int, str] = field(default_factory=dict)  # the source line of each hit, by number


@dataclass
class DirResult:
    """The cached outcome of checking the packages of one directory."""

    packages: int
    hits: list[checks.Hit]
    meta: dict[str, FileMeta]  # of the files with hits
    internal_errors: list[str] = field(default_factory=list)


def load_model(source: SourceFile, interest: Interest = DEFAULT_INTEREST) -> FileModel:
    """Model one file on its own (every call kept); a file that cannot be read gets a
    model saying why."""
    return build_models([source], interest, prune=False)[0]


def build_models(
    sources: list[SourceFile], interest: Interest = DEFAULT_INTEREST, prune: bool = True
) -> list[FileModel]:
    """Models of the files of one directory (modelling.models_of). With ``prune``, only
    what can reach a rule is modelled: the declarations selection.py picks, and in them
    the calls to names the package can call (relevance.py); the findings are the same
    either way."""
    from .modelling import models_of  # see check_read

    return models_of(read_sources(sources), interest, prune)


def read_sources(sources: list[SourceFile]) -> list[tuple[SourceFile, bytes | None, str]]:
    """Each file's bytes, or why it cannot be read."""
    read: list[tuple[SourceFile, bytes | None, str]] = []
    for s in sources:
        try:
            with open(s.real, "rb") as handle:  # not Path.read_bytes: a Path per file costs more than the read
                read.append((s, handle.read(), ""))
        except OSError as exc:
            read.append((s, None, f"cannot read: {exc.strerror or exc}"))
    return read


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
    # Read only for the files a hit is in: most files have none, and the result is pickled
    # twice (to the cache and to the parent).
    hit_paths = {h.path for h in hits}
    meta = {m.path: FileMeta(m.generated, m.goos, m.suppressions) for m in models if m.path in hit_paths}
    return DirResult(len(packages), hits, meta, errors)


@dataclass(frozen=True)
class Job:
    """What checking any directory needs besides its files: shipped to worker processes
    with each directory, small and picklable."""

    catalog: Catalog
    config: Config
    setting: str  # hash of the tool's code, the configuration and the catalogue
    cache: Cache | None

    def key(self, read: list[tuple[SourceFile, bytes | None, str]]) -> str:
        digest = hashlib.sha256(self.setting.encode())
        for s, data, _ in read:
            digest.update(f"{s.path}\0{content_hash(data) if data is not None else '-'}\0".encode())
        return digest.hexdigest()


def check_read(read: list[tuple[SourceFile, bytes | None, str]], job: Job) -> DirResult:
    """Model and check one directory."""
    from .modelling import models_of  # only now: a run that finds every directory cached models nothing

    result = check_directory(models_of(read, job.catalog.interest()), job.catalog, job.config, load_rules())
    _add_lines(result, read)
    return result


def _add_lines(result: DirResult, read: list[tuple[SourceFile, bytes | None, str]]) -> None:
    """The source line of each hit, off the bytes that were checked: for display and for
    fingerprints (this process has the file in memory; the main one would read it again,
    alone, after the last directory is done)."""
    wanted: dict[str, set[int]] = {}
    for hit in result.hits:
        wanted.setdefault(hit.path, set()).add(hit.span.line)
    for s, data, _ in read:
        if data is None or s.path not in wanted:
            continue
        lines, meta = source_lines(data), result.meta[s.path]  # every hit's file has its meta
        for number in wanted[s.path]:
            if 0 < number <= len(lines):
                meta.lines[number] = lines[number - 1].removesuffix(b"\r").decode("utf-8", "replace")


@dataclass
class Checked:
    """A directory's result, and where it came from."""

    result: DirResult
    key: str | None  # the cache key of the files as read (None: no cache)
    cached: bool  # read from the cache, not computed


def check_unit(members: list[SourceFile], job: Job) -> Checked:
    """What a worker process does, start to finish: read the files (the bytes are in the
    page cache, and shipping them would cost more), look the directory up in the cache,
    else model and check it; only the small results cross process boundaries. A result
    computed is stored (by check_units) under the hash of what this process read: a file
    saved again meanwhile must not leave its new findings under its old contents."""
    read = read_sources(members)
    key, cached = _looked_up(read, job)
    return Checked(cached, key, True) if cached is not None else Checked(check_read(read, job), key, False)


def check_batch(units: list[list[SourceFile]], job: Job) -> list[Checked]:
    """check_unit for a few small directories: one task, one result message for them all."""
    return [check_unit(members, job) for members in units]


def _looked_up(read: list[tuple[SourceFile, bytes | None, str]], job: Job) -> tuple[str | None, DirResult | None]:
    """The cache key of what was read, and the result the cache holds under it."""
    if job.cache is None:
        return None, None
    key = job.key(read)
    cached = job.cache.get("dirs", key)
    return key, cached if isinstance(cached, DirResult) else None


# Cache misses after which the workers, not this process, look the other directories up.
LOOKUPS_MISSED = 8
# Directories with fewer files than this go to the workers together, up to this many
# files a task: every task costs this process pickling, a message each way and a wakeup
# (half of GOROOT's directories hold fewer than 8 files).
BATCH_FILES = 16


# A worker collects garbage after this many new objects, not the interpreter's 700: a
# directory makes hundreds of thousands (nodes, calls, names), few of them in cycles,
# and every collection walks what is alive.
WORKER_GC_THRESHOLD = 100_000


def _worker_started() -> None:
    """A worker process is ours alone: what it inherited is kept for good (gc.freeze: no
    collection walks it again) and it collects its garbage less often."""
    gc.freeze()
    gc.set_threshold(WORKER_GC_THRESHOLD, *gc.get_threshold()[1:])


def _kept(session: Session, checked: Checked) -> DirResult:
    """The result, stored if it was computed (by this process: one writer, a few
    transactions a run), or marked used if it was read."""
    if checked.key is not None:
        if checked.cached:
            session.used(checked.key)
        else:
            session.stored(checked.key, checked.result)
    return checked.result


def check_units(units: dict[str, list[SourceFile]], job: Job, jobs: int, progress=None) -> dict[str, DirResult]:
    """Results by directory: from the cache where the files, tool and configuration are
    unchanged, else computed (in worker processes when there are many files) and stored."""
    tick = progress or (lambda: None)
    done: dict[str, DirResult] = {}
    session = Session(job.cache, "dirs")
    if jobs <= 1 or sum(len(u) for u in units.values()) < PARALLEL_THRESHOLD:
        try:
            for directory in sorted(units):
                done[directory] = _kept(session, check_unit(units[directory], job))
                tick()
        finally:
            session.close()
        return done
    # concurrent.futures (and multiprocessing under it) is imported only when a directory
    # is to be checked: a run that finds everything cached starts no worker.
    pending: dict = {}  # Future -> its directories
    pool = None

    def submit(*directories: str) -> None:
        nonlocal pool
        if pool is None:
            from concurrent.futures import ProcessPoolExecutor

            pool = ProcessPoolExecutor(max_workers=jobs, initializer=_worker_started)
        pending[pool.submit(check_batch, [units[d] for d in directories], job)] = directories

    try:
        # This process looks directories up in the cache while it finds them there; once
        # some are missing (a cold cache), the workers read, hash and look up the rest: on
        # a 2-core machine every second spent here competes with them. The smallest go
        # first, so that finding a cache cold costs little; then the largest, so that one
        # big package does not finish last alone.
        largest_first = sorted(units, key=lambda d: -len(units[d]))
        unprobed, misses = len(largest_first), 0
        while job.cache is not None and unprobed and misses < LOOKUPS_MISSED:
            unprobed -= 1
            directory = largest_first[unprobed]
            key, cached = _looked_up(read_sources(units[directory]), job)
            if cached is not None:
                done[directory] = _kept(session, Checked(cached, key, True))
                tick()
            else:
                misses += 1
                submit(directory)
        batch: list[str] = []
        batched = 0  # files in it
        for directory in largest_first[:unprobed]:
            if len(units[directory]) >= BATCH_FILES:
                submit(directory)
                continue
            batch.append(directory)
            batched += len(units[directory])
            if batched >= BATCH_FILES:
                submit(*batch)
                batch, batched = [], 0
        if batch:
            submit(*batch)
        if pending:
            from concurrent.futures import as_completed

            for future in as_completed(pending):
                for directory, checked in zip(pending[future], future.result(), strict=True):
                    done[directory] = _kept(session, checked)
                    tick()
    finally:
        if pool is not None:
            pool.shutdown(cancel_futures=True)
        session.close()
    return done


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
    tick = progress(len(units)) if progress is not None else None
    done = check_units(units, Job(catalog, config, setting, cache), jobs or os.cpu_count() or 1, tick)
    if cache is not None:
        cache.sweep()  # entries this run used are fresh; others age out

    result = Result(files=len(sources), rules=rules)
    explicit = {s.path for s in sources if s.explicit}
    relative: dict[str, str] = {}  # hit path -> as the configuration's patterns see it
    for directory in sorted(done):
        unit = done[directory]
        result.packages += unit.packages
        result.internal_errors += unit.internal_errors
        for hit in unit.hits:
            meta = unit.meta.get(hit.path, FileMeta())
            if meta.generated or (explicit and hit.path not in explicit):
                continue
            if hit.path not in relative:
                relative[hit.path] = config_relative(hit.path, config, cwd)
            if not config.enabled(hit.code) or config.ignored_at(hit.code, relative[hit.path]):
                continue
            result.findings.append(_finding(hit, rules[hit.code], meta))
    _fingerprint(result.findings)
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
    finding.source_line = meta.lines.get(hit.span.line, "")
    finding.suppressed = any(
        s.line == hit.span.line and (not s.codes or hit.code in s.codes) for s in meta.suppressions
    )
    return finding


def _fingerprint(findings: list[Finding]) -> None:
    """Fingerprints that survive lines moving: rule, file, the flagged line's text, and
    which of the findings with those three this is."""
    seen: Counter = Counter()
    for f in sorted(findings, key=lambda f: f.sort_key):
        key = (f.rule, f.path, f.source_line.strip())
        seen[key] += 1
        digest = hashlib.sha256("\0".join((*key, str(seen[key]))).encode()).hexdigest()
        f.fingerprint = digest[:32]
