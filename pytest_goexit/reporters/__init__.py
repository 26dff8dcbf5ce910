"""Reporters: pure functions (findings, rules, context) -> str. No I/O here."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class ReportContext:
    version: str
    files: int = 0
    packages: int = 0
    color: bool = False
    statistics: bool = False
    quiet: bool = False  # findings only, no summary
    extra: dict = field(default_factory=dict)


def reporter(name: str):
    from . import github, json_report, sarif, text

    return {"text": text.render, "json": json_report.render, "sarif": sarif.render, "github": github.render}[name]


FORMATS = ("text", "json", "sarif", "github")
