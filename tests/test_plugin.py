"""`pytest --goexit` driven through pytester: items, outcomes, selection, cache, xdist,
junitxml, and the goexit_build fixture."""

from __future__ import annotations

import pytest

from .conftest import RECOVERED_THROUGH_INTERFACE

pytest_plugins = ["pytester"]

BAD = 'package main\n\nimport (\n\t"fmt"\n\t"os"\n)\n\nfunc main() {\n\tdefer fmt.Println()\n\tos.Exit(1)\n}\n'
CLEAN = "package lib\n\nfunc Add(a, b int) int { return a + b }\n"
WARN_ONLY = 'package lib\n\nimport "os"\n\nfunc Die() { os.Exit(1) }\n'

# Counts analyses: a conftest in the test project wraps the engine call of the plugin.
COUNTING_CONFTEST = """
import pathlib
import pytest_goexit.plugin as plugin

# In-process pytester runs import this conftest again: wrap the original only once.
_real = getattr(plugin, "_uncounted_run", plugin.run)
plugin._uncounted_run = _real

def _counting(paths, *args, **kwargs):
    with open(pathlib.Path(__file__).parent / "analysed.log", "a") as log:
        log.write(paths[0].rsplit("/", 2)[-2] + "\\n")
    return _real(paths, *args, **kwargs)

plugin.run = _counting
"""


@pytest.fixture
def project(pytester):
    pytester.makefile(".go", **{"cmd/app/main": BAD, "lib/lib": CLEAN, "vendor/x/x": BAD, "testdata/t": BAD})
    pytester.makeconftest(COUNTING_CONFTEST)
    pytester.makepyfile(test_python="def test_python_side():\n    assert 1 + 1 == 2\n")
    yield pytester
    import pytest_goexit.plugin as plugin

    if hasattr(plugin, "_uncounted_run"):  # undo the in-process runs' wrapping
        plugin.run = plugin._uncounted_run
        del plugin._uncounted_run


def analysed(pytester) -> list[str]:
    log = pytester.path / "analysed.log"
    return log.read_text().split() if log.exists() else []


def test_off_by_default(project):
    result = project.runpytest("-p", "no:legacypath")
    result.assert_outcomes(passed=1)
    assert analysed(project) == []


def test_one_item_per_package_with_findings(project):
    result = project.runpytest("--goexit", "-p", "no:legacypath", "-v")
    result.assert_outcomes(passed=2, failed=1)  # python test + lib pass; cmd/app fails
    result.stdout.fnmatch_lines(
        [
            "cmd/app::goexit:main FAILED*",
            "lib::goexit:lib PASSED*",
            "*cmd/app/main.go:10:2: GX101 os.Exit exits without running 1 pending defer*",
            "*goexit: 2 Go packages checked; GX101: 1",
        ]
    )
    assert "vendor" not in result.stdout.str() and "testdata" not in result.stdout.str()


def test_select_by_k_and_marker(project):
    result = project.runpytest("--goexit", "-k", "lib", "-p", "no:legacypath")
    result.assert_outcomes(passed=1)
    result = project.runpytest("--goexit", "-m", "goexit", "-p", "no:legacypath")
    result.assert_outcomes(passed=1, failed=1)


def test_ini_options(project):
    project.makeini("[pytest]\ngoexit_ignore = GX101\n")
    project.runpytest("--goexit", "-p", "no:legacypath").assert_outcomes(passed=3)
    project.makefile(".go", **{"lib/die": WARN_ONLY})
    project.makeini("[pytest]\ngoexit_ignore = GX101\ngoexit_fail_level = error\n")
    project.runpytest("--goexit", "--cache-clear").assert_outcomes(passed=3)
    project.makeini("[pytest]\ngoexit_ignore = GX101\n")
    project.runpytest("--goexit").assert_outcomes(passed=2, failed=1)


def test_shared_config_file(project):
    (project.path / ".goexit.yaml").write_text("ignore: [GX101]\n")
    project.runpytest("--goexit").assert_outcomes(passed=3)
    (project.path / ".goexit.yaml").write_text("bogus: 1\n")
    result = project.runpytest("--goexit")
    result.stderr.fnmatch_lines(["*.goexit.yaml:1: bogus: unknown setting*"])


def test_cache_skips_unchanged_packages(project):
    project.runpytest("--goexit").assert_outcomes(passed=2, failed=1)
    assert sorted(analysed(project)) == ["app", "lib"]
    # Unchanged: replayed from the cache, same outcomes, nothing analysed, nothing skipped.
    project.runpytest("--goexit").assert_outcomes(passed=2, failed=1)
    assert sorted(analysed(project)) == ["app", "lib"]
    # A changed file invalidates its package only.
    (project.path / "lib" / "lib.go").write_text(CLEAN + "\nfunc Sub(a, b int) int { return a - b }\n")
    project.runpytest("--goexit").assert_outcomes(passed=2, failed=1)
    assert sorted(analysed(project)) == ["app", "lib", "lib"]
    # A config change invalidates every package.
    project.makeini("[pytest]\ngoexit_ignore = GX404\n")
    project.runpytest("--goexit").assert_outcomes(passed=2, failed=1)
    assert len(analysed(project)) == 5
    project.runpytest("--goexit", "--cache-clear").assert_outcomes(passed=2, failed=1)
    assert len(analysed(project)) == 7
    project.runpytest("--goexit", "-p", "no:cacheprovider").assert_outcomes(passed=2, failed=1)
    assert len(analysed(project)) == 9


def test_xdist_same_items_each_package_once(project):
    pytest.importorskip("xdist")
    result = project.runpytest_subprocess("--goexit", "-n", "2", "-p", "no:cacheprovider")
    result.assert_outcomes(passed=2, failed=1)
    result.stdout.fnmatch_lines(["*goexit: 2 Go packages checked; GX101: 1"])
    assert sorted(analysed(project)) == ["app", "lib"]


def test_junitxml_carries_findings(project):
    project.runpytest("--goexit", "--junitxml=report.xml")
    xml = (project.path / "report.xml").read_text()
    assert 'name="goexit:main"' in xml
    assert "GX101 os.Exit exits without running 1 pending defer" in xml


GO_PROGRAM = """package main

import (
	"fmt"
	"os"
	"os/signal"
	"syscall"
	"time"
)

func main() {
	defer fmt.Println("never printed")
	greet()
	if len(os.Args) > 1 && os.Args[1] == "wait" {
		c := make(chan os.Signal, 1)
		signal.Notify(c, syscall.SIGTERM)
		fmt.Println("ready")
		select {
		case <-c:
			fmt.Println("cleanup")
			os.Exit(0)
		case <-time.After(30 * time.Second):
		}
	}
	if len(os.Args) > 1 && os.Args[1] == "sleep" {
		time.Sleep(30 * time.Second)
	}
	fmt.Fprintln(os.Stderr, "boom")
	os.Exit(3)
}

// No exit anywhere near it: its defer is probed all the same.
func greet() {
	defer fmt.Println("greeted")
}
"""

FIXTURE_TESTS = """
import pytest

def test_exit(goexit_build):
    program = goexit_build("prog")
    assert goexit_build("prog") is program  # built once per session
    result = program.run()
    result.assert_exit_code(3)
    result.assert_stderr_contains("boom")
    assert result.signal is None and result.duration > 0
    # Probe facts: both defers were registered, greet's ran, os.Exit skipped main's.
    assert result.defers_registered == [
        'main.go:12: defer fmt.Println("never printed")',
        'main.go:34: defer fmt.Println("greeted")',
    ]
    assert result.defers_ran == ['main.go:34: defer fmt.Println("greeted")']
    assert result.defers_skipped == ['main.go:12: defer fmt.Println("never printed")']
    assert result.exits_reached == ["main.go:29: os.Exit"]
    assert "never printed" not in result.stdout

def test_signal(goexit_build):
    result = goexit_build("prog").run(args=["wait"], send_signal=("SIGTERM", 1.0))
    result.assert_exit_code(0)
    assert "cleanup" in result.stdout

def test_killed(goexit_build):
    result = goexit_build("prog").run(args=["sleep"], send_signal=("SIGKILL", 0.5))
    result.assert_killed_by("SIGKILL")

def test_readable_failure(goexit_build):
    result = goexit_build("prog").run()
    with pytest.raises(AssertionError, match=r"expected exit status 0, got .*prog: exit status 3\\nstderr:\\n  boom"):
        result.assert_exit_code(0)
    with pytest.raises(AssertionError, match="expected the program to be killed by SIGTERM, got .*exit status 3"):
        result.assert_killed_by("SIGTERM")

def test_timeout(goexit_build):
    result = goexit_build("prog").run(args=["sleep"], timeout=0.5)
    assert result.timed_out and result.signal == "SIGKILL"

def test_build_failure(goexit_build):
    goexit_build("broken")
"""


def test_goexit_build_fixture(pytester, go, monkeypatch):
    # pytester gives the inner run a fresh HOME: keep the real Go build cache.
    import subprocess

    for var in ("GOCACHE", "GOMODCACHE", "GOPATH"):
        value = subprocess.run([go, "env", var], capture_output=True, text=True, check=True).stdout.strip()
        monkeypatch.setenv(var, value)
    broken = "package main\n\nfunc main() { undefined() }\n"
    pytester.makefile(".go", **{"prog/main": GO_PROGRAM, "broken/main": broken})
    pytester.makefile(".mod", **{"prog/go": "module example.com/prog\n\ngo 1.22\n"})
    pytester.makefile(".mod", **{"broken/go": "module example.com/broken\n\ngo 1.22\n"})
    pytester.makepyfile(test_programs=FIXTURE_TESTS)
    result = pytester.runpytest_subprocess("-p", "no:legacypath", "-v")
    result.assert_outcomes(passed=5, failed=1)
    result.stdout.fnmatch_lines(["*go build -o * . failed:*", "*undefined: undefined*"])


def test_goexit_build_skips_without_go(pytester):
    pytester.makepyfile(test_programs="def test_exit(goexit_build):\n    goexit_build('prog')\n")
    monkeypatch = pytest.MonkeyPatch()
    with monkeypatch.context() as patch:
        patch.setenv("PATH", "/nonexistent")
        result = pytester.runpytest("-rs")
    result.assert_outcomes(skipped=1)
    result.stdout.fnmatch_lines(["*goexit_build: the Go toolchain (`go`) is not on PATH*"])


CONFIRM_PROJECT = {
    "confirmed/main": 'package main\n\nimport "os"\n\nfunc main() {\n\tos.Exit(300)\n}\n',
    "unreached/main": (
        'package main\n\nimport "os"\n\nfunc main() {\n\tif len(os.Args) > 5 {\n\t\tos.Exit(300)\n\t}\n}\n'
    ),
    "broken/main": 'package main\n\nimport "os"\n\nfunc main() {\n\tundefined()\n\tos.Exit(300)\n}\n',
}


def test_confirm_items(pytester, go, monkeypatch):
    import subprocess

    for var in ("GOCACHE", "GOMODCACHE", "GOPATH"):
        value = subprocess.run([go, "env", var], capture_output=True, text=True, check=True).stdout.strip()
        monkeypatch.setenv(var, value)
    pytester.makefile(".go", **CONFIRM_PROJECT)
    pytester.makefile(".go", recovered=RECOVERED_THROUGH_INTERFACE)
    pytester.makefile(".mod", go="module example.com/confirm\n\ngo 1.22\n")
    result = pytester.runpytest_subprocess("--goexit", "--goexit-confirm", "-v", "-rs", "-p", "no:cacheprovider")
    result.stdout.fnmatch_lines_random(
        [
            "*confirmed::GX103@main.go:6 FAILED*",
            "*unreached::GX103@main.go:7 SKIPPED*",
            "*broken::GX103@main.go:7 ERROR*",
            "*::GX301@recovered.go:20 PASSED*",
            "*goexit confirm: not-reached: the scenario did not reach line 7*",
            "*possible false positives*",
            "*GX301@recovered.go:20: the injected panic was recovered*",
            "*undefined: undefined*",
        ]
    )
