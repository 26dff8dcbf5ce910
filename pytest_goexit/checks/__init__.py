"""Detection only: one module per rule, each with ``CODE`` and ``check(pkg, options)``.

A check reads the Package (facts and summaries) and yields Hits. It never walks a syntax
tree, resolves imports, reads files, prints or runs anything: the model answered those.
"""

from __future__ import annotations

import importlib
from collections.abc import Iterator
from dataclasses import dataclass
from types import ModuleType
from typing import Protocol

from ..facts import Span
from ..golib import default_import_name
from ..package import ChainStep, Package


@dataclass(frozen=True)
class Related:
    path: str
    line: int
    col: int
    message: str


@dataclass
class Hit:
    code: str
    path: str
    span: Span
    message: str
    related: tuple[Related, ...] = ()
    chain: tuple[ChainStep, ...] = ()
    level: str | None = None  # overrides the rule's level (e.g. GX301 mode "any")
    fix: str = ""  # a finding-specific hint shown under the rule's fix advice


class Check(Protocol):
    CODE: str

    def check(self, pkg: Package, options: dict) -> Iterator[Hit]: ...


def module_name(rule_name: str) -> str:
    """exit-skips-defer -> exit_skips_defer: the one join key between YAML and module."""
    return rule_name.replace("-", "_")


def load(rule_name: str) -> ModuleType:
    return importlib.import_module(f"{__name__}.{module_name(rule_name)}")


def short(qualified: str) -> str:
    """golang.org/x/sys/unix.Exit -> unix.Exit, k8s.io/klog/v2.Exitf -> klog.Exitf: the
    callee as Go programmers write it."""
    directory, _, last = qualified.rpartition("/")
    element, dot, member = last.partition(".")
    if not directory or not dot:
        return last
    return f"{default_import_name(directory + '/' + element)}.{member}"


def chain_text(chain: tuple[ChainStep, ...]) -> str:
    return " → ".join(short(step.label) for step in chain)


def plural(n: int, word: str) -> str:
    return f"{n} {word}" if n == 1 else f"{n} {word}s"


__all__ = ["Hit", "Related", "Check", "load", "short", "chain_text", "plural"]
