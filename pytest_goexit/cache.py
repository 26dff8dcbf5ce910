"""The on-disk cache in .goexit_cache/: per-directory results.

Keys hash everything that can change a result: file contents, the tool's own code and
version, the configuration. Entries are written atomically (temp file + rename), so
concurrent runs never see half an entry; an entry that does not load (truncated, corrupt,
from another version) is ignored and rewritten.

Every edit, configuration change and upgrade leaves entries nothing will read again, so
an entry's mtime records its last use, and entries unused for ``MAX_AGE`` are removed
(swept at most once per ``SWEEP_EVERY``, with temp files a killed run left behind).
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import pickle
import tempfile
import time
from functools import lru_cache
from pathlib import Path

from . import __version__

DIRNAME = ".goexit_cache"
MAX_AGE = 30 * 24 * 3600  # seconds since an entry was last read or written
SWEEP_EVERY = 24 * 3600
_STALE_TEMP = 3600  # a temp file this old belongs to no live write
_SWEPT = "last-sweep"
_MAGIC = b"goexit-cache-1\n"
_GITIGNORE = "# Created by goexit: this directory is a cache.\n*\n"
_CACHEDIR_TAG = "Signature: 8a477f597d28d172789f06886806bc55\n# goexit cache: https://bford.info/cachedir/\n"


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


class Cache:
    def __init__(self, root: Path):
        self.dir = root / DIRNAME / "v1"

    def _prepare(self, entries: Path) -> None:
        """Make the directory ``entries`` (and the cache's, with its .gitignore and tag)."""
        self.dir.mkdir(parents=True, exist_ok=True)
        top = self.dir.parent
        for name, text in ((".gitignore", _GITIGNORE), ("CACHEDIR.TAG", _CACHEDIR_TAG)):
            if not (top / name).exists():
                _atomic_write(top / name, text.encode())
        entries.mkdir(parents=True, exist_ok=True)

    def _path(self, kind: str, key: str) -> Path:
        return self.dir / kind / key[:2] / key

    def get(self, kind: str, key: str):
        path = self._path(kind, key)
        try:
            data = path.read_bytes()
        except OSError:
            return None
        if not data.startswith(_MAGIC):
            return None
        try:
            value = pickle.loads(data[len(_MAGIC) :])
        except Exception:  # noqa: BLE001 - any damaged entry is just a miss
            return None
        with contextlib.suppress(OSError):
            os.utime(path)  # used now: kept by the sweep
        return value

    def put(self, kind: str, key: str, value) -> None:
        path = self._path(kind, key)
        data = _MAGIC + pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL)
        try:
            try:
                _atomic_write(path, data)
            except FileNotFoundError:
                # Its directory is missing: a cold cache, or one removed meanwhile. Made
                # only then: a Cache reaches each worker pickled anew with every directory
                # it checks, and making sure of the directories first on every write cost
                # a cold check of GOROOT a tenth of a second.
                self._prepare(path.parent)
                _atomic_write(path, data)
        except OSError:
            pass  # a read-only or full disk makes the run slower, not wrong

    def sweep(self, now: float | None = None) -> int:
        """Remove entries unused for ``MAX_AGE`` and stale temp files, if the last sweep is
        older than ``SWEEP_EVERY``; return how many files were removed. Never raises: a
        concurrent run may be reading or removing the same files."""
        now = time.time() if now is None else now
        marker = self.dir / _SWEPT
        try:
            if now - marker.stat().st_mtime < SWEEP_EVERY:
                return 0
        except FileNotFoundError:
            pass
        except OSError:
            return 0
        if not self.dir.is_dir():
            return 0
        removed = 0
        for entry in self.dir.glob("*/*/*"):
            try:
                age = now - entry.stat().st_mtime
                if age > (_STALE_TEMP if entry.name.startswith(".tmp-") else MAX_AGE):
                    entry.unlink()
                    removed += 1
            except OSError:
                continue
        with contextlib.suppress(OSError):
            marker.touch()
            os.utime(marker, (now, now))
        return removed


def _atomic_write(path: Path, data: bytes) -> None:
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".tmp-")
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
