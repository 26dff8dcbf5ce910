from __future__ import annotations

import shutil
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
TESTDATA = ROOT / "tests" / "testdata"


@pytest.fixture(scope="session")
def go() -> str:
    """The Go toolchain. The fixture tests need it: a missing `go` fails, it never skips."""
    path = shutil.which("go")
    if path is None:
        pytest.fail("the Go toolchain is required for this test: put `go` on PATH")
    return path


# A goroutine that can panic and does recover, through an interface method the static
# rule cannot see into: GX301 flags it, running it shows the recover (refuted).
RECOVERED_THROUGH_INTERFACE = """package main

import "fmt"

type guard interface{ protect() }

type logGuard struct{}

func (logGuard) protect() {
	if r := recover(); r != nil {
		fmt.Println("recovered:", r)
	}
}

func work() { panic("boom") }

func main() {
	var g guard = logGuard{}
	done := make(chan bool)
	go func() {
		defer close(done)
		defer g.protect() // through an interface: the static rule cannot see the recover
		work()
	}()
	<-done
}
"""
