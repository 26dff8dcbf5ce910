"""What well-known Go APIs mean for process exit, panics, goroutines and signals.

Names are import-path qualified ("os.Exit", "golang.org/x/sys/unix.Exit"); the model
resolves what the source wrote to these names, so rules never compare written identifiers.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

# Calls that end the process without running the caller's pending defers.
DEFAULT_EXITS = frozenset(
    {
        "os.Exit",
        "log.Fatal",
        "log.Fatalf",
        "log.Fatalln",
        "syscall.Exit",
        "golang.org/x/sys/unix.Exit",
        "golang.org/x/sys/windows.Exit",
        "golang.org/x/sys/windows.ExitProcess",
        "C.exit",
        "C._exit",
        "C.abort",
        "github.com/sirupsen/logrus.Fatal",
        "github.com/sirupsen/logrus.Fatalf",
        "github.com/sirupsen/logrus.Fatalln",
    }
    | {
        f"{pkg}.{fn}"
        for pkg in ("k8s.io/klog", "k8s.io/klog/v2", "github.com/golang/glog")
        for fn in (
            "Fatal",
            "Fatalf",
            "Fatalln",
            "FatalDepth",
            "Exit",
            "Exitf",
            "Exitln",
            "ExitDepth",
        )
    }
)

# Exits that bypass os.Exit itself (its hooks: race report, coverage flush).
RAW_EXITS = frozenset(
    {
        "syscall.Exit",
        "golang.org/x/sys/unix.Exit",
        "golang.org/x/sys/windows.Exit",
        "golang.org/x/sys/windows.ExitProcess",
        "C.exit",
        "C._exit",
    }
)

# Exits whose first argument is the exit status.
STATUS_EXITS = frozenset({"os.Exit", "syscall.Exit", "golang.org/x/sys/unix.Exit"})

# Methods of *log.Logger that exit, and the constructors that give such a logger.
LOGGER_FATAL_METHODS = frozenset({"Fatal", "Fatalf", "Fatalln"})
LOGGER_EXITS = frozenset(f"log.Logger.{m}" for m in LOGGER_FATAL_METHODS)
LOGGER_TYPES = frozenset({"log.Logger", "call:log.New", "call:log.Default"})

# Calls that panic explicitly (besides the builtin panic).
PANICS = frozenset({"log.Panic", "log.Panicf", "log.Panicln"})
LOGGER_PANIC_METHODS = frozenset({"Panic", "Panicf", "Panicln"})
LOGGER_PANICS = frozenset(f"log.Logger.{m}" for m in LOGGER_PANIC_METHODS)

# Raw system calls and the numbers that end the process.
SYSCALL_FUNCS = frozenset(
    f"{pkg}.{fn}"
    for pkg in ("syscall", "golang.org/x/sys/unix")
    for fn in ("Syscall", "Syscall6", "RawSyscall", "RawSyscall6", "SyscallN")
)
EXIT_SYSCALL_NUMBERS = frozenset(
    f"{pkg}.{n}" for pkg in ("syscall", "golang.org/x/sys/unix") for n in ("SYS_EXIT", "SYS_EXIT_GROUP")
)

# Windows DLL loading: constructors whose result can look up ExitProcess.
DLL_LOADERS = frozenset(
    f"{pkg}.{fn}"
    for pkg in ("syscall", "golang.org/x/sys/windows")
    for fn in ("NewLazyDLL", "NewLazySystemDLL", "LoadDLL", "MustLoadDLL", "LoadLibrary")
)
PROC_LOOKUPS = frozenset({"NewProc", "FindProc", "MustFindProc", "GetProcAddress"})
PROC_CALLS = frozenset({"Call"})

# Goroutine launchers: qualified methods or functions whose function argument runs as a
# goroutine.
DEFAULT_LAUNCHERS = frozenset(
    {
        "golang.org/x/sync/errgroup.Group.Go",
        "golang.org/x/sync/errgroup.Group.TryGo",
        "sync.WaitGroup.Go",
    }
)
# Variable origins that give an errgroup.Group.
ERRGROUP_ORIGINS = frozenset({"call:golang.org/x/sync/errgroup.WithContext"})

# Signals.
SIGNAL_REGISTER = frozenset({"os/signal.Notify", "os/signal.NotifyContext"})
SIGNAL_ALL = SIGNAL_REGISTER | {"os/signal.Ignore", "os/signal.Reset"}
SIGINT_VALUES = frozenset({"os.Interrupt", "syscall.SIGINT", "golang.org/x/sys/unix.SIGINT"})
SIGTERM_VALUES = frozenset({"syscall.SIGTERM", "golang.org/x/sys/unix.SIGTERM"})
UNTRAPPABLE = frozenset(
    {"os.Kill"} | {f"{pkg}.{s}" for pkg in ("syscall", "golang.org/x/sys/unix") for s in ("SIGKILL", "SIGSTOP")}
)
OS_SIGNAL = "os.Signal"

# Calls that serve forever.
SERVE_FUNCS = frozenset(
    {"net/http.ListenAndServe", "net/http.ListenAndServeTLS", "net/http.Serve", "net/http.ServeTLS"}
)
SERVE_METHODS = frozenset({"ListenAndServe", "ListenAndServeTLS", "Serve", "ServeTLS"})

# testing methods that call runtime.Goexit.
TESTING_TYPES = frozenset({"testing.T", "testing.B", "testing.F", "testing.TB"})
FAILNOW_METHODS = frozenset({"Fatal", "Fatalf", "FailNow", "Skip", "Skipf", "SkipNow"})

BUILTINS = frozenset(
    {
        "append",
        "cap",
        "clear",
        "close",
        "complex",
        "copy",
        "delete",
        "imag",
        "len",
        "make",
        "max",
        "min",
        "new",
        "panic",
        "print",
        "println",
        "real",
        "recover",
    }
)

KNOWN_GOOS = frozenset(
    {
        "aix",
        "android",
        "darwin",
        "dragonfly",
        "freebsd",
        "hurd",
        "illumos",
        "ios",
        "js",
        "linux",
        "nacl",
        "netbsd",
        "openbsd",
        "plan9",
        "solaris",
        "wasip1",
        "windows",
        "zos",
    }
)
KNOWN_GOARCH = frozenset(
    {
        "386",
        "amd64",
        "arm",
        "arm64",
        "loong64",
        "mips",
        "mipsle",
        "mips64",
        "mips64le",
        "ppc64",
        "ppc64le",
        "riscv64",
        "s390x",
        "wasm",
        "sparc64",
    }
)

_VERSION_ELEM = re.compile(r"^v[0-9]+$")


@lru_cache(maxsize=4096)
def default_import_name(path: str) -> str:
    """The name an import binds when it is not renamed, following Go conventions."""
    elems = path.split("/")
    name = elems[-1]
    if _VERSION_ELEM.match(name) and len(elems) > 1:
        name = elems[-2]
    name = re.sub(r"\.v[0-9]+$", "", name)
    if name.startswith("go-"):
        name = name[3:]
    for suffix in ("-go", ".go"):
        if name.endswith(suffix):
            name = name[: -len(suffix)]
    return name.replace("-", "_").replace(".", "_")


# Constructors whose result has a known type: lets `l := log.New(...); l.Fatal()` resolve.
CONSTRUCTED_TYPES = {
    "call:log.New": "log.Logger",
    "call:log.Default": "log.Logger",
    "call:golang.org/x/sync/errgroup.WithContext": "golang.org/x/sync/errgroup.Group",
}

_STATIC_QUALS = (
    SIGNAL_ALL
    | SERVE_FUNCS
    | SYSCALL_FUNCS
    | DLL_LOADERS
    | {f"{pkg}.GetProcAddress" for pkg in ("syscall", "golang.org/x/sys/windows")}
    | {"runtime.Goexit"}
    | {c.removeprefix("call:") for c in CONSTRUCTED_TYPES}
)
_STATIC_METHODS = (
    LOGGER_FATAL_METHODS
    | LOGGER_PANIC_METHODS
    | FAILNOW_METHODS
    | SERVE_METHODS
    | PROC_LOOKUPS
    | PROC_CALLS
    | {"Accept"}  # a listener's Accept loop serves forever (GX401)
)


@dataclass(frozen=True)
class Interest:
    """Which calls a file model records. Most calls in Go code (fmt.Sprintf, w.Write) can
    matter to no rule: skipping them early is most of the model's speed. Calls to
    in-package functions, literals and typed receivers are always kept (the call graph)."""

    quals: frozenset[str]
    methods: frozenset[str]
    # Call targets whose arguments and text rules read: the methods above, and the uintptr
    # conversion that passes a looked-up procedure to syscall.SyscallN.
    details: frozenset[str]
    # By role, for deciding which declarations to model (selection.py).
    exits: frozenset[str] = frozenset()
    launchers: frozenset[str] = frozenset()
    signals: frozenset[str] = frozenset()  # signal helpers: calling one handles signals

    @classmethod
    def of(cls, exits, panics, launchers, signal_helpers) -> Interest:
        named = set(exits) | set(panics) | set(launchers) | set(signal_helpers)
        methods = frozenset(_STATIC_METHODS | {n.rsplit(".", 1)[-1] for n in named})
        return cls(
            quals=frozenset(_STATIC_QUALS | named),
            methods=methods,
            details=methods | {"uintptr"},
            exits=frozenset(exits),
            launchers=frozenset(launchers),
            signals=frozenset(signal_helpers),
        )

    def key(self) -> str:
        return "\0".join(sorted(self.quals)) + "\1" + "\0".join(sorted(self.methods))


# The default Catalog's (package.py).
DEFAULT_INTEREST = Interest.of(DEFAULT_EXITS | LOGGER_EXITS, PANICS | LOGGER_PANICS, DEFAULT_LAUNCHERS, ())
