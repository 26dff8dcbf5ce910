"""Build Go packages and run the programs under control: own process group, timeout that
kills the whole group, optional signal after a delay, temp dirs cleaned up."""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import subprocess
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path


class GoToolchainMissing(RuntimeError):
    """`go` is not on PATH."""


class BuildFailed(RuntimeError):
    def __init__(self, command: list[str], output: str):
        super().__init__(f"{' '.join(command)} failed:\n{output}")
        self.command = command
        self.output = output


def go_binary() -> str:
    path = shutil.which("go")
    if path is None:
        raise GoToolchainMissing("the Go toolchain (`go`) is not on PATH")
    return path


@dataclass
class RunResult:
    command: list[str]
    exit_code: int | None  # None when killed by a signal
    signal: str | None  # "SIGTERM", ...
    stdout: str
    stderr: str
    duration: float
    timed_out: bool = False
    extra: dict = field(default_factory=dict)
    # Probe facts, for programs built by goexit_build ("path:line: text" each).
    defers_registered: list[str] = field(default_factory=list)
    defers_ran: list[str] = field(default_factory=list)
    defers_skipped: list[str] = field(default_factory=list)
    exits_reached: list[str] = field(default_factory=list)
    panics: list[str] = field(default_factory=list)

    def _describe(self) -> str:
        status = f"exit status {self.exit_code}" if self.signal is None else f"killed by {self.signal}"
        if self.timed_out:
            status += " (timed out)"
        tail = self.stderr.strip().splitlines()[-10:]
        return f"{' '.join(self.command)}: {status}" + ("\nstderr:\n  " + "\n  ".join(tail) if tail else "")

    def assert_exit_code(self, expected: int) -> None:
        if self.exit_code != expected:
            raise AssertionError(f"expected exit status {expected}, got {self._describe()}")

    def assert_killed_by(self, name: str) -> None:
        if self.signal != name:
            raise AssertionError(f"expected the program to be killed by {name}, got {self._describe()}")

    def assert_stderr_contains(self, text: str) -> None:
        if text not in self.stderr:
            raise AssertionError(f"expected stderr to contain {text!r}; {self._describe()}")


@dataclass
class Program:
    """A built Go program."""

    binary: Path
    package: Path

    def run(
        self,
        args=(),
        env: dict | None = None,
        stdin: str | bytes | None = None,
        timeout: float = 10,
        send_signal: tuple[str, float] | None = None,
        cwd: str | Path | None = None,
    ) -> RunResult:
        return run_process([str(self.binary), *args], env=env, stdin=stdin, timeout=timeout,
                           send_signal=send_signal, cwd=cwd)  # fmt: skip


def build(
    package: str | Path,
    out_dir: Path,
    *,
    tags=(),
    env: dict | None = None,
    extra_args=(),
    test_binary: bool = False,
) -> Program:
    """`go build` (or `go test -c`) the package in ``package`` (a directory) into ``out_dir``."""
    package = Path(package).resolve()
    binary = out_dir / ((package.name or "main") + (".test" if test_binary else ""))
    command = [go_binary(), "test", "-c"] if test_binary else [go_binary(), "build"]
    command += ["-o", str(binary)]
    if tags:
        command += ["-tags", ",".join(tags)]
    command += [*extra_args, "."]
    proc = subprocess.run(
        command, cwd=package, env=_merged(env), capture_output=True, text=True, timeout=600, check=False
    )
    if proc.returncode != 0:
        raise BuildFailed(command, proc.stdout + proc.stderr)
    return Program(binary, package)


def _merged(env: dict | None) -> dict:
    merged = dict(os.environ)
    if env:
        merged.update({k: str(v) for k, v in env.items()})
    return merged


def run_process(
    command: list[str],
    *,
    env: dict | None = None,
    stdin: str | bytes | None = None,
    timeout: float = 10,
    send_signal: tuple[str, float] | None = None,
    cwd: str | Path | None = None,
    signal_when: tuple[str, Path, str, float] | None = None,
) -> RunResult:
    """Run in a new process group with stdin closed (or fed), a temp working dir unless
    one is given, and kill the whole group on timeout: no orphans."""
    own_dir = None
    if cwd is None:
        # A working directory of its own, which is also TMPDIR: what the program leaves
        # behind (a temp file its skipped defer would have removed) goes with it.
        own_dir = tempfile.mkdtemp(prefix="goexit-run-")
        cwd = own_dir
        env = {"TMPDIR": own_dir, **(env or {})}
    data = stdin.encode() if isinstance(stdin, str) else stdin
    start = time.monotonic()
    proc = subprocess.Popen(
        command,
        cwd=cwd,
        env=_merged(env),
        stdin=subprocess.PIPE if data is not None else subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        start_new_session=True,
    )
    timed_out = False
    try:
        if signal_when is not None:
            # Send the signal once the probe file holds a line, then let the program react.
            name, probe_file, line, settle = signal_when
            if data is not None:
                proc.stdin.write(data)
                proc.stdin.close()
                data = None
            state, out, err = _wait_for_line(proc, probe_file, line, timeout)
            if state == "reached":
                time.sleep(settle)
                if proc.poll() is None:
                    _signal_group(proc, getattr(signal, name))
                out, err = _finish(proc, timeout)
            timed_out = out is None
        elif send_signal is not None:
            name, after = send_signal
            try:
                out, err = proc.communicate(data, timeout=after)
            except subprocess.TimeoutExpired:
                _signal_group(proc, getattr(signal, name))
                out, err = _finish(proc, max(timeout - after, 1))
                timed_out = out is None
        else:
            try:
                out, err = proc.communicate(data, timeout=timeout)
            except subprocess.TimeoutExpired:
                out, err = None, None
                timed_out = True
        if timed_out or out is None:
            timed_out = True
            _signal_group(proc, signal.SIGKILL)
            out, err = proc.communicate()
    finally:
        if proc.poll() is None:
            _signal_group(proc, signal.SIGKILL)
            proc.wait()
        _signal_group(proc, signal.SIGKILL)  # stragglers the program left in its group
        if own_dir is not None:
            shutil.rmtree(own_dir, ignore_errors=True)
    code = proc.returncode
    return RunResult(
        command=command,
        exit_code=code if code >= 0 else None,
        signal=signal.Signals(-code).name if code < 0 else None,
        stdout=out.decode("utf-8", "replace"),
        stderr=err.decode("utf-8", "replace"),
        duration=time.monotonic() - start,
        timed_out=timed_out,
        extra={"pgid": proc.pid},
    )


def _wait_for_line(proc: subprocess.Popen, path: Path, line: str, timeout: float):
    """Poll until ``line`` is in ``path``: ("reached", None, None); ("ended", out, err)
    when the program ended first; ("timeout", None, None)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            if line in Path(path).read_text(encoding="utf-8", errors="replace").splitlines():
                return "reached", None, None
        except OSError:
            pass
        if proc.poll() is not None:
            out, err = proc.communicate()
            return "ended", out, err
        time.sleep(0.02)
    return "timeout", None, None


def _finish(proc: subprocess.Popen, timeout: float):
    try:
        return proc.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        return None, None


def _signal_group(proc: subprocess.Popen, sig: int) -> None:
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(proc.pid, sig)
