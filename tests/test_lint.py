"""The code base stays clean under the linter and formatter configured in pyproject.toml."""

from __future__ import annotations

import shutil
import subprocess

import pytest

from .conftest import ROOT


def ruff() -> list[str]:
    path = shutil.which("ruff")
    if path is None:
        pytest.fail("ruff is part of the test extra: pip install -e '.[test]'")
    return [path]


@pytest.mark.parametrize("command", [["check"], ["format", "--check"]], ids=["lint", "format"])
def test_ruff(command):
    proc = subprocess.run(
        [*ruff(), *command, "pytest_goexit", "tests", "benchmarks"],
        cwd=ROOT, capture_output=True, text=True, timeout=300, check=False,
    )  # fmt: skip
    assert proc.returncode == 0, proc.stdout + proc.stderr
