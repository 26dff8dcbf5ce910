"""The benchmarks keep working and keep measuring what they say (nothing here is timed)."""

from __future__ import annotations

import importlib.util
import re
import subprocess
import sys
from pathlib import Path

from pytest_goexit.config import Config
from pytest_goexit.discovery import discover

BENCHMARKS = Path(__file__).resolve().parent.parent / "benchmarks"
EXAMPLES = Path(__file__).resolve().parent.parent / "examples"


def _module(name: str):
    spec = importlib.util.spec_from_file_location(name, BENCHMARKS / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_the_floor_parses_the_files_the_check_reads(tmp_path):
    for path in (
        "a.go",
        "a_test.go",
        "notes.txt",
        "_skipped.go",
        ".hidden.go",
        "sub/b.go",
        "sub/deeper/c.go",
        "vendor/v/v.go",
        "testdata/t.go",
        "_build/x.go",
        ".git/y.go",
        "sub/testdata/z.go",
    ):
        (tmp_path / path).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / path).write_text("package p\n")
    floor = _module("parse_floor")
    for root in (tmp_path, EXAMPLES):
        checked = {Path(s.real) for s in discover([str(root)], Config(), root)[0]}
        assert {Path(p) for p in floor.go_files(str(root))} == checked
    assert {Path(p).relative_to(tmp_path).as_posix() for p in floor.go_files(str(tmp_path))} == {
        "a.go",
        "a_test.go",
        "sub/b.go",
        "sub/deeper/c.go",
    }


def test_bench_check_prints_every_figure(tmp_path):
    out = subprocess.run(
        [sys.executable, str(BENCHMARKS / "bench_check.py"), str(EXAMPLES), "--repeat", "1", "--synthetic", "2"],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        timeout=600,
    )
    assert out.returncode == 0, out.stderr
    figures = {line[:13].strip(): line for line in out.stdout.splitlines()}  # names are padded to 13
    for name in ("floor", "floor in-proc", "cold", "cold cpu", "cold/in-proc", "warm", "one-changed", "peak-rss"):
        assert re.match(rf"{re.escape(name)} +\d+(\.\d+)? (s|x|MB)", figures[name]), figures.get(name)
    assert len([line for line in out.stdout.splitlines() if line.startswith("synthetic")]) == 3
    assert re.match(r"targets +(met|NOT met)$", out.stdout.splitlines()[-1])


def test_phases_prints_each_step_and_what_no_step_covers():
    out = subprocess.run(
        [sys.executable, str(BENCHMARKS / "phases.py"), str(EXAMPLES)],
        capture_output=True,
        text=True,
        timeout=600,
        check=True,
    ).stdout
    lines = out.splitlines()
    assert re.match(r"corpus .*examples: 6 files checked, 0\.00 MB of them parsed$", lines[0])
    shares = {}
    for line in lines[1:]:
        step, share = re.match(r"(\S.*?)\s+\d+\.\d\d s\s+(-?\d+\.\d) %", line).groups()
        shares[step] = float(share)
    steps = set(shares) - {"total", "other"}
    assert {"read files", "parse", "file top levels", "selection", "modelling, picked", "checks"} <= steps
    assert shares["total"] == 100.0
    assert abs(sum(shares[s] for s in steps) + shares["other"] - 100.0) < 0.1 * len(shares)
