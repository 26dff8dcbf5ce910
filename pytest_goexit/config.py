""".goexit.yaml or [tool.goexit] in pyproject.toml: found, parsed, validated.

Every error names the file and the line of the offending key, so a CI log points straight
at it.
"""

from __future__ import annotations

import fnmatch
import hashlib
import json
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path

from ruamel.yaml import YAML
from ruamel.yaml.error import YAMLError

from .errors import ConfigError
from .rules import LEVELS, load_rules

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - exercised on Python 3.10 only
    import tomli as tomllib

CONFIG_NAMES = (".goexit.yaml", ".goexit.yml")
_CODE_PREFIX = re.compile(r"^(ALL|GX\d{0,3})$")


@dataclass
class Config:
    path: str | None = None  # the file it came from
    root: Path = field(default_factory=Path.cwd)  # per-path patterns are relative to it
    select: tuple[str, ...] = ("ALL",)
    ignore: tuple[str, ...] = ()
    per_path_ignores: dict[str, tuple[str, ...]] = field(default_factory=dict)
    exclude: tuple[str, ...] = ()
    rules: dict[str, dict] = field(default_factory=dict)
    exit_functions: tuple[str, ...] = ()
    signal_helpers: tuple[str, ...] = ()
    goroutine_launchers: tuple[str, ...] = ()
    safe_launchers: tuple[str, ...] = ()
    fail_level: str = "warning"
    confirm: dict = field(default_factory=dict)

    def enabled(self, code: str) -> bool:
        def matches(patterns):
            return any(p == "ALL" or code.startswith(p) for p in patterns)

        return matches(self.select) and not matches(self.ignore)

    def ignored_at(self, code: str, relpath: str) -> bool:
        return any(
            fnmatch.fnmatch(relpath, pattern) and any(p == "ALL" or code.startswith(p) for p in codes)
            for pattern, codes in self.per_path_ignores.items()
        )

    def excluded(self, relpath: str) -> bool:
        return any(
            fnmatch.fnmatch(relpath, pattern) or fnmatch.fnmatch(relpath, pattern.rstrip("/") + "/*")
            for pattern in self.exclude
        )

    def options(self, code: str) -> dict:
        rule = load_rules()[code]
        values = {name: spec.get("default") for name, spec in rule.options.items()}
        values.update(self.rules.get(code, {}))
        return values

    def digest(self) -> str:
        """A hash of everything that changes findings: part of cache keys."""
        data = {k: v for k, v in self.__dict__.items() if k not in ("path", "root")}
        return hashlib.sha256(json.dumps(data, sort_keys=True, default=str).encode()).hexdigest()[:16]


def find_config(start: Path) -> Path | None:
    """The nearest .goexit.yaml, or pyproject.toml with [tool.goexit], from start upward."""
    for directory in (start, *start.parents):
        for name in CONFIG_NAMES:
            if (directory / name).is_file():
                return directory / name
        pyproject = directory / "pyproject.toml"
        if pyproject.is_file() and re.search(r"^\[tool\.goexit[\].]", _read(pyproject), re.M):
            return pyproject
    return None


def load_config(path: str | Path | None = None, start: Path | None = None) -> Config:
    if path is None:
        found = find_config((start or Path.cwd()).resolve())
        if found is None:
            return Config()
        path = found
    path = Path(path)
    if not path.is_file():
        raise ConfigError(f"{path}: configuration file not found")
    text = _read(path)
    if path.name.endswith(".toml"):
        try:
            data = tomllib.loads(text).get("tool", {}).get("goexit", {})
        except tomllib.TOMLDecodeError as exc:
            raise ConfigError(f"{path}: {exc}") from None
        return _validate(data, path, lambda key_path: _toml_line(text, key_path))
    try:
        data = YAML(typ="rt").load(text)
    except YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"{path}:{mark.line + 1}" if mark is not None else str(path)
        raise ConfigError(f"{where}: invalid YAML: {getattr(exc, 'problem', exc)}") from None
    if data is None:
        data = {}
    return _validate(data, path, lambda key_path: _yaml_line(data, key_path))


def _read(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"{path}: cannot read: {exc}") from None


def _yaml_line(data, key_path: tuple) -> int | None:
    node, line = data, None
    for key in key_path:
        lc = getattr(node, "lc", None)
        try:
            if lc is not None:
                line = (lc.key(key) if isinstance(key, str) else lc.item(key))[0] + 1
            node = node[key]
        except (KeyError, IndexError, TypeError, AttributeError):
            break
    return line


def _toml_line(text: str, key_path: tuple) -> int | None:
    # TOML ends lines at "\n" only: str.splitlines also splits at characters a comment or
    # a string may hold (U+0085, U+2028), and would number the lines after them wrong.
    lines = text.split("\n")
    start = next((i for i, line in enumerate(lines) if re.match(r"\s*\[tool\.goexit[\].]", line)), None)
    if start is None:
        return None
    keys = [k for k in key_path if isinstance(k, str)]
    for key in reversed(keys):
        pattern = re.compile(rf"^\s*(\[tool\.goexit\.)?[\"']?{re.escape(key)}[\"']?\s*[=\]]")
        for i in range(start, len(lines)):
            if pattern.match(lines[i]):
                return i + 1
    return start + 1


class _Validator:
    def __init__(self, path: Path, line_of):
        self.path = path
        self.line_of = line_of
        self.codes = load_rules()

    def fail(self, key_path: tuple, message: str):
        line = self.line_of(key_path)
        where = f"{self.path}:{line}" if line else str(self.path)
        name = ".".join(str(k) for k in key_path)
        raise ConfigError(f"{where}: {name}: {message}")

    def strings(self, value, key_path) -> tuple[str, ...]:
        if isinstance(value, str):
            value = [value]
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            self.fail(key_path, "expected a list of strings")
        return tuple(value)

    def codes_list(self, value, key_path) -> tuple[str, ...]:
        codes = self.strings(value, key_path)
        for i, code in enumerate(codes):
            if not _CODE_PREFIX.match(code) or (len(code) == 5 and code not in self.codes):
                self.fail(key_path + (i,), f"unknown rule code {code!r} (see `goexit rules`)")
            if code != "ALL" and not any(c.startswith(code) for c in self.codes):
                self.fail(key_path + (i,), f"no rule code starts with {code!r}")
        return codes


def _validate(data, path: Path, line_of) -> Config:
    v = _Validator(path, line_of)
    if not isinstance(data, dict):
        v.fail((), "expected a mapping of settings")
    config = Config(path=str(path), root=path.resolve().parent)
    handlers = {
        "select": lambda val, k: setattr(config, "select", v.codes_list(val, k)),
        "ignore": lambda val, k: setattr(config, "ignore", v.codes_list(val, k)),
        "exclude": lambda val, k: setattr(config, "exclude", v.strings(val, k)),
        "exit-functions": lambda val, k: setattr(config, "exit_functions", v.strings(val, k)),
        "signal-helpers": lambda val, k: setattr(config, "signal_helpers", v.strings(val, k)),
        "goroutine-launchers": lambda val, k: setattr(config, "goroutine_launchers", v.strings(val, k)),
        "safe-launchers": lambda val, k: setattr(config, "safe_launchers", v.strings(val, k)),
        "per-path-ignores": lambda val, k: _per_path(config, v, val, k),
        "rules": lambda val, k: _rule_options(config, v, val, k),
        "fail-level": lambda val, k: _fail_level(config, v, val, k),
        "confirm": lambda val, k: _confirm(config, v, val, k),
    }
    for key, value in data.items():
        handler = handlers.get(key)
        if handler is None:
            v.fail((key,), f"unknown setting (known: {', '.join(sorted(handlers))})")
        handler(value, (key,))
    return config


def _per_path(config, v, value, key_path):
    if not isinstance(value, dict):
        v.fail(key_path, "expected a mapping of path patterns to rule codes")
    config.per_path_ignores = {str(p): v.codes_list(codes, key_path + (p,)) for p, codes in value.items()}


def _fail_level(config, v, value, key_path):
    if value not in LEVELS:
        v.fail(key_path, f"expected one of {', '.join(LEVELS)}, got {value!r}")
    config.fail_level = value


def _rule_options(config, v, value, key_path):
    if not isinstance(value, dict):
        v.fail(key_path, "expected a mapping of rule codes to options")
    for code, options in value.items():
        here = key_path + (code,)
        if code not in v.codes:
            v.fail(here, f"unknown rule code {code!r}")
        if not isinstance(options, dict):
            v.fail(here, "expected a mapping of options")
        spec = v.codes[code].options
        for name, option in options.items():
            if name not in spec:
                known = ", ".join(sorted(spec)) or "none"
                v.fail(here + (name,), f"unknown option for {code} (known: {known})")
            kind = spec[name].get("type")
            if kind == "bool" and not isinstance(option, bool):
                v.fail(here + (name,), f"expected true or false, got {option!r}")
            if kind == "enum" and option not in spec[name].get("values", ()):
                v.fail(here + (name,), f"expected one of {', '.join(spec[name]['values'])}, got {option!r}")
        config.rules[code] = dict(options)


_SCENARIO_KEYS = {
    "package": str,
    "args": list,
    "env": dict,
    "stdin": str,
    "timeout": (int, float),
    "signal-after": (int, float),
}


def _confirm(config, v, value, key_path):
    if not isinstance(value, dict):
        v.fail(key_path, "expected a mapping")
    for key, item in value.items():
        here = key_path + (key,)
        if key == "timeout":
            if not isinstance(item, (int, float)) or isinstance(item, bool) or item <= 0:
                v.fail(here, "expected a positive number of seconds")
        elif key == "scenarios":
            if not isinstance(item, list):
                v.fail(here, "expected a list of scenarios")
            for i, scenario in enumerate(item):
                if not isinstance(scenario, dict):
                    v.fail(here + (i,), "expected a mapping")
                for skey, sval in scenario.items():
                    kind = _SCENARIO_KEYS.get(skey)
                    if kind is None:
                        v.fail(here + (i, skey), f"unknown scenario key (known: {', '.join(sorted(_SCENARIO_KEYS))})")
                    if not isinstance(sval, kind) or isinstance(sval, bool):
                        v.fail(here + (i, skey), "wrong type")
        else:
            v.fail(here, "unknown setting (known: scenarios, timeout)")
    config.confirm = json.loads(json.dumps(value))  # plain dicts and lists, no ruamel types
