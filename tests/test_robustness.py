"""Mutated real Go never makes the model raise or stall: tokens deleted, duplicated or
inserted in files of the installed Go tree and of this repository's fixtures."""

from __future__ import annotations

import re
import subprocess
import time
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pytest_goexit.discovery import SourceFile
from pytest_goexit.engine import models_of
from pytest_goexit.model import DEFAULT_INTEREST, build_file_model
from pytest_goexit.package import Package

from .conftest import TESTDATA

# A file of a few thousand lines models in well under a second; a pathological slowdown
# (quadratic walks, runaway recursion) blows far past this.
SECONDS_PER_FILE = 5.0
TOKEN = re.compile(rb"\w+|[^\w\s]")
NOISE = [b"{", b"}", b"(", b")", b"defer", b"go", b"func", b"os.Exit(1)", b"recover()", b"for", b"select {}", b"\xff"]


def corpus() -> list[Path]:
    files = sorted(TESTDATA.rglob("*.go"))
    goroot = subprocess.run(["go", "env", "GOROOT"], capture_output=True, text=True, check=False).stdout.strip()
    if goroot:
        for package in ("os", "os/signal", "net/http", "sync/errgroup", "runtime", "testing", "log"):
            files += sorted((Path(goroot) / "src" / package).glob("*.go"))[:6]
    return [f for f in files if f.stat().st_size < 200_000]


FILES = corpus()


@st.composite
def mutated(draw):
    path = draw(st.sampled_from(FILES))
    source = path.read_bytes()
    spans = [m.span() for m in TOKEN.finditer(source)]
    for _ in range(draw(st.integers(1, 8))):
        if not spans:
            break
        start, end = spans[draw(st.integers(0, len(spans) - 1))]
        action = draw(st.sampled_from(["delete", "duplicate", "insert"]))
        if action == "delete":
            source = source[:start] + source[end:]
        elif action == "duplicate":
            source = source[:end] + source[start:end] + source[end:]
        else:
            source = source[:start] + draw(st.sampled_from(NOISE)) + source[start:]
        spans = [m.span() for m in TOKEN.finditer(source)]
    return path.name, source


def pruned_model(name: str, source: bytes):
    """The model a check builds: declarations selected first (selection.py), then modelled
    on top of the file's model with nothing picked (engine.models_of)."""
    return models_of([(SourceFile(f"x/{name}", f"x/{name}", True), source, "")], DEFAULT_INTEREST)[0]


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(mutated())
def test_mutated_go_never_breaks_the_model(case):
    name, source = case
    start = time.monotonic()
    for model in (build_file_model(f"x/{name}", source), pruned_model(name, source)):
        Package("x", model.package, [model])  # summaries over whatever the model holds
    assert time.monotonic() - start < SECONDS_PER_FILE


def test_corpus_is_not_empty():
    assert len(FILES) > 20


@pytest.mark.parametrize("blob", [b"", b"\x00" * 1000, b"package", b"package main\nfunc", "package π\n".encode()])
def test_degenerate_sources(blob):
    for model in (build_file_model("x/a.go", blob), pruned_model("a.go", blob)):
        Package("x", model.package, [model])
