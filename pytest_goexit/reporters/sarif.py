"""--format sarif: SARIF 2.1.0 for GitHub code scanning, reviewdog and other consumers."""

from __future__ import annotations

import json
from pathlib import Path
from urllib.parse import quote

from . import ReportContext

SCHEMA = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
INFORMATION_URI = "https://github.com/pytest-goexit/pytest-goexit"
# GitHub code scanning keeps at most this many results per run.
MAX_RESULTS = 25_000
_LEVELS = {"error": "error", "warning": "warning", "note": "note"}


def _uri(path: str) -> str:
    return quote(path, safe="/")


def _location(path: str, line: int, column: int, end_line: int | None = None, end_column: int | None = None) -> dict:
    region = {"startLine": line, "startColumn": column}
    if end_line is not None:
        region["endLine"] = end_line
    if end_column is not None:
        region["endColumn"] = end_column
    return {
        "physicalLocation": {
            "artifactLocation": {"uri": _uri(path), "uriBaseId": "%SRCROOT%"},
            "region": region,
        }
    }


def _rule(rule) -> dict:
    markdown = (
        f"{rule.why}\n\n**Fix.** {rule.fix}\n\n**Flagged:**\n\n```go\n{rule.bad.rstrip()}\n```\n\n"
        f"[Documentation]({rule.help_uri})"
    )
    return {
        "id": rule.code,
        "name": rule.name,
        "shortDescription": {"text": rule.summary},
        "fullDescription": {"text": " ".join(rule.why.split())},
        "help": {"text": f"{' '.join(rule.why.split())}\n\nFix: {' '.join(rule.fix.split())}", "markdown": markdown},
        "helpUri": rule.help_uri,
        "defaultConfiguration": {"level": _LEVELS[rule.level]},
        "properties": {"tags": list(rule.tags), "precision": rule.precision},
    }


def _result(f, index: dict[str, int], include_suppressed: bool) -> dict:
    result = {
        "ruleId": f.rule,
        "ruleIndex": index[f.rule],
        "level": _LEVELS[f.level],
        "message": {"text": f.message},
        "locations": [_location(f.path, f.line, f.column, f.end_line, f.end_column)],
        "partialFingerprints": {"primaryLocationLineHash": f.fingerprint},
    }
    if f.related:
        result["relatedLocations"] = [
            {"id": i, **_location(r.path, r.line, r.column), "message": {"text": r.message}}
            for i, r in enumerate(f.related, start=1)
        ]
    if f.chain:
        steps = [{"location": {**_location(s.path, s.line, s.column), "message": {"text": s.message}}} for s in f.chain]
        result["codeFlows"] = [{"threadFlows": [{"locations": steps}]}]
    if f.confirmation is not None:
        result["properties"] = {"confirmation": f.confirmation}
    if include_suppressed and f.suppressed:
        result["suppressions"] = [{"kind": "inSource"}]
    return result


def render(findings, rules, ctx: ReportContext) -> str:
    include_suppressed = bool(ctx.extra.get("sarif_include_suppressed"))
    shown = [f for f in findings if include_suppressed or not f.suppressed]
    ordered = list(rules.values())
    index = {rule.code: i for i, rule in enumerate(ordered)}
    notifications = []
    if len(shown) > MAX_RESULTS:
        notifications.append(
            {
                "level": "warning",
                "message": {
                    "text": f"{len(shown)} results; only the first {MAX_RESULTS} are included "
                    "(GitHub code scanning keeps at most that many per run)"
                },
            }
        )
        shown = shown[:MAX_RESULTS]
    invocation = {"executionSuccessful": bool(ctx.extra.get("execution_successful", True))}
    if "exit_code" in ctx.extra:
        invocation["exitCode"] = ctx.extra["exit_code"]
    if notifications:
        invocation["toolExecutionNotifications"] = notifications
    root = Path(ctx.extra.get("root", Path.cwd())).resolve().as_uri().rstrip("/") + "/"
    log = {
        "$schema": SCHEMA,
        "version": "2.1.0",
        "runs": [
            {
                "tool": {
                    "driver": {
                        "name": "goexit",
                        "version": ctx.version,
                        "semanticVersion": ctx.version,
                        "informationUri": INFORMATION_URI,
                        "rules": [_rule(rule) for rule in ordered],
                    }
                },
                "invocations": [invocation],
                "originalUriBaseIds": {"%SRCROOT%": {"uri": root}},
                "columnKind": "unicodeCodePoints",
                "results": [_result(f, index, include_suppressed) for f in shown],
            }
        ],
    }
    return json.dumps(log, indent=2, ensure_ascii=False) + "\n"
