"""The project's conventions, enforced: one join key per rule across the YAML, the check
module, the fixture folder and the docs; the YAML examples behave; docs are fresh."""

from __future__ import annotations

import re
import subprocess
import sys

import pytest

from pytest_goexit import checks
from pytest_goexit.config import Config
from pytest_goexit.engine import run
from pytest_goexit.ruledocs import render_markdown
from pytest_goexit.rules import LEVELS, load_rules

from .conftest import ROOT, TESTDATA

RULES = load_rules()


def test_codes_are_unique_and_match_file_names():
    names = [r.name for r in RULES.values()]
    assert len(set(names)) == len(names)
    for code, rule in RULES.items():
        assert re.fullmatch(r"GX\d{3}", code)
        assert rule.source == f"{code}-{rule.name}.yaml"
        assert rule.level in LEVELS


@pytest.mark.parametrize("code", sorted(RULES))
def test_rule_has_check_module_and_fixtures(code):
    rule = RULES[code]
    module = checks.load(rule.name)
    assert code == module.CODE
    assert callable(module.check)
    assert (TESTDATA / rule.name).is_dir()


@pytest.mark.parametrize("code", sorted(RULES))
def test_rule_metadata_is_complete(code):
    rule = RULES[code]
    for field in ("summary", "why", "fix", "bad", "good"):
        assert getattr(rule, field).strip(), f"{code}: empty {field}"
    assert rule.references and all(r.startswith("https://") for r in rule.references)
    assert rule.tags


@pytest.mark.parametrize("code", sorted(RULES))
def test_yaml_examples_behave(code, tmp_path):
    """The bad example is flagged by its rule; the good one is clean under every rule."""
    rule = RULES[code]
    name = "example_test.go" if "testing" in rule.tags else "main.go"
    for kind, text in (("bad", rule.bad), ("good", rule.good)):
        (tmp_path / kind).mkdir()
        (tmp_path / kind / name).write_text(text, encoding="utf-8")
    bad = run([str(tmp_path / "bad")], Config(), jobs=1, cwd=tmp_path).findings
    good = run([str(tmp_path / "good")], Config(), jobs=1, cwd=tmp_path).findings
    assert [f.rule for f in bad] == [code], [f"{f.rule} {f.message}" for f in bad]
    assert good == [], [f"{f.rule} {f.message}" for f in good]


def test_rules_doc_is_fresh():
    expected = render_markdown(RULES)
    actual = (ROOT / "docs" / "rules.md").read_text(encoding="utf-8")
    assert actual == expected, "docs/rules.md is stale: run `goexit rules --format markdown > docs/rules.md`"


def test_module_sizes_stay_small():
    """Small modules with one job: flag any module that grows past the limit."""
    for path in (ROOT / "pytest_goexit").rglob("*.py"):
        lines = path.read_text(encoding="utf-8").count("\n")
        assert lines <= 450, f"{path.relative_to(ROOT)} has {lines} lines"


def test_checks_do_no_io_or_subprocesses():
    """Rules read the model: no file access, no subprocesses, no printing."""
    forbidden = re.compile(r"\b(open\(|subprocess|os\.system|print\(|read_text|read_bytes|Path\()")
    for path in (ROOT / "pytest_goexit" / "checks").glob("*.py"):
        assert not forbidden.search(path.read_text(encoding="utf-8")), path.name


def test_console_entry_point_runs():
    proc = subprocess.run(
        [sys.executable, "-m", "pytest_goexit.cli", "rules"], capture_output=True, text=True, cwd=ROOT, timeout=60
    )
    assert proc.returncode == 0
    assert all(code in proc.stdout for code in RULES)
