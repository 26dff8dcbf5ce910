"""The on-disk cache in .goexit_cache/: per-directory results, in one SQLite database.

Keys hash everything that can change a result: file contents, the tool's own code and
version, the configuration. One database file, not a file per entry: creating a file is
the costliest thing a cold run asked of the file system (a cold check of GOROOT/src made
608 of them and spent a second of system CPU on it), and SQLite keeps concurrent runs
apart with its own locking. Results are written in a few transactions by the process that
drives the run (Session), never one per entry.

Whatever cannot be read is a miss: a value that does not load (damaged, from another
version) is ignored and written again; a file that is no database (truncated, foreign) is
replaced when the next write finds it so. A database that is locked for too long, or a
read-only or full disk, makes a run slower, never wrong.

Every edit, configuration change and upgrade leaves entries nothing will read again, so
each entry records the day it was last used (Cache.touch), and entries unused for
``MAX_AGE`` are removed (swept at most once per ``SWEEP_EVERY``).
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import pickle
import shutil
import sqlite3
import tempfile
import time
from collections.abc import Iterable
from functools import lru_cache
from pathlib import Path

from . import __version__

DIRNAME = ".goexit_cache"
DATABASE = "cache.sqlite3"
MAX_AGE = 30 * 24 * 3600  # seconds since an entry was last read or written
SWEEP_EVERY = 24 * 3600
_DAY = 24 * 3600
_LOCKED_FOR = 10.0  # seconds a run waits for another one's transaction
_MAGIC = b"goexit-cache-1\n"
_GITIGNORE = "# Created by goexit: this directory is a cache.\n*\n"
_CACHEDIR_TAG = "Signature: 8a477f597d28d172789f06886806bc55\n# goexit cache: https://bford.info/cachedir/\n"
_OLD_LAYOUT = "v1"  # a file per entry, before the database
_SCHEMA = (
    "CREATE TABLE IF NOT EXISTS entries"
    " (kind TEXT NOT NULL, key TEXT NOT NULL, used INTEGER NOT NULL, value BLOB NOT NULL,"
    " PRIMARY KEY (kind, key)) WITHOUT ROWID",
    "CREATE TABLE IF NOT EXISTS swept (day INTEGER NOT NULL)",
)


@lru_cache(maxsize=1)
def code_fingerprint() -> str:
    """The tool's version plus the size and mtime of its own source and rule files, so
    an edited checkout never reads results computed by other code."""
    package = Path(__file__).resolve().parent
    digest = hashlib.sha256(__version__.encode())
    for path in sorted([*package.rglob("*.py"), *package.parent.glob("rules/*.yaml"), *package.rglob("*.yaml")]):
        try:
            stat = path.stat()
        except OSError:
            continue
        digest.update(f"{path.name}\0{stat.st_size}\0{stat.st_mtime_ns}\0".encode())
    return digest.hexdigest()[:16]


def content_hash(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


# One connection per process and database (with the inode it opened): a Cache reaches
# worker processes pickled anew with every directory, and a connection must not be used
# across a fork.
_connections: dict[tuple[int, str], tuple[sqlite3.Connection, int]] = {}


class Cache:
    def __init__(self, root: Path):
        self.top = root / DIRNAME
        self.path = self.top / DATABASE

    # -- reading -------------------------------------------------------------------------

    def get(self, kind: str, key: str):
        """The value stored under ``key``, or None (not there, or not readable)."""
        try:
            db = self._connect(create=False)
            row = db.execute("SELECT value FROM entries WHERE kind = ? AND key = ?", (kind, key)).fetchone()
        except (sqlite3.Error, OSError):
            return None
        if row is None or not row[0].startswith(_MAGIC):
            return None
        try:
            return pickle.loads(row[0][len(_MAGIC) :])
        except Exception:  # noqa: BLE001 - any damaged entry is just a miss
            return None

    # -- writing -------------------------------------------------------------------------

    def put_many(self, kind: str, values: dict[str, object]) -> None:
        """Store ``values`` (key -> value) in one transaction."""
        if not values:
            return
        day = _today()
        rows = [
            (kind, key, day, _MAGIC + pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL))
            for key, value in values.items()
        ]
        self._write("INSERT OR REPLACE INTO entries (kind, key, used, value) VALUES (?, ?, ?, ?)", rows)

    def touch(self, kind: str, keys: Iterable[str]) -> None:
        """Record that the entries under ``keys`` were used today (one transaction; an
        entry already used today is not written again)."""
        day = _today()
        rows = [(day, kind, key, day) for key in keys]
        if rows:
            self._write("UPDATE entries SET used = ? WHERE kind = ? AND key = ? AND used < ?", rows, create=False)

    def sweep(self) -> int:
        """Remove entries unused for ``MAX_AGE``, if the last sweep is older than
        ``SWEEP_EVERY`` (and the files of the cache's old layout); return how many
        entries were removed. Never raises."""
        day = _today()
        with contextlib.suppress(OSError):
            if (self.top / _OLD_LAYOUT).is_dir():
                shutil.rmtree(self.top / _OLD_LAYOUT, ignore_errors=True)
        try:
            db = self._connect(create=False)
            last = db.execute("SELECT max(day) FROM swept").fetchone()[0]
            if last is not None and day - last < SWEEP_EVERY // _DAY:
                return 0
            with db:
                removed = db.execute("DELETE FROM entries WHERE used < ?", (day - MAX_AGE // _DAY,)).rowcount
                db.execute("DELETE FROM swept")
                db.execute("INSERT INTO swept (day) VALUES (?)", (day,))
            return removed
        except (sqlite3.Error, OSError):
            return 0

    def _write(self, statement: str, rows: list[tuple], create: bool = True) -> None:
        for attempt in range(2):
            try:
                db = self._connect(create=create)
                with db:
                    db.executemany(statement, rows)
                return
            except sqlite3.DatabaseError as exc:
                if attempt or isinstance(exc, sqlite3.OperationalError) or not create:
                    return  # locked too long, read-only, full: the run goes on without it
                self._replace()  # no database, or a damaged one: start a new one
            except (sqlite3.Error, OSError):
                return

    # -- the database --------------------------------------------------------------------

    def _connect(self, create: bool) -> sqlite3.Connection:
        slot = (os.getpid(), str(self.path))
        try:
            inode = os.stat(self.path).st_ino
        except OSError:
            inode = None
        known = _connections.get(slot)
        if known is not None:
            if known[1] == inode:
                return known[0]
            self._forget()  # removed or replaced since (by the user, or another run)
        if inode is None:
            if not create:
                raise sqlite3.OperationalError("no cache yet")
            _prepare(self.top)
        db = sqlite3.connect(self.path, timeout=_LOCKED_FOR, isolation_level=None)
        try:
            # Readers go on while a run writes (write-ahead log); a crash may lose the last
            # transaction, never corrupt the database (and the cache only holds what a run
            # can compute again).
            db.execute("PRAGMA journal_mode=WAL")
            db.execute("PRAGMA synchronous=NORMAL")
            for statement in _SCHEMA:
                db.execute(statement)
        except sqlite3.Error:
            db.close()
            raise
        db.isolation_level = ""  # `with db:` commits a transaction (implicit BEGIN)
        _connections[slot] = (db, os.stat(self.path).st_ino)
        return db

    def _forget(self) -> None:
        known = _connections.pop((os.getpid(), str(self.path)), None)
        if known is not None:
            with contextlib.suppress(sqlite3.Error):
                known[0].close()

    def _replace(self) -> None:
        """Remove a database that does not read as one (it is rebuilt on the next write)."""
        self._forget()
        for suffix in ("", "-wal", "-shm"):
            with contextlib.suppress(OSError):
                os.unlink(f"{self.path}{suffix}")


class Session:
    """What one run does to a cache: the values it computed are stored a few transactions
    per run (never one per entry, and a run stopped midway keeps most of what it did);
    the entries it read are marked used when it closes."""

    STORED_TOGETHER = 64

    def __init__(self, cache: Cache | None, kind: str):
        self.cache, self.kind = cache, kind
        self.fresh: dict[str, object] = {}
        self.read: list[str] = []

    def stored(self, key: str, value) -> None:
        if self.cache is not None:
            self.fresh[key] = value
            if len(self.fresh) >= self.STORED_TOGETHER:
                self.flush()

    def used(self, key: str) -> None:
        if self.cache is not None:
            self.read.append(key)

    def flush(self) -> None:
        if self.cache is not None:
            self.cache.put_many(self.kind, self.fresh)
        self.fresh = {}

    def close(self) -> None:
        self.flush()
        if self.cache is not None:
            self.cache.touch(self.kind, self.read)
            self.read = []


def _today() -> int:
    return int(time.time() // _DAY)


def _prepare(top: Path) -> None:
    """Make the cache's directory, with its .gitignore and cache tag."""
    top.mkdir(parents=True, exist_ok=True)
    for name, text in ((".gitignore", _GITIGNORE), ("CACHEDIR.TAG", _CACHEDIR_TAG)):
        if not (top / name).exists():
            _atomic_write(top / name, text.encode())


def _atomic_write(path: Path, data: bytes) -> None:
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".tmp-")
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
