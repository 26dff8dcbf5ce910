"""The .goexit_cache: what invalidates an entry, and what it survives."""

from __future__ import annotations

import multiprocessing
from pathlib import Path

import pytest

from pytest_goexit import cache as cache_module
from pytest_goexit.cache import DIRNAME, Cache
from pytest_goexit.config import Config
from pytest_goexit.engine import run

BAD = 'package main\n\nimport (\n\t"fmt"\n\t"os"\n)\n\nfunc main() {\n\tdefer fmt.Println()\n\tos.Exit(1)\n}\n'


def analyse(root: Path, config: Config | None = None):
    return run(["."], config or Config(), jobs=1, cwd=root, cache=Cache(root))


@pytest.fixture
def checked(monkeypatch) -> list:
    """The directories the engine really checks (not served from the cache)."""
    import pytest_goexit.engine as engine

    seen: list = []
    real = engine.check_directory

    def counting(models, *args, **kwargs):
        seen.append(models[0].path.rsplit("/", 1)[0] if models else "")
        return real(models, *args, **kwargs)

    monkeypatch.setattr(engine, "check_directory", counting)
    return seen


def tree(tmp_path) -> Path:
    for name in ("a", "b"):
        (tmp_path / name).mkdir()
        (tmp_path / name / "main.go").write_text(BAD)
    return tmp_path


def test_cache_hits_and_invalidation(tmp_path, monkeypatch, checked):
    root = tree(tmp_path)
    first = analyse(root)
    assert sorted(checked) == ["a", "b"] and len(first.findings) == 2
    assert (root / DIRNAME / ".gitignore").read_text().strip().endswith("*")
    # Nothing changed: nothing is checked, same findings.
    checked.clear()
    again = analyse(root)
    assert checked == [] and [f.to_json() for f in again.findings] == [f.to_json() for f in first.findings]
    # A changed file: only its directory.
    (root / "a" / "main.go").write_text(BAD.replace("os.Exit(1)", "os.Exit(2)"))
    checked.clear()
    analyse(root)
    assert checked == ["a"]
    # A changed configuration: everything.
    checked.clear()
    result = analyse(root, Config(rules={"GX102": {"strict": True}}))
    assert sorted(checked) == ["a", "b"] and len(result.findings) == 2
    # A changed tool version: everything.
    monkeypatch.setattr(cache_module, "code_fingerprint", lambda: "another-version")
    import pytest_goexit.engine as engine

    monkeypatch.setattr(engine, "code_fingerprint", lambda: "another-version")
    checked.clear()
    analyse(root)
    assert sorted(checked) == ["a", "b"]


def test_truncated_and_foreign_entries_are_rewritten(tmp_path):
    root = tree(tmp_path)
    expected = [f.to_json() for f in analyse(root).findings]
    entries = [p for p in (root / DIRNAME).rglob("*") if p.is_file() and p.parent.parent.name == "dirs"]
    assert len(entries) == 2
    entries[0].write_bytes(entries[0].read_bytes()[:20])  # truncated
    entries[1].write_bytes(b"not a goexit cache entry")
    assert [f.to_json() for f in analyse(root).findings] == expected
    # Both were rewritten whole.
    assert all(len(p.read_bytes()) > 100 for p in entries)


def _worker(root: str, results):
    findings = run(["."], Config(), jobs=1, cwd=Path(root), cache=Cache(Path(root))).findings
    results.put(sorted((f.path, f.line, f.rule) for f in findings))


def test_concurrent_runs_do_not_corrupt(tmp_path):
    root = tree(tmp_path)
    for i in range(6):
        (root / f"p{i}").mkdir()
        (root / f"p{i}" / "main.go").write_text(BAD)
    context = multiprocessing.get_context("spawn")
    results = context.Queue()
    workers = [context.Process(target=_worker, args=(str(root), results)) for _ in range(4)]
    for w in workers:
        w.start()
    outcomes = [results.get(timeout=120) for _ in workers]
    for w in workers:
        w.join(timeout=120)
    assert all(o == outcomes[0] for o in outcomes) and len(outcomes[0]) == 8
    assert [f.rule for f in analyse(root).findings] == ["GX101"] * 8
    assert not [p for p in (root / DIRNAME).rglob(".tmp-*")]


def test_no_cache_writes_nothing(tmp_path, monkeypatch):
    from pytest_goexit.cli import main

    root = tree(tmp_path)
    monkeypatch.chdir(root)
    assert main(["check", "--no-cache", "."]) == 1
    assert not (root / DIRNAME).exists()
    assert main(["check", "."]) == 1
    assert (root / DIRNAME).is_dir()


def test_unused_entries_and_stale_temp_files_are_swept(tmp_path):
    import os
    import time

    root = tree(tmp_path)
    analyse(root)
    store = Cache(root)
    entries = sorted(p for p in store.dir.rglob("*") if p.is_file() and p.parent.parent.name == "dirs")
    assert len(entries) == 2
    month_ago = time.time() - cache_module.MAX_AGE - 3600
    for entry in entries:
        os.utime(entry, (month_ago, month_ago))
    stale_temp = entries[0].parent / ".tmp-killed-run"
    stale_temp.write_bytes(b"half an entry")
    os.utime(stale_temp, (month_ago, month_ago))
    # A sweep ran a moment ago (the first run): none now, even with old entries.
    assert store.sweep() == 0 and all(e.exists() for e in entries)
    # A day later: directory a is still in the tree, so a run reads its entry and that
    # refreshes it; b's entry is never read again (its file changed) and goes.
    (root / "b" / "main.go").write_text(BAD.replace("os.Exit(1)", "os.Exit(3)"))
    marker = store.dir / "last-sweep"
    day_ago = time.time() - cache_module.SWEEP_EVERY - 60
    os.utime(marker, (day_ago, day_ago))
    result = analyse(root)
    assert len(result.findings) == 2
    kept = [e for e in entries if e.exists()]
    assert len(kept) == 1 and time.time() - kept[0].stat().st_mtime < 3600
    assert not stale_temp.exists()
    # The new entry for b is there and fresh.
    now_entries = [p for p in store.dir.rglob("*") if p.is_file() and p.parent.parent.name == "dirs"]
    assert len(now_entries) == 2
    assert time.time() - marker.stat().st_mtime < 3600


def test_sweep_survives_a_missing_or_unwritable_cache(tmp_path):
    assert Cache(tmp_path / "nowhere").sweep() == 0


def test_worker_processes_store_what_a_later_run_reads(tmp_path, checked):
    """With enough files for worker processes, the workers store each directory's result;
    a later run (in this process) finds every one of them."""
    from pytest_goexit.engine import PARALLEL_THRESHOLD

    for i in range(PARALLEL_THRESHOLD // 4 + 1):
        (tmp_path / f"p{i}").mkdir()
        for j in range(4):
            body = BAD if j == 0 else f"package main\n\nfunc helper{j}() {{}}\n"
            (tmp_path / f"p{i}" / f"f{j}.go").write_text(body)
    cold = run(["."], Config(), jobs=2, cwd=tmp_path, cache=Cache(tmp_path))
    assert len(cold.findings) == PARALLEL_THRESHOLD // 4 + 1
    assert checked == []  # all checked in the workers, none here
    warm = run(["."], Config(), jobs=1, cwd=tmp_path, cache=Cache(tmp_path))
    assert checked == [] and [f.to_json() for f in warm.findings] == [f.to_json() for f in cold.findings]
    # Without the cache, the same directories are checked here.
    run(["."], Config(), jobs=1, cwd=tmp_path, cache=None)
    assert len(checked) == PARALLEL_THRESHOLD // 4 + 1


def test_workers_look_up_what_this_process_no_longer_does(tmp_path, monkeypatch):
    """After enough misses the parent stops reading and hashing (a cold cache): each
    worker looks its directory up itself, and models nothing the cache holds."""
    import pytest_goexit.engine as engine

    if multiprocessing.get_start_method() != "fork":
        pytest.skip("the workers must inherit this test's patches")
    for i in range(engine.PARALLEL_THRESHOLD // 4 + 1):
        (tmp_path / f"p{i}").mkdir()
        for j in range(4):
            body = BAD if j == 0 else f"package main\n\nfunc helper{j}() {{}}\n"
            (tmp_path / f"p{i}" / f"f{j}.go").write_text(body)
    cold = run(["."], Config(), jobs=2, cwd=tmp_path, cache=Cache(tmp_path))

    def no_modelling(*args, **kwargs):
        raise AssertionError("a directory held by the cache was checked again")

    monkeypatch.setattr(engine, "LOOKUPS_MISSED", 0)
    monkeypatch.setattr(engine, "check_read", no_modelling)
    warm = run(["."], Config(), jobs=2, cwd=tmp_path, cache=Cache(tmp_path))
    assert [f.to_json() for f in warm.findings] == [f.to_json() for f in cold.findings]
