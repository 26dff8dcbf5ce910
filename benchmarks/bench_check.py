"""Speed and memory of `goexit check`, as ratios measured in one run on the same files.

    python benchmarks/bench_check.py                 # GOROOT/src of the installed Go
    python benchmarks/bench_check.py PATH --jobs 2 --synthetic 100

Figures (one line each):
  floor         tree-sitter parse of every file, same worker count, as a program of its
                own (parse_floor.py: start, find the files, parse, exit): the least any
                tree-sitter tool can do, timed as goexit check is
  floor in-proc the same parse in this process's worker pool, file list made and
                imports done beforehand (the floor of earlier versions of this script)
  cold          goexit check with an empty cache             target <= 1.3 x floor
                (the median of each repeat's cold/floor ratio: the two are measured
                back to back; the range shows how noisy the run was)
  cold cpu      the same in CPU time of all processes
  cold/in-proc  the same against the in-process floor (no start, no walk in it)
  cold best     the best cold run over the best floor run
  warm          again, nothing changed                       target <= 0.1 x cold
  one-changed   again, after one file changed                target <= 0.15 x cold
  peak-rss      largest process of the cold run              target <= 400 MB
  synthetic     cold check of a generated repo at N, 2N, 4N packages: time per file
                should stay flat (linear growth)

The corpus is copied to a temporary directory first, so changing a file never touches the
original. Times are wall clock, each the best of --repeat runs (floor and checks alternate),
except the cold verdict (see above); only ratios from one run are meaningful on a noisy
machine. The programs timed keep their bytecode in the temporary directory too, written by
an untimed first run of each: `pip install .` compiles the tool's modules, but a checkout
installed editable under PYTHONDONTWRITEBYTECODE=1 would compile them again in every
process, workers included (0.3 s a run).
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import parse_floor  # beside this script: the floor's own file list and parse

TARGETS = {"cold": 1.3, "warm": 0.1, "one-changed": 0.15}
RSS_TARGET_MB = 400

# Runs a command and prints its wall time and the peak RSS of the largest process in its tree.
_MEASURE = """
import json, resource, subprocess, sys, time
start = time.perf_counter()
code = subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL).returncode
usage = resource.getrusage(resource.RUSAGE_CHILDREN)
print(json.dumps({"seconds": time.perf_counter() - start, "code": code,
                  "cpu": usage.ru_utime + usage.ru_stime, "rss_kb": usage.ru_maxrss}))
"""


def go_files(root: Path) -> list[Path]:
    return [Path(p) for p in parse_floor.go_files(str(root))]


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def floor(files: list[Path], jobs: int) -> dict:
    start, cpu = time.perf_counter(), _children_cpu()
    with ProcessPoolExecutor(max_workers=jobs) as pool:
        for _ in pool.map(parse_floor.parse, [str(f) for f in files], chunksize=32):
            pass
    # The workers have exited (and been waited for): their CPU time is counted.
    return {"seconds": time.perf_counter() - start, "cpu": _children_cpu() - cpu}


def bytecode_environment(tmp: Path) -> dict[str, str]:
    """The environment of every program timed: Python writes and reads its bytecode under
    ``tmp``, whatever PYTHONDONTWRITEBYTECODE says, so that no timed run compiles a module."""
    env = dict(os.environ, PYTHONPYCACHEPREFIX=str(tmp / "pycache"))
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    return env


def measured(command: list[str], cwd: Path, env: dict[str, str]) -> dict:
    out = subprocess.run(
        [sys.executable, "-c", _MEASURE, *command], cwd=cwd, capture_output=True, text=True, check=True, env=env
    )
    result = json.loads(out.stdout)
    if result["code"] != 0:
        raise SystemExit(f"{' '.join(command)} failed with status {result['code']}")
    return result


def goexit(corpus: Path, cwd: Path, jobs: int, env: dict[str, str]) -> dict:
    command = [sys.executable, "-m", "pytest_goexit.cli", "check", "-q", "--exit-zero"]
    return measured([*command, "--jobs", str(jobs), str(corpus)], cwd, env)


def floor_program(corpus: Path, cwd: Path, jobs: int, env: dict[str, str]) -> dict:
    return measured([sys.executable, parse_floor.__file__, "--jobs", str(jobs), str(corpus)], cwd, env)


SYNTHETIC_FILE = """package pkg{p}

import (
	"fmt"
	"os"
	"sync"
)

type worker{p}_{f} struct{{ n int }}

func (w *worker{p}_{f}) run() error {{
	f, err := os.CreateTemp("", "x")
	if err != nil {{
		return err
	}}
	defer f.Close()
	for i := 0; i < w.n; i++ {{
		if i > 1000 {{
			fail{p}_{f}("too many")
		}}
		fmt.Fprintln(f, i)
	}}
	return nil
}}

func fail{p}_{f}(msg string) {{
	fmt.Fprintln(os.Stderr, msg)
	os.Exit(1)
}}

func Start{p}_{f}(n int) {{
	var wg sync.WaitGroup
	for i := 0; i < n; i++ {{
		wg.Add(1)
		go func() {{
			defer wg.Done()
			w := &worker{p}_{f}{{n: i}}
			if err := w.run(); err != nil {{
				panic(err)
			}}
		}}()
	}}
	wg.Wait()
}}
"""


def synthetic(root: Path, packages: int, files_per_package: int = 8) -> Path:
    repo = root / f"synthetic-{packages}"
    for p in range(packages):
        directory = repo / f"pkg{p}"
        directory.mkdir(parents=True)
        for f in range(files_per_package):
            (directory / f"file{f}.go").write_text(SYNTHETIC_FILE.format(p=p, f=f))
    return repo


def line(name: str, value: str, detail: str = "") -> None:
    print(f"{name:<13} {value:<28} {detail}".rstrip(), flush=True)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    default = subprocess.run(["go", "env", "GOROOT"], capture_output=True, text=True, check=False).stdout.strip()
    parser.add_argument("corpus", nargs="?", default=str(Path(default) / "src") if default else None)
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--synthetic", type=int, default=100, metavar="N", help="packages in the smallest repo")
    parser.add_argument("--repeat", type=int, default=3, metavar="K", help="measure each figure K times, keep the best")
    args = parser.parse_args()
    if not args.corpus:
        parser.error("no corpus given and `go env GOROOT` failed")

    with tempfile.TemporaryDirectory(prefix="goexit-bench-") as tmp:
        tmp = Path(tmp)
        corpus = tmp / "corpus"
        shutil.copytree(args.corpus, corpus, symlinks=True)
        files = go_files(corpus)
        line("corpus", f"{len(files)} files", f"{args.corpus}, --jobs {args.jobs}, best of {args.repeat}")
        env = bytecode_environment(tmp)
        warm_up = tmp / "warm-up"
        warm_up.mkdir()
        small = synthetic(warm_up, 2)
        for run in (floor_program, goexit, goexit):  # cold, then warm: each path's imports compiled
            run(small, warm_up, args.jobs, env)

        # Each repeat measures the floors and a cold check back to back (in turn first, so
        # neither always runs on a machine the other warmed), then warm and one-changed.
        # The machine's speed drifts by a fifth within a minute: the cold verdict is the
        # median of the back-to-back ratios, which see the same machine; best-of-each
        # figures (like timeit) are printed beside it.
        runs: dict[str, list] = {"floor": [], "in-proc": [], "cold": [], "warm": [], "changed": []}
        changed_file = sorted(files)[len(files) // 2]
        for attempt in range(args.repeat):
            work = tmp / f"work{attempt}"
            work.mkdir()
            steps = [  # the floor the verdict uses next to the cold run
                ("in-proc", floor, (files, args.jobs)),
                ("floor", floor_program, (corpus, work, args.jobs, env)),
                ("cold", goexit, (corpus, work, args.jobs, env)),
            ]
            for name, measure, arguments in steps if attempt % 2 == 0 else reversed(steps):
                runs[name].append(measure(*arguments))
            runs["warm"].append(goexit(corpus, work, args.jobs, env))
            with changed_file.open("a", encoding="utf-8") as handle:
                handle.write("\n// changed by the benchmark\n")
            runs["changed"].append(goexit(corpus, work, args.jobs, env))
        base = min(r["seconds"] for r in runs["floor"])
        cold, warm, changed = (min(runs[k], key=lambda r: r["seconds"]) for k in ("cold", "warm", "changed"))
        cold["rss_kb"] = max(r["rss_kb"] for r in runs["cold"])
        pairs = {
            (floors, unit): sorted(c[unit] / f[unit] for f, c in zip(runs[floors], runs["cold"], strict=True))
            for floors in ("floor", "in-proc")
            for unit in ("seconds", "cpu")
        }

        ratios = {
            "cold": statistics.median(pairs[("floor", "seconds")]),
            "warm": warm["seconds"] / cold["seconds"],
            "one-changed": changed["seconds"] / cold["seconds"],
        }
        line("floor", f"{base:.2f} s", "parse only, a program of its own (parse_floor.py)")
        in_proc = min(r["seconds"] for r in runs["in-proc"])
        line("floor in-proc", f"{in_proc:.2f} s", "parse only, in this process's pool, files listed beforehand")
        for name, floors, unit, what in (
            ("cold", "floor", "seconds", "wall"),
            ("cold cpu", "floor", "cpu", "CPU time of all processes"),
            ("cold/in-proc", "in-proc", "seconds", "wall, against the in-process floor"),
        ):
            measured_pairs = pairs[(floors, unit)]
            spread = f"range {measured_pairs[0]:.2f}-{measured_pairs[-1]:.2f}"
            target = f"target <= {TARGETS['cold']}: " if name == "cold" else ""
            detail = f"{target}median of {args.repeat} back-to-back ratios, {what} ({spread})"
            line(name, f"{statistics.median(measured_pairs):.2f} x {floors}", detail)
        best = f"best cold over best floor ({cold['seconds']:.2f} s)"
        line("cold best", f"{cold['seconds'] / base:.2f} x floor", best)
        line("warm", f"{ratios['warm']:.3f} x cold", f"target <= {TARGETS['warm']} ({warm['seconds']:.2f} s)")
        line(
            "one-changed",
            f"{ratios['one-changed']:.3f} x cold",
            f"target <= {TARGETS['one-changed']} ({changed['seconds']:.2f} s, {changed_file.relative_to(corpus)})",
        )
        rss = cold["rss_kb"] / 1024
        line("peak-rss", f"{rss:.0f} MB", f"target <= {RSS_TARGET_MB} MB (largest process, cold run)")

        per_file = []
        for packages in (args.synthetic, 2 * args.synthetic, 4 * args.synthetic):
            repo = synthetic(tmp, packages)
            count = len(go_files(repo))
            work = tmp / f"work-synthetic-{packages}"
            work.mkdir()
            seconds = goexit(repo, work, args.jobs, env)["seconds"]
            per_file.append(seconds / count)
            detail = f"{count} files, {seconds:.2f} s, {1000 * seconds / count:.2f} ms/file"
            line("synthetic", f"{packages} packages", detail)
        line("linearity", f"{per_file[-1] / per_file[0]:.2f} x", "ms/file at 4N over N (1.0 is linear)")

    met = all(ratios[k] <= TARGETS[k] for k in TARGETS) and rss <= RSS_TARGET_MB
    line("targets", "met" if met else "NOT met")
    return 0


if __name__ == "__main__":
    sys.exit(main())
