"""--new-from-rev: the lines added or changed since a git revision, read with dulwich
(working tree against the revision's tree), so review bots see only new findings."""

from __future__ import annotations

import difflib
import re
from pathlib import Path

from dulwich.errors import NotGitRepository
from dulwich.object_store import tree_lookup_path
from dulwich.objectspec import parse_commit
from dulwich.repo import Repo

from .errors import UsageError
from .parse import source_lines

_SUFFIX = re.compile(r"(~\d*|\^\d*)$")


def _resolve(repo: Repo, rev: str):
    """A commit for REV, with git's ~N and ^N suffixes on top of what dulwich parses."""
    match = _SUFFIX.search(rev)
    if match is None:
        return parse_commit(repo, rev.encode())
    base = _resolve(repo, rev[: match.start()])
    op, digits = match.group(0)[0], match.group(0)[1:]
    count = int(digits) if digits else 1
    if op == "~":
        for _ in range(count):
            if not base.parents:
                raise KeyError(rev)
            base = repo[base.parents[0]]
        return base
    if count == 0:
        return base
    if len(base.parents) < count:
        raise KeyError(rev)
    return repo[base.parents[count - 1]]


def changed_lines(paths: list[str], rev: str, cwd: Path) -> dict[str, set[int] | None]:
    """For each path (relative to cwd): the 1-based lines added or changed since ``rev``;
    None when the file did not exist at ``rev`` (every line is new)."""
    try:
        repo = Repo.discover(str(cwd))
    except NotGitRepository:
        raise UsageError(f"--new-from-rev: {cwd} is not inside a git repository") from None
    try:
        commit = _resolve(repo, rev)
    except (KeyError, ValueError, IndexError):
        raise UsageError(f"--new-from-rev: unknown revision {rev!r}") from None
    root = Path(repo.path).resolve()
    result: dict[str, set[int] | None] = {}
    for path in paths:
        absolute = (cwd / path).resolve()
        try:
            inside = absolute.relative_to(root).as_posix().encode()
            _, sha = tree_lookup_path(repo.__getitem__, commit.tree, inside)
            old = source_lines(repo[sha].data)
        except (ValueError, KeyError):
            result[path] = None
            continue
        try:
            new = source_lines(absolute.read_bytes())
        except OSError:
            result[path] = set()
            continue
        changed: set[int] = set()
        matcher = difflib.SequenceMatcher(None, old, new, autojunk=False)
        for tag, _, _, j1, j2 in matcher.get_opcodes():
            if tag in ("replace", "insert"):
                changed.update(range(j1 + 1, j2 + 1))
        result[path] = changed
    return result


def only_changed(findings, rev: str, cwd: Path):
    lines = changed_lines(sorted({f.path for f in findings}), rev, cwd)
    return [f for f in findings if lines.get(f.path) is None or f.line in lines[f.path]]
