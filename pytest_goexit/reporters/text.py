"""Human output like ruff or rustc: location, message, the source line with a caret
underline, a help line; a summary at the end."""

from __future__ import annotations

from collections import Counter

from . import ReportContext

_COLORS = {"error": "31", "warning": "33", "note": "36", "bold": "1", "dim": "2", "help": "32"}


def _paint(text: str, style: str, on: bool) -> str:
    return f"\x1b[{_COLORS[style]}m{text}\x1b[0m" if on else text


def _underline(f) -> tuple[str, str]:
    line = f.source_line.expandtabs(4)
    raw = f.source_line
    # Columns count code points of the raw line; tabs widen when expanded for display.
    start = len(raw[: f.column - 1].expandtabs(4))
    end_col = f.end_column if f.end_line == f.line else len(raw) + 1
    end = len(raw[: max(end_col - 1, f.column)].expandtabs(4))
    return line, " " * start + "^" * max(end - start, 1)


def render_finding(f, rules, color: bool = False) -> str:
    rule = rules.get(f.rule)
    head = f"{_paint(f'{f.path}:{f.line}:{f.column}:', 'bold', color)} {_paint(f.rule, f.level, color)} {f.message}"
    out = [head]
    if f.source_line:
        width = len(str(f.line))
        line, carets = _underline(f)
        out.append(f"{' ' * width} |")
        out.append(f"{f.line} | {line}")
        out.append(f"{' ' * width} | {_paint(carets, f.level, color)}")
    for r in f.related:
        out.append(f"  = note: {r.path}:{r.line}:{r.column}: {r.message}")
    if f.fix:
        out.append(f"  = {_paint('help', 'help', color)}: {f.fix}")
    if rule is not None:
        out.append(f"  = {_paint('help', 'help', color)}: {rule.fix_line}")
    if f.confirmation:
        c = f.confirmation
        out.append(f"  = confirm: {_paint(c['verdict'], 'bold', color)}: {c.get('reason', '')}")
        evidence = c.get("evidence") or {}
        if evidence.get("command"):
            out.append(f"    command: {' '.join(evidence['command'])}")
    return "\n".join(out)


def _count(n: int, word: str) -> str:
    return f"{n} {word}" if n == 1 else f"{n} {word}s"


def render(findings, rules, ctx: ReportContext) -> str:
    active = [f for f in findings if not f.suppressed]
    parts = [render_finding(f, rules, ctx.color) + "\n" for f in active]
    counts = Counter(f.rule for f in active)
    if ctx.statistics and counts:
        width = max(len(str(n)) for n in counts.values())
        for code, n in sorted(counts.items()):
            name = rules[code].name if code in rules else ""
            parts.append(f"{n:>{width}}  {code}  {name}")
        parts.append("")
    fixed = ctx.extra.get("baseline_fixed")
    if ctx.statistics and fixed:
        parts.append(f"{_count(fixed, 'baseline finding')} fixed since the baseline was written\n")
    if ctx.quiet:
        return "\n".join(parts)
    suppressed = len(findings) - len(active)
    summary = f"Found {_count(len(active), 'finding')} in {_count(ctx.files, 'file')}"
    summary += f" ({_count(ctx.packages, 'package')})"
    if suppressed:
        summary += f"; {suppressed} suppressed"
    if not active:
        summary = _paint("All clear: ", "help", ctx.color) + summary[0].lower() + summary[1:]
    parts.append(summary + ".")
    return "\n".join(parts) + "\n"
