"""`goexit`: a thin argparse shell over the engine, the rule metadata and the reporters."""

from __future__ import annotations

import argparse
import os
import sys
import traceback
from pathlib import Path

from . import __version__, baseline
from .cache import DIRNAME, Cache
from .config import load_config
from .engine import run
from .errors import UsageError
from .reporters import FORMATS, ReportContext, reporter
from .ruledocs import render_explain, render_markdown, render_table
from .rules import LEVELS, load_rules

EXIT_CLEAN, EXIT_FINDINGS, EXIT_USAGE, EXIT_INTERNAL = 0, 1, 2, 3
BUG_HINT = "this is a bug in goexit: please report it with the command and the file that triggered it"


def _codes(value: str) -> list[str]:
    return [c.strip() for c in value.split(",") if c.strip()]


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="goexit", description="Find exit-hygiene bugs in Go code.")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    check = sub.add_parser("check", help="analyse Go packages (default: .)")
    confirm = sub.add_parser("confirm", help="check, then build and run the programs to confirm each finding")
    for command in (check, confirm):
        _check_options(command)
    check.add_argument("--confirm", action="store_true", help="build and run the programs to confirm each finding")

    rules = sub.add_parser("rules", help="list the rules")
    rules.add_argument("--format", choices=("text", "markdown"), default="text")
    explain = sub.add_parser("explain", help="explain one rule: why, example, fix")
    explain.add_argument("code")
    sub.add_parser("version", help="print the version")
    return parser


def _check_options(check: argparse.ArgumentParser) -> None:
    check.add_argument("paths", nargs="*", metavar="PATH", help="files, directories or ./... patterns")
    check.add_argument("--format", choices=FORMATS, default="text")
    check.add_argument("-o", "--output", metavar="FILE", help="write the report to FILE instead of stdout")
    check.add_argument("--select", type=_codes, metavar="CODES", help="only these rule codes or prefixes")
    check.add_argument("--ignore", type=_codes, metavar="CODES", help="skip these rule codes or prefixes")
    check.add_argument(
        "--config", metavar="FILE", help="configuration file (default: nearest .goexit.yaml or pyproject.toml)"
    )
    check.add_argument("--fail-level", choices=LEVELS, help="lowest level that makes the exit status 1")
    check.add_argument("--exit-zero", action="store_true", help="exit 0 even when there are findings")
    check.add_argument("--statistics", action="store_true", help="count findings per rule")
    check.add_argument("--jobs", type=int, metavar="N", help="worker processes (default: cores)")
    check.add_argument("--no-cache", action="store_true", help=f"neither read nor write {DIRNAME}/")
    check.add_argument("-q", "--quiet", action="store_true", help="print findings only, no summary")
    check.add_argument("--baseline", metavar="FILE", help="do not report findings recorded in this baseline")
    check.add_argument("--write-baseline", metavar="FILE", help="record the current findings as a baseline")
    check.add_argument("--new-from-rev", metavar="REV", help="only findings on lines added or changed since REV")
    check.add_argument(
        "--sarif-include-suppressed", action="store_true", help="keep suppressed findings in SARIF (marked)"
    )


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        if args.command in ("check", "confirm"):
            return _check(args)
        if args.command == "rules":
            rules = load_rules()
            sys.stdout.write(render_markdown(rules) if args.format == "markdown" else render_table(rules))
            return EXIT_CLEAN
        if args.command == "explain":
            rule = load_rules().get(args.code.upper())
            if rule is None:
                print(f"goexit: unknown rule code {args.code!r} (see `goexit rules`)", file=sys.stderr)
                return EXIT_USAGE
            sys.stdout.write(render_explain(rule))
            return EXIT_CLEAN
        if args.command == "version":
            print(f"goexit {__version__}")
            return EXIT_CLEAN
        parser.print_help()
        return EXIT_USAGE
    except UsageError as exc:
        print(f"goexit: error: {exc}", file=sys.stderr)
        return EXIT_USAGE
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        return EXIT_CLEAN
    except Exception:
        traceback.print_exc()
        print(f"goexit: internal error: {BUG_HINT}", file=sys.stderr)
        return EXIT_INTERNAL


def _check(args) -> int:
    config = load_config(args.config)
    if args.select:
        config.select = tuple(args.select)
    if args.ignore:
        config.ignore = config.ignore + tuple(args.ignore)
    if args.fail_level:
        config.fail_level = args.fail_level
    if args.jobs is not None and args.jobs < 1:
        raise UsageError("--jobs must be at least 1")
    cache = None if args.no_cache else Cache(Path(config.path).parent if config.path else Path.cwd())
    with _ProgressBar("goexit check", "dir") as progress:
        result = run(args.paths, config, jobs=args.jobs, cache=cache, progress=progress)
    cwd = Path.cwd()
    findings = result.findings
    fixed = None
    if args.new_from_rev:
        from .changes import only_changed  # git access (dulwich) only when asked for

        findings = only_changed(findings, args.new_from_rev, cwd)
    if args.baseline:
        findings, fixed = baseline.apply(findings, baseline.read_fingerprints(args.baseline))
    if args.write_baseline:
        baseline.write(args.write_baseline, findings)
    if args.command == "confirm" or args.confirm:
        _confirm(findings, config, cwd, args.jobs or os.cpu_count() or 1)
    threshold = LEVELS.index(config.fail_level)
    failing = [f for f in findings if not f.suppressed and LEVELS.index(f.level) >= threshold]
    if result.internal_errors:
        status = EXIT_INTERNAL
    else:
        status = EXIT_FINDINGS if failing and not args.exit_zero else EXIT_CLEAN
    to_tty = args.output is None and sys.stdout.isatty()
    ctx = ReportContext(
        version=__version__,
        files=result.files,
        packages=result.packages,
        color=to_tty and not os.environ.get("NO_COLOR"),
        statistics=args.statistics,
        quiet=args.quiet,
        extra={
            "exit_code": status,
            "execution_successful": not result.internal_errors,
            "sarif_include_suppressed": args.sarif_include_suppressed,
            "baseline_fixed": fixed,
            "root": cwd,
        },
    )
    report = reporter(args.format)(findings, result.rules, ctx)
    if args.output:
        try:
            Path(args.output).write_text(report, encoding="utf-8")
        except OSError as exc:
            raise UsageError(f"{args.output}: cannot write: {exc.strerror or exc}") from None
    else:
        sys.stdout.write(report)
    for message in result.internal_errors:
        print(f"goexit: internal error: {message}; {BUG_HINT}", file=sys.stderr)
    return status


def _confirm(findings, config, cwd: Path, jobs: int) -> None:
    from .confirm.session import confirm_findings, plan_count

    with _ProgressBar("goexit confirm", "package") as progress:
        confirm_findings(findings, config, cwd, jobs=jobs, progress=progress(plan_count(findings)))


class _ProgressBar:
    """A tqdm bar on stderr, only on a terminal and only for long runs."""

    MIN_ITEMS = 20

    def __init__(self, description: str, unit: str):
        self.description, self.unit, self.bar = description, unit, None

    def __enter__(self):
        return self

    def __call__(self, total: int):
        if sys.stderr.isatty() and (total >= self.MIN_ITEMS or self.unit == "package"):
            from tqdm import tqdm

            self.bar = tqdm(total=total, desc=self.description, unit=self.unit, leave=False)
            return lambda: self.bar.update(1)
        return lambda: None

    def __exit__(self, *exc):
        if self.bar is not None:
            self.bar.close()


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
