"""--format json: the stable, documented machine format (DESIGN §5)."""

from __future__ import annotations

import json
from collections import Counter

from . import ReportContext


def render(findings, rules, ctx: ReportContext) -> str:
    active = [f for f in findings if not f.suppressed]
    document = {
        "tool": "goexit",
        "version": ctx.version,
        "findings": [f.to_json() for f in findings],
        "summary": {
            "files": ctx.files,
            "packages": ctx.packages,
            "findings": len(active),
            "suppressed": len(findings) - len(active),
            "by_rule": dict(sorted(Counter(f.rule for f in active).items())),
        },
    }
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"
