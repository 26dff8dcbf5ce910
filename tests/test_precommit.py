"""The pre-commit hook, driven by the real pre-commit against this repository."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys

from .conftest import ROOT

BAD = 'package main\n\nimport (\n\t"fmt"\n\t"os"\n)\n\nfunc main() {\n\tdefer fmt.Println()\n\tos.Exit(1)\n}\n'
GOOD = "package util\n\nfunc Add(a, b int) int { return a + b }\n"


def test_hook_fails_on_bad_code_and_passes_on_clean(tmp_path):
    work = tmp_path / "gorepo"
    (work / "cmd").mkdir(parents=True)
    (work / "util").mkdir()
    (work / "cmd" / "main.go").write_text(BAD)
    (work / "util" / "util.go").write_text(GOOD)
    git = ["git", "-c", "user.email=t@example.invalid", "-c", "user.name=t"]
    subprocess.run([*git, "init", "-q"], cwd=work, check=True)
    subprocess.run([*git, "add", "."], cwd=work, check=True)
    subprocess.run([*git, "commit", "-q", "-m", "init"], cwd=work, check=True)
    env = dict(os.environ, PRE_COMMIT_HOME=str(tmp_path / "pre-commit-home"))
    pre_commit = shutil.which("pre-commit") or f"{sys.executable} -m pre_commit"

    def try_repo(*files):
        return subprocess.run(
            [*pre_commit.split(), "try-repo", str(ROOT), "goexit", "--files", *files],
            cwd=work, env=env, capture_output=True, text=True, timeout=900, check=False,
        )  # fmt: skip

    bad = try_repo("cmd/main.go")
    assert bad.returncode == 1, bad.stdout + bad.stderr
    assert "cmd/main.go:10:2: GX101 os.Exit exits without running 1 pending defer" in bad.stdout
    good = try_repo("util/util.go")
    assert good.returncode == 0, good.stdout + good.stderr
    assert "Passed" in good.stdout
    # The hook writes no report files; its cache directory ignores itself in git.
    assert not list(work.glob("*.sarif")) and not list(work.glob("*.json"))
    status = subprocess.run(["git", "status", "--porcelain"], cwd=work, capture_output=True, text=True, check=True)
    assert status.stdout == ""
