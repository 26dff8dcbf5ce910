"""The least a tree-sitter tool can do with a Go tree, as a program of its own: start,
find the Go files (the go command's way: no vendor/, testdata/, . or _ directories),
parse each one with the Go grammar in ``--jobs`` worker processes, exit.

    python benchmarks/parse_floor.py PATH --jobs 2

bench_check.py runs it as it runs `goexit check`, so both times cover the same things:
an interpreter starting, imports, a walk of the tree, the parse, exiting.
"""

from __future__ import annotations

import argparse
import os
from concurrent.futures import ProcessPoolExecutor

import tree_sitter
import tree_sitter_go

_PARSER = tree_sitter.Parser(tree_sitter.Language(tree_sitter_go.language()))


def go_files(root: str) -> list[str]:
    found = []
    for directory, dirs, files in os.walk(root):
        dirs[:] = [d for d in dirs if d not in ("vendor", "testdata") and not d.startswith((".", "_"))]
        found += [os.path.join(directory, n) for n in files if n.endswith(".go") and not n.startswith((".", "_"))]
    return found


def parse(path: str) -> int:
    with open(path, "rb") as handle:
        return _PARSER.parse(handle.read()).root_node.child_count


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("root")
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1)
    args = parser.parse_args()
    with ProcessPoolExecutor(max_workers=args.jobs) as pool:
        for _ in pool.map(parse, go_files(args.root), chunksize=32):
            pass


if __name__ == "__main__":
    main()
