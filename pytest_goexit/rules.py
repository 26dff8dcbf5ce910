"""Rule metadata: one YAML per rule under rules/, shipped inside the wheel."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from pathlib import Path

from ruamel.yaml import YAML

LEVELS = ("note", "warning", "error")
DOCS_URL = "https://github.com/pytest-goexit/pytest-goexit/blob/main/docs/rules.md"


@dataclass(frozen=True)
class Rule:
    code: str
    name: str
    summary: str
    level: str
    precision: str
    tags: tuple[str, ...]
    why: str
    fix: str
    confirm: str
    references: tuple[str, ...]
    bad: str
    good: str
    options: dict = field(default_factory=dict, hash=False, compare=False)
    source: str = ""  # the YAML file name

    @property
    def anchor(self) -> str:
        return f"{self.code.lower()}-{self.name}"

    @property
    def help_uri(self) -> str:
        return f"{DOCS_URL}#{self.anchor}"

    @property
    def fix_line(self) -> str:
        """The first sentence of the fix advice, on one line."""
        flat = " ".join(self.fix.split())
        end = flat.find(". ")
        return flat if end < 0 else flat[: end + 1]


def _rules_dir():
    packaged = resources.files("pytest_goexit").joinpath("rules")
    if packaged.is_dir():
        return packaged
    # A source checkout: the YAML lives at the repository root and is mapped into the
    # package only when a wheel is built.
    return Path(__file__).resolve().parent.parent / "rules"


@lru_cache(maxsize=1)
def load_rules() -> dict[str, Rule]:
    yaml = YAML(typ="safe")
    rules: dict[str, Rule] = {}
    for entry in sorted(_rules_dir().iterdir(), key=lambda p: p.name):
        if not entry.name.endswith(".yaml"):
            continue
        data = yaml.load(entry.read_text(encoding="utf-8"))
        rule = Rule(
            code=data["code"],
            name=data["name"],
            summary=data["summary"].strip(),
            level=data["level"],
            precision=data.get("precision", "high"),
            tags=tuple(data.get("tags", ())),
            why=data["why"].strip(),
            fix=data["fix"].strip(),
            confirm=data.get("confirm", "").strip(),
            references=tuple(data.get("references", ())),
            bad=data["examples"]["bad"],
            good=data["examples"]["good"],
            options=dict(data.get("options") or {}),
            source=entry.name,
        )
        rules[rule.code] = rule
    return rules
