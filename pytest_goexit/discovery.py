"""Which Go files a run covers: paths and ./... patterns walked like the go command does."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from .config import Config

SKIPPED_DIRS = ("vendor", "testdata")


@dataclass(frozen=True)
class SourceFile:
    path: str  # as reported: POSIX, relative to the working directory when below it
    real: str  # for opening
    explicit: bool  # named on the command line: findings are reported only in such files


def display_path(path: Path | str, cwd: Path | str) -> str:
    """POSIX path relative to ``cwd`` when below it, else absolute (string operations:
    this runs once per file of a tree)."""
    base = os.fspath(cwd)
    absolute = os.path.normpath(os.path.join(base, os.fspath(path)))
    if absolute.startswith(base.rstrip(os.sep) + os.sep):
        absolute = absolute[len(base.rstrip(os.sep)) + 1 :]
    elif absolute == base:
        absolute = "."
    return absolute.replace(os.sep, "/")


def _walk(directory: Path):
    """(directory, its Go file names) per package directory, in the go command's order."""
    for root, dirs, files in os.walk(directory, onerror=None):
        # Like the go command: vendor/, testdata/ and dirs starting with . or _ are not
        # packages of this module unless named explicitly.
        dirs[:] = sorted(d for d in dirs if d not in SKIPPED_DIRS and not d.startswith((".", "_")))
        names = sorted(n for n in files if n.endswith(".go") and not n.startswith((".", "_")))
        if names:
            yield root, names


def _below(directory: str, name: str) -> str:
    """display_path of a file from that of its directory."""
    return name if directory == "." else f"{directory.rstrip('/')}/{name}"


def discover(paths, config: Config, cwd: Path) -> tuple[list[SourceFile], list[str]]:
    """Go files under ``paths`` (``./...`` and ``dir/...`` accepted). A named file stands
    for its whole package, but only its own findings are reported."""
    found: dict[str, SourceFile] = {}
    missing = []
    for raw in paths or ["."]:
        text = str(raw)
        if text == "..." or text.endswith("/..."):
            text = text[: -len("...")] or "."
        path = Path(text) if Path(text).is_absolute() else cwd / text
        if path.is_dir():
            # Paths are worked out once per directory: a tree has thousands of files.
            for root, names in _walk(path):
                shown, relative = display_path(root, cwd), config_relative(root, config, cwd)
                for name in names:
                    if not config.excluded(_below(relative, name)):
                        file = SourceFile(_below(shown, name), os.path.join(root, name), False)
                        found.setdefault(file.path, file)
            continue
        if path.is_file() or path.is_symlink():
            if path.suffix != ".go":
                continue
            siblings = sorted(p for p in path.parent.glob("*.go") if p.is_file() and not p.name.startswith((".", "_")))
            candidates = [(p, False) for p in siblings if p.resolve() != path.resolve()] + [(path, True)]
        else:
            missing.append(text)
            continue
        for p, explicit in candidates:
            shown = display_path(p, cwd)
            if config.excluded(config_relative(p, config, cwd)) and not explicit:
                continue
            previous = found.get(shown)
            if previous is None or (explicit and not previous.explicit):
                found[shown] = SourceFile(shown, str(p), explicit)
    return sorted(found.values(), key=lambda s: s.path), missing


def config_relative(path: Path | str, config: Config, cwd: Path | str) -> str:
    """The path as the configuration's per-path patterns see it: relative to its root."""
    return display_path(os.path.join(os.fspath(cwd), os.fspath(path)), config.root)
