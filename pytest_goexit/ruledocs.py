"""Documentation rendered from rules/*.yaml: the rule table, docs/rules.md, `goexit explain`."""

from __future__ import annotations

from .rules import Rule


def render_table(rules: dict[str, Rule]) -> str:
    width = max(len(r.name) for r in rules.values())
    lines = [f"{r.code}  {r.name:<{width}}  {r.level:<7}  {r.summary}" for r in rules.values()]
    return "\n".join(lines) + "\n"


def _example(title: str, code: str) -> str:
    return f"{title}:\n\n```go\n{code.rstrip()}\n```\n"


def render_markdown(rules: dict[str, Rule]) -> str:
    out = [
        "# goexit rules",
        "",
        "<!-- Generated from rules/*.yaml by `goexit rules --format markdown`; do not edit. -->",
        "",
        "| code | name | level | summary |",
        "|---|---|---|---|",
    ]
    for r in rules.values():
        out.append(f"| [{r.code}](#{r.anchor}) | {r.name} | {r.level} | {r.summary} |")
    out.append("")
    for r in rules.values():
        out += [f"## {r.code} {r.name}", "", f"**{r.summary}** Level: `{r.level}`. Tags: {', '.join(r.tags)}.", ""]
        out += ["### Why", "", r.why, "", "### Fix", "", r.fix, ""]
        if r.options:
            out += ["### Options", ""]
            for name, spec in r.options.items():
                out.append(f"- `{name}` (default `{spec.get('default')}`): {spec.get('description', '')}")
            out.append("")
        if r.confirm and r.confirm != "none":
            out += ["### Confirmation", "", r.confirm, ""]
        out += ["### Example", "", _example("Flagged", r.bad), _example("Clean", r.good)]
        if r.references:
            out += ["### References", ""] + [f"- <{ref}>" for ref in r.references] + [""]
    return "\n".join(out)


def render_explain(rule: Rule) -> str:
    return "\n".join(
        [
            f"{rule.code} {rule.name} ({rule.level})",
            "",
            rule.summary,
            "",
            rule.why,
            "",
            _example("Flagged", rule.bad),
            _example("Clean", rule.good),
            "Fix: " + rule.fix,
            "",
            f"More: {rule.help_uri}",
            "",
        ]
    )
