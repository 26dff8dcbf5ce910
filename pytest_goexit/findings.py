"""The Finding: a rule hit placed in a file, with the rule's metadata and its fate
(suppressed, confirmed) attached. What every reporter renders."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field


@dataclass
class RelatedLocation:
    path: str
    line: int
    column: int
    message: str


@dataclass
class Finding:
    rule: str
    name: str
    level: str
    path: str
    line: int
    column: int
    end_line: int
    end_column: int
    message: str
    related: list[RelatedLocation] = field(default_factory=list)
    chain: list[RelatedLocation] = field(default_factory=list)  # call chain, for codeFlows
    fingerprint: str = ""
    suppressed: bool = False
    confirmation: dict | None = None
    source_line: str = ""  # the flagged line of source, for text output and fingerprints
    fix: str = ""  # finding-specific advice, shown before the rule's own
    goos: str = ""  # the file only builds for this GOOS

    def to_json(self) -> dict:
        data = asdict(self)
        for internal in ("chain", "source_line", "fix", "goos"):
            data.pop(internal)
        return data

    @property
    def sort_key(self):
        return (self.path, self.line, self.column, self.rule, self.message)
