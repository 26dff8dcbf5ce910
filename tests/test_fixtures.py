"""Every rule's Go fixtures: bad packages produce exactly the `// want`ed findings, good
packages of near-misses produce none, and every fixture package is real Go that vets."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest

from pytest_goexit.config import Config, load_config
from pytest_goexit.engine import run
from pytest_goexit.rules import load_rules

from .conftest import ROOT, TESTDATA
from .wants import compare, parse_wants

RULE_DIRS = sorted(p for p in TESTDATA.iterdir() if p.is_dir())
FIXTURE_PACKAGES = sorted(d for rule in RULE_DIRS for d in rule.iterdir() if d.is_dir())
# go vet's own analyzers that overlap with rules here: their bad fixtures trip them by design.
VET_OVERLAPS = ("-testinggoroutine=false", "-sigchanyzer=false")


def _findings(directory: Path):
    # A fixture folder may carry its own .goexit.yaml (rule options); otherwise defaults.
    config = load_config(directory / ".goexit.yaml") if (directory / ".goexit.yaml").exists() else Config()
    return run([str(directory)], config, jobs=1, cwd=ROOT).findings


def _wants(directory: Path):
    wants = []
    for go_file in sorted(directory.glob("*.go")):
        wants += parse_wants(go_file, go_file.relative_to(ROOT).as_posix())
    return wants


@pytest.mark.parametrize("package", FIXTURE_PACKAGES, ids=lambda p: p.relative_to(TESTDATA).as_posix())
def test_fixture_package(package: Path):
    wants = _wants(package)
    if package.name.startswith("bad"):
        assert wants, f"{package}: a bad fixture must carry // want comments"
    else:
        assert not wants, f"{package}: a good fixture must be clean, it has wants"
    findings = [f for f in _findings(package) if not f.suppressed]
    missed, unwanted = compare(wants, findings)
    report = [f"want nobody met: {w}" for w in missed]
    report += [f"finding nobody wanted: {f.path}:{f.line}: {f.rule} {f.message}" for f in unwanted]
    assert not report, "\n".join(report)


def test_every_rule_has_bad_and_good_fixtures():
    names = {rule.name for rule in load_rules().values()}
    assert {d.name for d in RULE_DIRS} == names
    for directory in RULE_DIRS:
        kinds = {d.name.rstrip("abcdefghijklmnopqrstuvwxyz") or d.name for d in directory.iterdir() if d.is_dir()}
        assert any(d.name.startswith("bad") for d in directory.iterdir()), directory
        assert any(d.name.startswith("good") for d in directory.iterdir()), directory
        assert kinds


def _packages_for(goos: str) -> list[str]:
    chosen = []
    for package in FIXTURE_PACKAGES:
        if package.parent.name == "parse-error" and package.name == "bad":
            continue  # the one fixture that must not compile
        files = [p.name for p in package.glob("*.go")]
        windows_only = all(n.endswith(("_windows.go", "_windows_test.go")) for n in files)
        if (goos == "windows") == windows_only or (goos == "windows" and any(n.endswith("_windows.go") for n in files)):
            chosen.append("./" + package.relative_to(TESTDATA).as_posix())
    return chosen


@pytest.mark.parametrize("goos", ["linux", "windows"])
def test_fixtures_are_real_go(go, goos):
    """go vet type-checks every fixture package: bad files must build, not only parse."""
    env = dict(os.environ, GOOS=goos, GOFLAGS="-mod=mod")
    if goos == "windows":
        env["CGO_ENABLED"] = "0"
    packages = _packages_for(goos)
    assert packages
    proc = subprocess.run(
        [go, "vet", *VET_OVERLAPS, *packages], cwd=TESTDATA, env=env, capture_output=True, text=True, timeout=600
    )
    assert proc.returncode == 0, proc.stderr
