"""Where a cold check's CPU time goes, step by step: every directory checked in this one
process, in turn (as `goexit check --jobs 1 --no-cache` does, with a worker's garbage
collection settings), and the CPU time of each step summed, without the steps it calls.

    python benchmarks/phases.py          # GOROOT/src of the installed Go
    python benchmarks/phases.py PATH

One line per step, the biggest first: seconds, share of the run, calls. What no step
covers is the engine's own work (`other`). A profile, not a verdict: bench_check.py
measures the check against the parse floor. Run it on a quiet machine, and compare the
shares rather than the seconds.
"""

from __future__ import annotations

import argparse
import subprocess
import time
from collections import Counter
from contextlib import contextmanager
from pathlib import Path

from pytest_goexit import engine, model, modelling, parse, selection, unparsed
from pytest_goexit.config import load_config

# (module or class, attribute, step): the functions timed. A step's time excludes the
# timed functions it calls (a tree parsed again inside the selection counts as parsing).
# The parse is imported by name into model and unparsed: each binding is timed.
STEPS = (
    (engine, "read_sources", "read files"),
    (parse, "parse", "parse"),
    (model, "parse", "parse, declarations alone"),  # stubs of functions not modelled
    (unparsed, "parse", "parse, declarations alone"),
    (parse.Trees, "release", "free trees"),
    (modelling, "set_aside", "set aside generated files"),
    (modelling, "settle", "link files set aside"),
    (modelling, "file_top", "file top levels"),
    (selection, "select", "selection"),
    (modelling, "_modelled", "modelling"),  # split below: first pass, or something picked
    (modelling, "add_stubs", "stubs read alone"),
    (engine, "check_directory", "checks"),
)


class Clock:
    """CPU time per step, each step's own (its timed callees' time taken off)."""

    def __init__(self):
        self.seconds: Counter[str] = Counter()
        self.calls: Counter[str] = Counter()
        self.parsed = 0  # bytes of whole files parsed
        self._inner: list[float] = []  # per open step: time of the timed steps it called

    def timed(self, step: str, function):
        def wrapper(*args, **kwargs):
            self._inner.append(0.0)
            start = time.process_time()
            try:
                return function(*args, **kwargs)
            finally:
                elapsed = time.process_time() - start
                inner = self._inner.pop()
                label = step
                if step == "parse":
                    self.parsed += len(args[0])
                elif step == "modelling":  # _modelled(source, data, interest, callables, root, pick, ...)
                    pick = args[5]
                    label = "modelling, first pass" if pick is not None and pick.is_empty() else "modelling, picked"
                self.seconds[label] += elapsed - inner
                self.calls[label] += 1
                if self._inner:
                    self._inner[-1] += elapsed

        return wrapper


@contextmanager
def timing(clock: Clock):
    originals = [(owner, name, getattr(owner, name)) for owner, name, _ in STEPS]
    try:
        for (owner, name, step), (_, _, function) in zip(STEPS, originals, strict=True):
            setattr(owner, name, clock.timed(step, function))
        yield clock
    finally:
        for owner, name, function in originals:
            setattr(owner, name, function)


def profile(root: Path) -> tuple[Clock, float, int]:
    """The clock, the run's CPU seconds and the number of files checked."""
    config = load_config(start=root)
    engine._worker_started()  # a worker's garbage collection settings
    with timing(Clock()) as clock:
        start = time.process_time()
        result = engine.run([str(root)], config, jobs=1, cwd=root)
        total = time.process_time() - start
    return clock, total, result.files


def report(clock: Clock, total: float) -> list[str]:
    lines = [f"{'total':26s} {total:7.2f} s  100.0 %"]
    steps = sorted(clock.seconds.items(), key=lambda item: -item[1])
    for step, seconds in steps:
        lines.append(f"{step:26s} {seconds:7.2f} s  {100 * seconds / total:5.1f} %  {clock.calls[step]} calls")
    other = total - sum(clock.seconds.values())
    lines.append(f"{'other':26s} {other:7.2f} s  {100 * other / total:5.1f} %")
    return lines


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("root", nargs="?")
    args = parser.parse_args()
    if args.root is None:
        goroot = subprocess.run(["go", "env", "GOROOT"], capture_output=True, text=True, check=False).stdout.strip()
        if not goroot:
            parser.error("no corpus given and `go env GOROOT` failed")
        args.root = str(Path(goroot) / "src")
    root = Path(args.root).resolve()
    clock, total, files = profile(root)
    print(f"corpus {root}: {files} files checked, {clock.parsed / 1e6:.2f} MB of them parsed")
    print("\n".join(report(clock, total)))


if __name__ == "__main__":
    main()
