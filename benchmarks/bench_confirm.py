"""Time of `goexit confirm` against a plain `go build` + run of the same programs.

    python benchmarks/bench_confirm.py          # the bad fixtures of tests/testdata

For every fixture package with findings to confirm: the baseline builds the package once
with `go build` and runs it once per scenario (same arguments and environment); confirm
builds the instrumented program (and a -cover build for raw exits) and runs what its
strategies need. Both start from a warm Go build cache. Target: confirm <= 1.5 x baseline.
"""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from pytest_goexit.config import Config, load_config  # noqa: E402
from pytest_goexit.confirm.plan import STRATEGIES  # noqa: E402
from pytest_goexit.confirm.runner import build, run_process  # noqa: E402
from pytest_goexit.confirm.session import confirm_findings, confirmable  # noqa: E402
from pytest_goexit.engine import run  # noqa: E402

TARGET = 1.5


def fixtures() -> list[Path]:
    testdata = ROOT / "tests" / "testdata"
    return sorted(d for d in testdata.glob("*/bad*") if d.is_dir() and d.parent.name != "parse-error")


def baseline(directory: Path, config: Config, findings) -> float:
    """Build what confirm builds (the program, the test binary for TestMain findings) and
    run each scenario once; long-running programs get SIGTERM once started, as confirm does."""
    scenarios = [s for s in (config.confirm or {}).get("scenarios", [])] or [{}]
    is_main = any("package main" in p.read_text(encoding="utf-8") for p in directory.glob("*.go"))
    modes = sorted({f.path.endswith("_test.go") for f in findings if is_main or f.path.endswith("_test.go")})
    long_running = any(STRATEGIES[f.rule] == "signal" for f in findings)
    start = time.perf_counter()
    with tempfile.TemporaryDirectory() as out:
        for test_binary in modes:
            program = build(directory, Path(out), test_binary=test_binary)
            for scenario in scenarios:
                run_process(
                    [str(program.binary), *scenario.get("args", [])],
                    env=scenario.get("env"),
                    timeout=10,
                    send_signal=("SIGTERM", 0.3) if long_running else None,
                )
    return time.perf_counter() - start


def main() -> int:
    total_base = total_confirm = 0.0
    for directory in fixtures():
        config_file = directory / ".goexit.yaml"
        config = load_config(config_file) if config_file.exists() else Config()
        findings = [f for f in run([str(directory)], config, jobs=1, cwd=ROOT).findings if confirmable(f)]
        if not findings or all(f.goos not in ("", "linux") for f in findings):
            continue  # nothing to run here (another GOOS only)
        baseline(directory, config, findings)  # warm the build cache for both
        base = baseline(directory, config, findings)
        start = time.perf_counter()
        confirm_findings(findings, config, ROOT, jobs=1)
        spent = time.perf_counter() - start
        total_base += base
        total_confirm += spent
        name = directory.relative_to(ROOT / "tests" / "testdata").as_posix()
        print(f"{name:<40} {spent / base:5.2f} x  ({len(findings)} findings, {spent:.2f} s vs {base:.2f} s)")
    ratio = total_confirm / total_base
    print(f"{'total':<40} {ratio:5.2f} x  target <= {TARGET} ({total_confirm:.2f} s vs {total_base:.2f} s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
