"""//goexit:ignore and //nolint: findings are kept and marked, not dropped."""

from __future__ import annotations

from pytest_goexit.config import Config
from pytest_goexit.engine import run

SOURCE = """package main

import (
	"fmt"
	"os"
)

func a() {
	defer fmt.Println()
	os.Exit(1) //goexit:ignore GX101 exiting is intended here
}

func b() {
	defer fmt.Println()
	//nolint:goexit // legacy
	os.Exit(2)
}

func c() {
	defer fmt.Println()
	os.Exit(300) //goexit:ignore GX103
}

func d() {
	defer fmt.Println()
	os.Exit(3) //nolint:errcheck
}

func main() { a(); b(); c(); d() }
"""


def test_suppressions(tmp_path):
    (tmp_path / "main.go").write_text(SOURCE)
    findings = run([str(tmp_path)], Config(), jobs=1, cwd=tmp_path).findings
    state = {(f.line, f.rule): f.suppressed for f in findings}
    assert state == {
        (10, "GX101"): True,  # same line, code listed
        (16, "GX101"): True,  # //nolint:goexit on the line above
        (21, "GX101"): False,  # only GX103 is ignored there
        (21, "GX103"): True,
        (26, "GX101"): False,  # //nolint for another linter
    }
