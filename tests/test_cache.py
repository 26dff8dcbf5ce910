"""The .goexit_cache: what invalidates an entry, and what it survives."""

from __future__ import annotations

import contextlib
import multiprocessing
import sqlite3
import time
from pathlib import Path

import pytest

from pytest_goexit import cache as cache_module
from pytest_goexit.cache import DATABASE, DIRNAME, Cache
from pytest_goexit.config import Config
from pytest_goexit.engine import run

BAD = 'package main\n\nimport (\n\t"fmt"\n\t"os"\n)\n\nfunc main() {\n\tdefer fmt.Println()\n\tos.Exit(1)\n}\n'


def disconnect() -> None:
    """Close this process's connections to caches, as a process ending does."""
    for db, _ in cache_module._connections.values():
        db.close()
    cache_module._connections.clear()


def analyse(root: Path, config: Config | None = None):
    """A run, as a new process would make it: with no connection to the cache yet."""
    disconnect()
    return run(["."], config or Config(), jobs=1, cwd=root, cache=Cache(root))


@contextlib.contextmanager
def database(root: Path):
    """The cache's database, in one transaction, closed after (`with` on a connection
    only commits)."""
    db = sqlite3.connect(root / DIRNAME / DATABASE)
    try:
        with db:
            yield db
    finally:
        db.close()


def rows(root: Path) -> dict[str, tuple[int, bytes]]:
    """The cached directory results: key -> (day last used, stored bytes)."""
    with database(root) as db:
        return {key: (used, value) for key, used, value in db.execute("SELECT key, used, value FROM entries")}


def alter(root: Path, statement: str, *parameters) -> None:
    with database(root) as db:
        db.execute(statement, parameters)


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


def test_damaged_and_foreign_entries_are_rewritten(tmp_path):
    root = tree(tmp_path)
    expected = [f.to_json() for f in analyse(root).findings]
    first, second = sorted(rows(root))
    alter(root, "UPDATE entries SET value = substr(value, 1, 20) WHERE key = ?", first)  # truncated
    alter(root, "UPDATE entries SET value = ? WHERE key = ?", b"not a goexit cache entry", second)
    assert [f.to_json() for f in analyse(root).findings] == expected
    # Both were rewritten whole.
    assert sorted(rows(root)) == [first, second] and all(len(value) > 100 for _, value in rows(root).values())


@pytest.mark.parametrize("damage", ["truncated", "foreign"])
def test_a_database_that_does_not_read_as_one_is_replaced(tmp_path, damage):
    root = tree(tmp_path)
    expected = [f.to_json() for f in analyse(root).findings]
    disconnect()  # the write-ahead log goes into the database: all of it is in one file
    path = root / DIRNAME / DATABASE
    assert not Path(f"{path}-wal").exists()
    if damage == "truncated":
        path.write_bytes(path.read_bytes()[: path.stat().st_size // 2])
    else:
        path.write_bytes(b"a file of the user's, or of another tool's" * 100)
    assert [f.to_json() for f in analyse(root).findings] == expected
    assert len(rows(root)) == 2  # the next run finds both directories again
    assert [f.to_json() for f in analyse(root).findings] == expected


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
    with database(root) as db:
        assert db.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    assert len(rows(root)) == 8


def test_no_cache_writes_nothing(tmp_path, monkeypatch):
    from pytest_goexit.cli import main

    root = tree(tmp_path)
    monkeypatch.chdir(root)
    assert main(["check", "--no-cache", "."]) == 1
    assert not (root / DIRNAME).exists()
    assert main(["check", "."]) == 1
    assert (root / DIRNAME).is_dir()


def test_unused_entries_and_the_old_layout_are_swept(tmp_path):
    root = tree(tmp_path)
    old_layout = root / DIRNAME / "v1" / "dirs" / "ab"
    old_layout.mkdir(parents=True)
    (old_layout / "ab12").write_bytes(b"an entry of the layout before the database")
    analyse(root)
    assert not (root / DIRNAME / "v1").exists()
    a, b = sorted(rows(root), key=lambda key: Cache(root).get("dirs", key).hits[0].path)
    today = int(time.time() // cache_module._DAY)
    month_ago = today - cache_module.MAX_AGE // cache_module._DAY - 1
    alter(root, "UPDATE entries SET used = ?", month_ago)
    # A sweep ran today (the first run): none now, even with old entries.
    assert Cache(root).sweep() == 0 and len(rows(root)) == 2
    # A day later: directory a is still in the tree, so a run reads its entry and that
    # marks it used; b's entry is never read again (its file changed) and goes.
    (root / "b" / "main.go").write_text(BAD.replace("os.Exit(1)", "os.Exit(3)"))
    alter(root, "UPDATE swept SET day = ?", today - cache_module.SWEEP_EVERY // cache_module._DAY)
    result = analyse(root)
    assert len(result.findings) == 2
    now = rows(root)
    assert a in now and b not in now and len(now) == 2  # b's new entry is there
    assert {used for used, _ in now.values()} == {today}
    with database(root) as db:
        assert db.execute("SELECT day FROM swept").fetchall() == [(today,)]


def test_sweep_survives_a_missing_or_unwritable_cache(tmp_path):
    assert Cache(tmp_path / "nowhere").sweep() == 0


def test_worker_processes_store_what_a_later_run_reads(tmp_path, checked):
    """With enough files for worker processes, each directory the workers check is stored;
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


def test_small_directories_go_to_the_workers_together(tmp_path, monkeypatch):
    """Every task costs this process a message each way: directories smaller than
    BATCH_FILES share one, and each still gets its own result (and cache entry)."""
    import concurrent.futures

    import pytest_goexit.engine as engine

    directories = engine.PARALLEL_THRESHOLD // 4 + 1
    for i in range(directories):
        (tmp_path / f"p{i}").mkdir()
        for j in range(4):
            body = BAD if j == 0 else f"package main\n\nfunc helper{j}() {{}}\n"
            (tmp_path / f"p{i}" / f"f{j}.go").write_text(body)
    tasks: list = []
    real = concurrent.futures.ProcessPoolExecutor.submit

    def counting(self, fn, *args, **kwargs):
        tasks.append(len(args[0]))
        return real(self, fn, *args, **kwargs)

    monkeypatch.setattr(concurrent.futures.ProcessPoolExecutor, "submit", counting)
    result = run(["."], Config(), jobs=2, cwd=tmp_path, cache=Cache(tmp_path))
    assert len(result.findings) == directories and sum(tasks) == directories
    # The first LOOKUPS_MISSED go alone (found missing one by one), the rest four to a task.
    assert tasks == [1] * engine.LOOKUPS_MISSED + [4] * ((directories - engine.LOOKUPS_MISSED) // 4) + [1]
    assert len(rows(tmp_path)) == directories
