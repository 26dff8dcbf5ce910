"""--format github: workflow commands that GitHub Actions shows as annotations."""

from __future__ import annotations

from . import ReportContext

_COMMANDS = {"error": "error", "warning": "warning", "note": "notice"}


def _escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(text: str) -> str:
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")


def render(findings, rules, ctx: ReportContext) -> str:
    lines = []
    for f in findings:
        if f.suppressed:
            continue
        props = {
            "file": f.path,
            "line": f.line,
            "col": f.column,
            "endLine": f.end_line,
            "endColumn": f.end_column,
            "title": f"{f.rule} {f.name}",
        }
        rendered = ",".join(f"{key}={_escape_property(str(value))}" for key, value in props.items())
        lines.append(f"::{_COMMANDS[f.level]} {rendered}::{_escape_data(f.message)}")
    return "".join(line + "\n" for line in lines)
