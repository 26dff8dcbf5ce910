from __future__ import annotations

import shutil
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
TESTDATA = ROOT / "tests" / "testdata"


@pytest.fixture(scope="session")
def go() -> str:
    """The Go toolchain. The fixture tests need it: a missing `go` fails, it never skips."""
    path = shutil.which("go")
    if path is None:
        pytest.fail("the Go toolchain is required for this test: put `go` on PATH")
    return path
