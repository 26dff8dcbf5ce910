"""examples/ is what the README quickstart runs: the bad programs are flagged, their
fixed versions are clean, and every one of them is a Go module that vets."""

from __future__ import annotations

import subprocess

import pytest

from pytest_goexit.config import Config
from pytest_goexit.engine import run

from .conftest import ROOT

EXAMPLES = sorted(p.parent for p in (ROOT / "examples").glob("*/*/go.mod"))


def test_there_are_bad_and_fixed_examples():
    kinds = {p.name for p in EXAMPLES}
    assert kinds == {"bad", "fixed"} and len(EXAMPLES) >= 6


@pytest.mark.parametrize("example", EXAMPLES, ids=lambda p: p.relative_to(ROOT / "examples").as_posix())
def test_example(example, go):
    findings = run([str(example)], Config(), jobs=1, cwd=ROOT).findings
    if example.name == "bad":
        assert findings, f"{example} shows no finding"
    else:
        assert findings == [], [f"{f.rule} {f.path}:{f.line} {f.message}" for f in findings]
    vet = subprocess.run([go, "vet", "./..."], cwd=example, capture_output=True, text=True, timeout=300, check=False)
    assert vet.returncode == 0, vet.stderr
