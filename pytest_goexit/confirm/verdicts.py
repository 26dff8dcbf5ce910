"""Verdicts: what the probe trace and the way the process ended say about a finding.

confirmed    the program did what the rule claims (evidence attached)
refuted      it reached the flagged code and did the right thing: a possible false positive
not-reached  the scenario never got there, so nothing was shown either way
build-failed the instrumented program did not build (compiler output attached)
unsupported  nothing can be run here (a library package, another GOOS): said why
skipped      no Go toolchain
"""

from __future__ import annotations

from pathlib import Path

from .probes import INJECTED_MESSAGE
from .runner import RunResult

RANK = {"confirmed": 4, "refuted": 3, "not-reached": 2, "unsupported": 1, "build-failed": 1, "skipped": 0}


def read_trace(path: Path) -> list[str]:
    try:
        return path.read_text(encoding="utf-8", errors="replace").splitlines()
    except OSError:
        return []


def verdict(name: str, reason: str, result: RunResult | None = None, trace=(), **extra) -> dict:
    evidence = dict(extra)
    if result is not None:
        evidence.update(
            command=result.command,
            exit_status=result.exit_code,
            signal=result.signal,
            timed_out=result.timed_out,
            stderr=result.stderr.strip()[-2000:],
        )
    evidence["trace"] = list(trace)[-50:]
    return {"verdict": name, "reason": reason, "evidence": evidence}


def best(verdicts: list[dict]) -> dict:
    """Across scenarios, the most informative verdict wins."""
    return max(verdicts, key=lambda v: RANK[v["verdict"]])


def _ended(result: RunResult) -> str:
    if result.timed_out:
        return "timed out"
    return f"killed by {result.signal}" if result.signal else f"exit status {result.exit_code}"


def _pending(site, trace: list[str]) -> list[str]:
    return [
        text
        for probe_id, text in site.defers.items()
        if f"registered {probe_id}" in trace and f"ran {probe_id}" not in trace
    ]


def exit_verdict(site, result: RunResult, trace: list[str], expected_status: int | None) -> dict:
    """GX101/GX102/GX103: the flagged exit ran and the process ended there."""
    rule = site.finding.rule
    if f"reached {site.reached}" not in trace:
        return verdict("not-reached", f"the scenario did not reach line {site.finding.line}", result, trace)
    exited = not result.timed_out and result.signal is None
    last = trace[-1] if trace else ""
    if rule == "GX101":
        skipped = _pending(site, trace)
        if exited and skipped:
            return verdict(
                "confirmed",
                f"exited with status {result.exit_code}; deferred calls registered but never run: {', '.join(skipped)}",
                result, trace, defers_skipped=skipped,
            )  # fmt: skip
        registered = [t for i, t in site.defers.items() if f"registered {i}" in trace]
        if registered and not skipped:
            return verdict("refuted", "every registered deferred call ran", result, trace)
        return verdict("not-reached", "no deferred call was registered on this path before the exit", result, trace)
    if not exited:
        return verdict("refuted", f"reached line {site.finding.line} but the process {_ended(result)}", result, trace)
    if last != f"reached {site.reached}":
        return verdict("refuted", f"the program went on after line {site.finding.line}", result, trace)
    if rule == "GX103" and expected_status is not None:
        seen = expected_status & 0xFF
        if result.exit_code == seen:
            return verdict("confirmed", f"the parent saw exit status {seen} for {expected_status}", result, trace)
        return verdict("refuted", f"the parent saw exit status {result.exit_code}", result, trace)
    return verdict("confirmed", f"the process exited at line {site.finding.line} ({_ended(result)})", result, trace)


def raw_exit_verdict(site, result: RunResult, trace: list[str], covered: RunResult, counters: list[str]) -> dict:
    """GX201: the instrumented run reached the raw exit and the process ended there; a
    -cover build of the same scenario, run with GOCOVERDIR, wrote no counter file (on
    this Go, os.Exit does write one)."""
    plain = exit_verdict(site, result, trace, None)
    if plain["verdict"] != "confirmed":
        return plain
    cover = {"cover_exit_status": covered.exit_code, "counters": counters}
    if covered.exit_code != result.exit_code:
        return verdict("not-reached", "the -cover run ended differently", result, trace, **cover)
    if counters:
        return verdict("refuted", "coverage counters were written, as os.Exit does", result, trace, **cover)
    return verdict(
        "confirmed",
        f"exited with status {result.exit_code} at line {site.finding.line} and a -cover build wrote no "
        "coverage counters (os.Exit writes them)",
        result, trace, **cover,
    )  # fmt: skip


def goexit_verdict(site, result: RunResult, trace: list[str]) -> dict:
    """GX202: the runtime's deadlock crash after Goexit on the main goroutine."""
    if f"reached {site.reached}" not in trace:
        return verdict("not-reached", f"the scenario did not reach line {site.finding.line}", result, trace)
    if result.exit_code == 2 and "main called runtime.Goexit" in result.stderr:
        reason = "exit status 2: fatal error: no goroutines (main called runtime.Goexit)"
        return verdict("confirmed", reason, result, trace)
    return verdict("refuted", f"reached runtime.Goexit and the process {_ended(result)}", result, trace)


def inject_verdict(site, result: RunResult, trace: list[str]) -> dict:
    """GX301/GX302: a panic injected where a working recover would catch it."""
    if f"injected {site.inject}" not in trace:
        return verdict("not-reached", "the scenario never reached the injected panic", result, trace)
    died = result.exit_code == 2 and f"{INJECTED_MESSAGE} {site.inject}" in result.stderr
    if not died and result.exit_code == 2 and "panic: " in result.stderr:
        return verdict("not-reached", "another panic ended the process first", result, trace)
    if died:
        skipped = _pending(site, trace)
        extra = f"; main's deferred calls never ran: {', '.join(skipped)}" if skipped else ""
        return verdict("confirmed", f"the injected panic killed the process (exit status 2){extra}", result, trace)
    return verdict("refuted", f"the injected panic was recovered: the process {_ended(result)}", result, trace)


def signal_verdict(site, signal_name: str, result: RunResult, trace: list[str]) -> dict:
    """GX401/GX402: the signal arrives while the program runs: it dies without cleanup."""
    if f"reached {site.reached}" not in trace:
        return verdict("not-reached", f"the program ended before line {site.finding.line}", result, trace)
    if result.signal == signal_name:
        skipped = _pending(site, trace)
        extra = f"; deferred calls never run: {', '.join(skipped)}" if skipped else ""
        return verdict("confirmed", f"killed by {signal_name} with no cleanup{extra}", result, trace)
    return verdict("refuted", f"after {signal_name} the process {_ended(result)}", result, trace)
