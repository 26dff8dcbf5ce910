"""The built wheel carries the rule metadata: installed into a fresh virtualenv, away
from this source tree, `goexit rules` and `goexit check` work."""

from __future__ import annotations

import subprocess
import sys
import venv
import zipfile

import pytest_goexit

from .conftest import ROOT


def test_wheel_installs_and_runs(tmp_path):
    dist = tmp_path / "dist"
    subprocess.run(
        [sys.executable, "-m", "build", "--wheel", "--outdir", str(dist), str(ROOT)],
        check=True, capture_output=True, timeout=600,
    )  # fmt: skip
    (wheel,) = dist.glob("pytest_goexit-*.whl")
    assert wheel.name.startswith(f"pytest_goexit-{pytest_goexit.__version__}-")  # the version has one source
    names = zipfile.ZipFile(wheel).namelist()
    assert "pytest_goexit/rules/GX101-exit-skips-defer.yaml" in names

    env_dir = tmp_path / "venv"
    venv.EnvBuilder(with_pip=True).create(env_dir)
    python = env_dir / "bin" / "python"
    subprocess.run([python, "-m", "pip", "install", "-q", str(wheel)], check=True, capture_output=True, timeout=600)
    goexit = env_dir / "bin" / "goexit"
    work = tmp_path / "elsewhere"
    work.mkdir()
    rules = subprocess.run([goexit, "rules"], cwd=work, capture_output=True, text=True, timeout=60, check=False)
    assert rules.returncode == 0, rules.stderr
    assert "GX404  unbuffered-signal-channel" in rules.stdout
    (work / "main.go").write_text('package main\n\nimport "syscall"\n\nfunc main() { syscall.Exit(1) }\n')
    check = subprocess.run([goexit, "check", "."], cwd=work, capture_output=True, text=True, timeout=60, check=False)
    assert check.returncode == 1 and "GX201" in check.stdout, check.stdout + check.stderr
