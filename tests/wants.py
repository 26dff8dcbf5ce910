"""`// want` comments in Go fixtures, in the style of go/analysis analysistest.

`// want GX101` expects one GX101 finding on that line; `// want GX101 "regex"` also
requires the message to match; several codes expect several findings.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

_WANT = re.compile(r"//\s*want\s+(?P<spec>.*)$")
_TOKEN = re.compile(r'\s*(?:(?P<code>GX\d{3})|"(?P<regex>(?:[^"\\]|\\.)*)")')


@dataclass
class Want:
    path: str
    line: int
    code: str
    regex: str | None

    def matches(self, finding) -> bool:
        return (
            finding.path == self.path
            and finding.line == self.line
            and finding.rule == self.code
            and (self.regex is None or re.search(self.regex, finding.message) is not None)
        )

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.code}" + (f' "{self.regex}"' if self.regex else "")


def parse_wants(path: Path, shown: str) -> list[Want]:
    wants: list[Want] = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        match = _WANT.search(line)
        if match is None:
            continue
        spec, pos = match.group("spec"), 0
        while pos < len(spec.rstrip()):
            token = _TOKEN.match(spec, pos)
            if token is None:
                raise ValueError(f"{shown}:{number}: malformed want comment: {spec!r}")
            if token.group("code"):
                wants.append(Want(shown, number, token.group("code"), None))
            elif not wants or wants[-1].line != number or wants[-1].regex is not None:
                raise ValueError(f"{shown}:{number}: a want regex must follow a rule code")
            else:
                wants[-1].regex = token.group("regex")
            pos = token.end()
    return wants


def compare(wants: list[Want], findings) -> tuple[list[Want], list]:
    """(wants nobody met, findings nobody wanted)."""
    unmatched = list(findings)
    missed = []
    for want in wants:
        hit = next((f for f in unmatched if want.matches(f)), None)
        if hit is None:
            missed.append(want)
        else:
            unmatched.remove(hit)
    return missed, unmatched
