"""Baselines for adopting goexit in a big repository: write down today's findings once,
then report only new ones. The file is YAML; rewriting it keeps comments people added."""

from __future__ import annotations

from pathlib import Path

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.error import YAMLError

from .errors import ConfigError

HEADER = (
    "goexit baseline: findings known when this file was written.\n"
    "`goexit check --baseline FILE` does not report them; regenerate with --write-baseline."
)


def _yaml() -> YAML:
    yaml = YAML(typ="rt")
    yaml.indent(mapping=2, sequence=4, offset=2)
    return yaml


def _load(path: Path):
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise ConfigError(f"{path}: cannot read baseline: {exc.strerror or exc}") from None
    try:
        data = _yaml().load(text)
    except YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"{path}:{mark.line + 1}" if mark is not None else str(path)
        raise ConfigError(f"{where}: malformed baseline: {getattr(exc, 'problem', exc)}") from None
    if not isinstance(data, dict) or not isinstance(data.get("findings"), list):
        raise ConfigError(f"{path}:1: malformed baseline: expected a mapping with a 'findings' list")
    for i, entry in enumerate(data["findings"]):
        if not isinstance(entry, dict) or not isinstance(entry.get("fingerprint"), str):
            line = data["findings"].lc.item(i)[0] + 1
            raise ConfigError(f"{path}:{line}: malformed baseline entry: expected a mapping with a 'fingerprint'")
    return data


def read_fingerprints(path: str | Path) -> set[str]:
    return {entry["fingerprint"] for entry in _load(Path(path))["findings"]}


def apply(findings, known: set[str]):
    """(findings not in the baseline, number of baseline entries no longer found)."""
    fresh = [f for f in findings if f.fingerprint not in known]
    seen = {f.fingerprint for f in findings}
    return fresh, len(known - seen)


def write(path: str | Path, findings) -> None:
    path = Path(path)
    data = _load(path) if path.exists() else None
    if data is None:
        data = CommentedMap()
        data.yaml_set_start_comment(HEADER)
    previous = {entry["fingerprint"]: entry for entry in data.get("findings") or []}
    entries = CommentedSeq()
    for f in findings:
        if f.suppressed:
            continue
        entry = previous.get(f.fingerprint)
        if entry is None:
            entry = CommentedMap(fingerprint=f.fingerprint, rule=f.rule, path=f.path, message=f.message)
        entries.append(entry)
    data["findings"] = entries
    try:
        with path.open("w", encoding="utf-8") as handle:
            _yaml().dump(data, handle)
    except OSError as exc:
        raise ConfigError(f"{path}: cannot write baseline: {exc.strerror or exc}") from None
