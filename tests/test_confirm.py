"""Confirm: every bad fixture's finding is proven by running the program, a wrong finding
is refuted, and nothing is left behind: the source tree, processes and temp dirs."""

from __future__ import annotations

import hashlib
import signal
import tempfile
import time
from pathlib import Path

import pytest

from pytest_goexit.cli import main
from pytest_goexit.config import Config, load_config
from pytest_goexit.confirm.plan import STRATEGIES
from pytest_goexit.confirm.runner import build, run_process
from pytest_goexit.confirm.session import confirm_findings
from pytest_goexit.engine import run

from .conftest import RECOVERED_THROUGH_INTERFACE, ROOT, TESTDATA

# Bad fixtures of rules that have a confirm strategy, and the verdict each finding must get.
CONFIRMABLE = sorted(
    d for d in TESTDATA.glob("*/bad*") if d.is_dir() and d.parent.name not in ("parse-error", "failnow-in-goroutine")
)


def confirm_dir(directory: Path):
    config_file = directory / ".goexit.yaml"
    config = load_config(config_file) if config_file.exists() else Config()
    findings = run([str(directory)], config, jobs=1, cwd=ROOT).findings
    confirm_findings(findings, config, ROOT, jobs=2)
    return findings


def tree_digest(root: Path) -> str:
    digest = hashlib.sha256()
    for path in sorted(root.rglob("*")):
        if path.is_file() and ".goexit_cache" not in path.parts:
            digest.update(path.relative_to(root).as_posix().encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()


@pytest.fixture
def own_tmp(tmp_path_factory, monkeypatch) -> Path:
    """A temp directory of this test's own, for this process and the programs it runs:
    under pytest-xdist another worker's confirm has its goexit-* directories in the
    shared one meanwhile."""
    own = tmp_path_factory.mktemp("tmp")
    monkeypatch.setattr(tempfile, "tempdir", str(own))
    monkeypatch.setenv("TMPDIR", str(own))
    return own


@pytest.mark.parametrize("directory", CONFIRMABLE, ids=lambda d: d.relative_to(TESTDATA).as_posix())
def test_bad_fixture_findings_are_confirmed(directory, go, own_tmp):
    before_tree = tree_digest(TESTDATA)
    findings = confirm_dir(directory)
    assert findings
    for f in findings:
        where = f"{f.path}:{f.line} {f.rule}"
        if f.rule not in STRATEGIES:
            assert f.confirmation is None, where
        elif f.goos == "windows":
            assert f.confirmation["verdict"] == "unsupported", where
            assert "builds for GOOS=windows" in f.confirmation["reason"], f.confirmation
        elif directory.parent.name == "deep-exit" and not f.path.endswith("_test.go"):
            assert f.confirmation["verdict"] == "unsupported", where  # a library: no program to run
        else:
            assert f.confirmation["verdict"] == "confirmed", (where, f.confirmation)
            assert f.confirmation["evidence"]["command"] and "trace" in f.confirmation["evidence"]
    assert tree_digest(TESTDATA) == before_tree, "confirm changed the source tree"
    assert not list(own_tmp.glob("goexit-*")), "confirm left temp dirs behind"


def test_good_fixtures_have_nothing_to_confirm():
    for directory in sorted(TESTDATA.glob("*/good*")):
        assert [f for f in confirm_dir(directory) if f.confirmation] == [], directory


def test_injected_panic_caught_by_a_real_recover_is_refuted(tmp_path, go):
    (tmp_path / "go.mod").write_text("module example.com/recovered\n\ngo 1.22\n")
    (tmp_path / "main.go").write_text(RECOVERED_THROUGH_INTERFACE)
    findings = run(["."], Config(), jobs=1, cwd=tmp_path).findings
    assert [f.rule for f in findings] == ["GX301"]
    confirm_findings(findings, Config(), tmp_path)
    verdict = findings[0].confirmation
    assert verdict["verdict"] == "refuted", verdict
    assert "recovered" in verdict["reason"]


IGNORES_SIGTERM = """package main

import (
	"os/exec"
	"os/signal"
	"syscall"
	"time"
)

func main() {
	signal.Ignore(syscall.SIGTERM)
	child := exec.Command("sleep", "300")
	_ = child.Start()
	time.Sleep(300 * time.Second)
}
"""


def test_timeout_kills_the_whole_process_group(tmp_path, go, own_tmp):
    (tmp_path / "go.mod").write_text("module example.com/stubborn\n\ngo 1.22\n")
    (tmp_path / "main.go").write_text(IGNORES_SIGTERM)
    program = build(tmp_path, tmp_path)
    start = time.monotonic()
    result = program.run(timeout=1.0, send_signal=("SIGTERM", 0.5))
    assert result.timed_out and result.signal == "SIGKILL"
    assert time.monotonic() - start < 10
    time.sleep(0.2)
    assert live_members(result.extra["pgid"]) == [], "a process of the group survived (the sleep child?)"
    assert not list(own_tmp.glob("goexit-*")), "the run left its temp dir behind"


def live_members(group: int) -> list[int]:
    """Processes in this process group that are not zombies (a zombie is dead, only not
    yet reaped by whoever inherited it)."""
    alive = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        state, pgid = fields[0], int(fields[2])
        if pgid == group and state != "Z":
            alive.append(int(stat.parent.name))
    return alive


def test_run_process_feeds_stdin_and_closes_it_otherwise():
    echoed = run_process(["cat"], stdin="hello\n", timeout=5)
    assert echoed.stdout == "hello\n" and echoed.exit_code == 0
    closed = run_process(["cat"], timeout=5)
    assert closed.stdout == "" and closed.exit_code == 0
    killed = run_process(["sleep", "5"], timeout=5, send_signal=("SIGTERM", 0.2))
    assert killed.signal == signal.Signals.SIGTERM.name


def test_cli_confirm_reports_the_verdict(monkeypatch, capsys, go):
    monkeypatch.chdir(TESTDATA / "goexit-in-main" / "bad")
    assert main(["confirm", "--no-cache", "--format", "json", "."]) == 1
    import json

    doc = json.loads(capsys.readouterr().out)
    verdicts = {f["line"]: f["confirmation"]["verdict"] for f in doc["findings"]}
    assert verdicts == {11: "confirmed", 18: "confirmed"}
    assert main(["check", "--no-cache", "--confirm", "."]) == 1
    assert "= confirm: confirmed: exit status 2: fatal error: no goroutines" in capsys.readouterr().out
