"""`goexit` as users run it: exit statuses, formats, options, messages."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from pytest_goexit.cli import main

BAD = """package main

import (
	"fmt"
	"os"
)

func main() {
	defer fmt.Println("cleanup")
	os.Exit(1)
}
"""

CLEAN = """package main

import "os"

func main() {
	os.Exit(1)
}
"""


@pytest.fixture
def repo(tmp_path, monkeypatch):
    (tmp_path / "cmd" / "app").mkdir(parents=True)
    (tmp_path / "cmd" / "app" / "main.go").write_text(BAD)
    (tmp_path / "cmd" / "ok").mkdir()
    (tmp_path / "cmd" / "ok" / "main.go").write_text(CLEAN)
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("NO_COLOR", raising=False)
    return tmp_path


def test_findings_exit_1_with_source_and_caret(repo, capsys):
    assert main(["check", "./..."]) == 1
    out = capsys.readouterr().out
    assert "cmd/app/main.go:10:2: GX101 os.Exit exits without running 1 pending defer" in out
    assert "10 |     os.Exit(1)" in out
    assert "  |     ^^^^^^^^^^" in out
    assert "= help: Return an error (or an exit code) to `main` and exit there, after the defers have run.\n" in out
    assert "Found 1 finding in 2 files (2 packages)." in out
    assert "\x1b[" not in out  # not a TTY: no colour


def test_clean_exit_0(repo, capsys):
    assert main(["check", "cmd/ok"]) == 0
    assert "All clear" in capsys.readouterr().out


def test_exit_zero_and_select_ignore(repo, capsys):
    assert main(["check", "--exit-zero", "."]) == 0
    assert main(["check", "--ignore", "GX101", "."]) == 0
    assert main(["check", "--select", "GX4", "."]) == 0
    assert main(["check", "--select", "GX1", "."]) == 1


def test_fail_level_error_lets_warnings_pass(repo, capsys):
    (repo / "lib").mkdir()
    (repo / "lib" / "lib.go").write_text('package lib\n\nimport "os"\n\nfunc Die() { os.Exit(1) }\n')
    assert main(["check", "--fail-level", "error", "lib"]) == 0
    assert main(["check", "lib"]) == 1  # default fail level: warning


def test_json_contract(repo, capsys):
    assert main(["check", "--format", "json", "."]) == 1
    doc = json.loads(capsys.readouterr().out)
    assert doc["tool"] == "goexit" and doc["version"]
    (finding,) = doc["findings"]
    assert list(finding) == [
        "rule", "name", "level", "path", "line", "column", "end_line", "end_column",
        "message", "related", "fingerprint", "suppressed", "confirmation",
    ]  # fmt: skip
    assert finding["path"] == "cmd/app/main.go"
    assert (finding["line"], finding["column"], finding["end_line"], finding["end_column"]) == (10, 2, 10, 12)
    assert finding["related"] == [
        {"path": "cmd/app/main.go", "line": 9, "column": 2, "message": "deferred here, skipped by os.Exit"}
    ]
    assert finding["suppressed"] is False and finding["confirmation"] is None
    assert doc["summary"] == {"files": 2, "packages": 2, "findings": 1, "suppressed": 0, "by_rule": {"GX101": 1}}


def test_output_file_and_statistics(repo, capsys):
    assert main(["check", "--statistics", "-o", "report.txt", "."]) == 1
    text = (repo / "report.txt").read_text()
    assert "1  GX101  exit-skips-defer" in text
    assert capsys.readouterr().out == ""


def test_quiet_prints_findings_only(repo, capsys):
    main(["check", "-q", "."])
    out = capsys.readouterr().out
    assert "GX101" in out and "Found" not in out


def test_named_file_reports_only_that_file(repo, capsys):
    (repo / "cmd" / "app" / "other.go").write_text(
        'package main\n\nimport (\n\t"fmt"\n\t"os"\n)\n\nfunc other() {\n\tdefer fmt.Println()\n\tos.Exit(2)\n}\n'
    )
    assert main(["check", "--format", "json", "cmd/app/other.go"]) == 1
    doc = json.loads(capsys.readouterr().out)
    assert {f["path"] for f in doc["findings"]} == {"cmd/app/other.go"}


def test_named_file_gets_interprocedural_context(repo, capsys):
    (repo / "pkg").mkdir()
    (repo / "pkg" / "a.go").write_text(
        'package main\n\nimport "fmt"\n\nfunc main() {\n\tdefer fmt.Println()\n\tfail()\n}\n'
    )
    (repo / "pkg" / "b.go").write_text('package main\n\nimport "os"\n\nfunc fail() { os.Exit(1) }\n')
    assert main(["check", "--format", "json", "pkg/a.go"]) == 1
    doc = json.loads(capsys.readouterr().out)
    assert [f["message"][:40] for f in doc["findings"]] == ["call to fail may exit (fail → os.Exit) w"]


def test_missing_path_is_usage_error(repo, capsys):
    assert main(["check", "nope/"]) == 2
    err = capsys.readouterr().err
    assert "nope/: no such file or directory" in err and "Traceback" not in err


def test_rules_explain_version(capsys):
    assert main(["rules"]) == 0
    assert "GX101  exit-skips-defer" in capsys.readouterr().out
    assert main(["explain", "gx302"]) == 0
    out = capsys.readouterr().out
    assert "defer recover()" in out and "Fix:" in out
    assert main(["explain", "GX999"]) == 2
    assert "unknown rule code" in capsys.readouterr().err
    assert main(["version"]) == 0
    assert capsys.readouterr().out.startswith("goexit ")


def test_colour_only_on_tty_and_never_with_no_color(repo):
    script = "import sys; from pytest_goexit.cli import main; sys.exit(main(['check', '.']))"
    env = dict(os.environ)
    env.pop("NO_COLOR", None)
    # Through a pseudo-terminal the report is coloured; NO_COLOR turns it off.
    pty = pytest.importorskip("pty")
    for no_color, expect in ((None, True), ("1", False)):
        if no_color:
            env["NO_COLOR"] = no_color
        out = _run_in_pty(pty, [sys.executable, "-c", script], env, repo)
        assert ("\x1b[" in out) is expect, out


def _run_in_pty(pty, argv, env, cwd) -> str:
    pid, fd = pty.fork()
    if pid == 0:  # child
        os.chdir(cwd)
        os.execve(argv[0], argv, env)
    chunks = []
    while True:
        try:
            data = os.read(fd, 4096)
        except OSError:
            break
        if not data:
            break
        chunks.append(data)
    os.waitpid(pid, 0)
    return b"".join(chunks).decode("utf-8", "replace")


def test_console_script_installed():
    exe = Path(sys.executable).with_name("goexit")
    cmd = [str(exe)] if exe.exists() else [sys.executable, "-m", "pytest_goexit.cli"]
    proc = subprocess.run([*cmd, "version"], capture_output=True, text=True, timeout=60, check=False)
    assert proc.returncode == 0 and proc.stdout.startswith("goexit ")


def test_python_api(repo):
    import pytest_goexit

    findings = pytest_goexit.check(["cmd"])
    assert [(f.rule, f.path, f.line) for f in findings] == [("GX101", "cmd/app/main.go", 10)]
