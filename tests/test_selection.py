"""Pruning (selection.py) is an optimisation only: a check that models only the selected
declarations must find exactly what a check that models everything finds."""

from __future__ import annotations

import subprocess
import tempfile
from pathlib import Path

import pytest

from pytest_goexit import selection
from pytest_goexit.config import Config
from pytest_goexit.discovery import SourceFile
from pytest_goexit.engine import build_models, catalog_for, check_directory
from pytest_goexit.parse import Trees, parse
from pytest_goexit.rules import load_rules

from .conftest import ROOT, TESTDATA

CONFIG = Config()
CATALOG = catalog_for(CONFIG)
RULES = load_rules()


def go_dirs(root: Path) -> list[Path]:
    return sorted({p.parent for p in root.rglob("*.go")})


def outcome(directory: Path, prune: bool, config: Config = CONFIG):
    catalog = CATALOG if config is CONFIG else catalog_for(config)
    sources = [SourceFile(str(p), str(p), True) for p in sorted(directory.glob("*.go"))]
    models = build_models(sources, catalog.interest(), prune=prune)
    result = check_directory(models, catalog, config, RULES)
    hits = sorted(
        (h.code, h.path, h.span.line, h.span.col, h.message, repr(h.related), repr(h.chain)) for h in result.hits
    )
    return hits, result.internal_errors, sum(len(m.calls) for m in models)


def assert_same(directory: Path, config: Config = CONFIG) -> tuple[int, int]:
    pruned, pruned_errors, pruned_calls = outcome(directory, prune=True, config=config)
    full, full_errors, full_calls = outcome(directory, prune=False, config=config)
    assert pruned == full
    assert pruned_errors == full_errors == []
    return pruned_calls, full_calls


def assert_same_source(files: dict[str, str]) -> None:
    with tempfile.TemporaryDirectory() as work:
        for name, text in files.items():
            (Path(work) / name).write_text(text)
        assert_same(Path(work))


LOCAL_DIRS = go_dirs(TESTDATA) + go_dirs(ROOT / "examples")


@pytest.mark.parametrize("directory", LOCAL_DIRS, ids=lambda d: d.relative_to(ROOT).as_posix())
def test_pruned_check_finds_what_the_full_check_finds(directory):
    assert_same(directory)


def test_fixtures_and_examples_have_findings_to_compare():
    findings = sum(len(outcome(d, prune=True)[0]) for d in LOCAL_DIRS)
    assert len(LOCAL_DIRS) >= 30 and findings >= 50


# Real packages nobody here wrote: exit chains through many helpers (cmd/link, cmd/go),
# goroutines and recovers (net/http), signals (os/signal), x_test packages and generator
# files of package main beside the package (runtime/testdata, syscall).
GOROOT_DIRS = [
    "cmd/link/internal/ld",
    "cmd/go/internal/base",
    "net/http",
    "os/signal",
    "runtime/testdata/testprog",
    "syscall",
]


@pytest.fixture(scope="module")
def goroot(go) -> Path:
    return Path(subprocess.run([go, "env", "GOROOT"], capture_output=True, text=True, check=True).stdout.strip())


@pytest.mark.parametrize("relative", GOROOT_DIRS)
def test_pruned_check_matches_on_real_packages(goroot, relative):
    pruned_calls, full_calls = assert_same(goroot / "src" / relative)
    assert pruned_calls < full_calls  # pruning did skip something


# Rule options and configured callees widen what the selection must keep: GX301's
# `mode: any` flags a goroutine whose target has no recover even where nothing in it
# panics, so the target must be resolved (a method of a value a constructor made); a
# configured exiting method is typed through the fields of the package's structs.
OPTIONS = Config(
    rules={"GX301": {"mode": "any"}, "GX102": {"strict": True}},
    exit_functions=("go.uber.org/zap.Logger.Fatal", "go.uber.org/zap.SugaredLogger.Fatalf"),
    goroutine_launchers=("example.com/x/conc.Go",),
)


@pytest.mark.parametrize("directory", LOCAL_DIRS, ids=lambda d: d.relative_to(ROOT).as_posix())
def test_pruned_check_matches_with_rule_options(directory):
    assert_same(directory, OPTIONS)


# net/http/fcgi: `c := newChild(rw, handler); go c.serve()` in a function modelled for
# its go statement only.
@pytest.mark.parametrize("relative", [*GOROOT_DIRS, "net/http/fcgi"])
def test_pruned_check_matches_with_rule_options_on_real_packages(goroot, relative):
    assert_same(goroot / "src" / relative, OPTIONS)


@pytest.mark.parametrize("relative", ["net/http", "os/signal", "syscall"])
def test_a_directory_too_big_to_hold_its_trees_gives_the_same_findings(goroot, relative, monkeypatch):
    """Past parse.TREE_BUDGET, trees are let go of and parsed again when asked for: with
    a budget of one byte every tree but the last one used is, and nothing changes."""
    import pytest_goexit.modelling as modelling
    import pytest_goexit.parse as parse_module

    directory = goroot / "src" / relative
    expected = outcome(directory, prune=True)
    made: list = []
    parsed: list[int] = []  # the file of each parse

    class Counted(parse_module.Trees):
        most_kept = 0

        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            made.append(self)

        def tree(self, i):
            parses = self.parses
            tree = super().tree(i)
            if self.parses > parses:
                parsed.append(i)
            self.most_kept = max(self.most_kept, len(self._kept))
            return tree

    monkeypatch.setattr(parse_module, "TREE_BUDGET", 1)
    monkeypatch.setattr(modelling, "Trees", Counted)
    assert outcome(directory, prune=True) == expected
    (trees,) = made
    assert trees.most_kept == 1
    assert len(parsed) > len(set(parsed))  # some trees were asked for again


def test_below_the_budget_each_file_is_parsed_once():
    sources = [b"package p\n\nfunc f() { os.Exit(1) }\n", b"package p\n\nfunc g() { defer f(); f() }\n"]
    trees = Trees(sources)
    selection.select(sources, trees, CATALOG.interest())
    assert trees.parses == 2


def picks(files: dict[str, str]):
    sources = [text.encode() for text in files.values()]
    chosen = selection.select(sources, Trees(sources), CATALOG.interest())
    return {name: pick for name, pick in zip(files, chosen.files, strict=True)}, sources


def decl_names(files: dict[str, str], part: str = "modelled") -> dict[str, set[str]]:
    """File name -> names of the functions selected for modelling (or for ``part`` of a
    FilePick: "library")."""
    chosen, sources = picks(files)
    out = {}
    for (name, pick), source in zip(chosen.items(), sources, strict=True):
        root = parse(source).root_node
        starts = getattr(pick, part)
        out[name] = {c.child_by_field_name("name").text.decode() for c in root.named_children if c.start_byte in starts}
    return out


def test_seeds_in_comments_and_strings_select_nothing():
    src = """package p

import "os"

// helper calls os.Exit(1) when it fails; go run it
func helper() string { return "os.Exit(2) go func" }

func caller() { helper() }
"""
    assert decl_names({"a.go": src}) == {"a.go": set()}


def test_exit_callers_on_a_path_from_a_defer_are_selected_in_the_package_only():
    files = {
        "a.go": 'package p\n\nimport stdos "os"\n\nfunc fail() { stdos.Exit(1) }\n',
        "b.go": (
            "package p\n\nfunc run() { fail() }\n\nfunc main2() { defer cleanup(); run() }\n\n"
            "func other() { run() }\n\nfunc cleanup() {}\n"
        ),
        "c_test.go": "package p_test\n\nfunc use() { defer println(); fail() }\n",
    }
    # other reaches the exit but holds no defer: GX101 has nothing to say about it.
    assert decl_names(files) == {"a.go": {"fail"}, "b.go": {"run", "main2"}, "c_test.go": set()}


def test_goroutine_targets_and_what_they_call_that_panics_are_selected():
    src = """package p

func start() { go worker() }

func worker() { step(); quiet() }

func step() { if bad { panic("step") }; deeper() }

func quiet() { deeper() }

func deeper() { panic("too deep for GX301") }

func unrelated() { step() }
"""
    assert decl_names({"a.go": src}) == {"a.go": {"worker", "step"}}
    # start is modelled only where the goroutine starts: its go statement.
    chosen, sources = picks({"a.go": src})
    go_statement = sources[0].index(b"go worker()")
    assert list(chosen["a.go"].regions.values()) == [((go_statement, go_statement + len("go worker()")),)]


def test_words_in_comments_and_literals_of_a_go_statement_start_nothing():
    src = """package p

func start() {
	go func() {
		// worker would panic here
		println("worker", 'w')
	}()
}

func worker() { panic("boom") }
"""
    assert decl_names({"a.go": src}) == {"a.go": set()}
    assert_same_source({"a.go": src})


def test_unselected_functions_named_by_selected_code_get_stubs():
    src = """package p

import "os"

type server struct{}

func newServer() *server { return &server{} }

func (s *server) stop() { os.Exit(1) }

func run() { defer println(); s := newServer(); s.stop() }

func unused() {}
"""
    chosen, sources = picks({"a.go": src})
    pick = chosen["a.go"]
    root = parse(sources[0]).root_node
    by_start = {
        c.start_byte: c.child_by_field_name("name").text.decode()
        for c in root.named_children
        if "func" in c.type or "method" in c.type
    }
    assert {by_start[s] for s in pick.modelled} == {"stop", "run"}
    assert {by_start[s] for s in pick.stubbed} == {"newServer"}


def test_fatal_on_a_testing_value_is_no_logger_exit():
    files = {
        "a.go": 'package p\n\nimport "log"\n\nfunc logs(l *log.Logger) { l.Fatal("x") }\n',
        "a_test.go": (
            'package p\n\nimport (\n\t"log"\n\t"testing"\n)\n\n'
            'func TestX(t *testing.T) { t.Fatal("y") }\n\n'
            'func TestY(t *testing.T) {\n\t{\n\t\tt := log.New(nil, "", 0)\n\t\tt.Fatal("z")\n\t}\n}\n'
        ),
    }
    assert decl_names(files, "library") == {"a.go": {"logs"}, "a_test.go": {"TestY"}}


def test_a_build_variant_of_a_function_is_no_caller_of_it():
    """One name declared per platform: the other file's declaration writes the name, but
    calls nothing by it. It gets a stub (a call by that name may resolve to it), and the
    findings are those of everything modelled."""
    files = {
        "a.go": 'package p\n\nimport "os"\n\nfunc fail() { os.Exit(1) }\n\nfunc run() { defer println(); step() }\n',
        "step_linux.go": "//go:build linux\n\npackage p\n\nfunc step() { fail() }\n",
        "step_other.go": "//go:build !linux\n\npackage p\n\nfunc step() { println() }\n",
    }
    assert decl_names(files) == {"a.go": {"fail", "run"}, "step_linux.go": {"step"}, "step_other.go": set()}
    assert decl_names(files, "stubbed") == {"a.go": set(), "step_linux.go": set(), "step_other.go": {"step"}}
    assert_same_source(files)


def test_same_name_in_package_and_external_test_package():
    body = 'import "os"\n\nfunc helper() { os.Exit(1) }\n\nfunc use%s() { defer println(); helper() }\n'
    files = {"a.go": "package p\n\n" + body % "A", "a_test.go": "package p_test\n\n" + body % "B"}
    assert decl_names(files) == {"a.go": {"helper", "useA"}, "a_test.go": {"helper", "useB"}}


def test_a_call_inside_a_goroutine_body_is_no_exit_path_for_the_starter():
    src = """package p

import "os"

func fail() int { os.Exit(1); return 0 }

func work(int) {}

func start() { defer println(); go func() { fail() }() }

func caller() { defer println(); start() }

func startArgs() { go work(fail()) } // the argument runs before the goroutine starts

func callerArgs() { defer println(); startArgs() }
"""
    # work runs as a goroutine (GX301 reads it); caller is left out: start exits only on its goroutine.
    assert decl_names({"a.go": src}) == {"a.go": {"fail", "work", "start", "startArgs", "callerArgs"}}


def test_an_exit_written_only_inside_a_goroutine_body_makes_no_exit_path():
    src = """package p

import (
	"log"
	"os"
)

func start() { go func() { os.Exit(1) }() }

func caller() { defer println(); start() }

func logs(l *log.Logger) { go func() { l.Fatal("x") }() }

func logCaller(l *log.Logger) { defer println(); logs(l) }

func both() { go func() { os.Exit(1) }(); os.Exit(2) }

func bothCaller() { defer println(); both() }
"""
    # start and logs call an exit (GX102 reads it there) but only on their goroutine: the
    # functions with defers calling them are no exit path. both also exits on its own.
    assert decl_names({"a.go": src}) == {"a.go": {"both", "bothCaller"}}
    assert decl_names({"a.go": src}, "library") == {"a.go": {"start", "logs"}}


def test_a_method_is_entered_only_through_an_identifier():
    src = """package p

import "os"

type server struct{}

func (s *server) halt() { os.Exit(1) }

type client struct{ srv *server }

func viaField(c *client) { defer println(); c.srv.halt() } // the model cannot type c.srv

func viaIdent(s *server) { defer println(); s.halt() }

func viaParens(s *server) { defer println(); (s).halt() }

func viaCall(c *client) { defer println(); c.get().halt() }

func (c *client) get() *server { return c.srv }
"""
    chosen = decl_names({"a.go": src})["a.go"]
    assert {"halt", "viaIdent", "viaParens"} <= chosen
    assert not {"viaField", "viaCall"} & chosen
    assert_same_source({"a.go": src})
    # A function of the same name may be called bare: every writing counts again.
    both = src + "\nfunc halt() {}\n"
    assert {"viaField", "viaCall"} <= decl_names({"a.go": both})["a.go"]
    assert_same_source({"a.go": both})


def test_fatal_after_a_keyword_or_a_line_ending_in_a_word_is_a_logger_exit():
    src = """package p

import (
	"log"
	"os"
)

func deferred() {
	l := log.New(os.Stderr, "", 0)
	defer l.Fatal("x")
}

func afterAWord(n int) {
	l := log.New(os.Stderr, "", 0)
	n = n + 1
	// ends in a period.
	l.Fatal(n)
}

func onAField(c struct{ l *log.Logger }) { c.l.Fatal("never typed") }

type holder struct{ journal *log.Logger }

func onANamedField(h holder) { h.journal.Fatal("typed by its declaration") }
"""
    selected = decl_names({"a.go": src})["a.go"] | decl_names({"a.go": src}, "library")["a.go"]
    assert selected == {"deferred", "afterAWord", "onANamedField"}
    assert_same_source({"a.go": src})
