"""Plain-data facts about one Go file: what the model extracts and every later stage reads.

Everything here is built from ints, strings and tuples so a FileModel can be pickled,
shipped from a worker process and cached on disk. Keys are byte offsets in the file: a
function's start byte, a call's end byte (a call and the call it is chained on share their
start), both unique per kind and stable for a given content.
"""

from __future__ import annotations

from dataclasses import dataclass, field

# A statement path: from the function body down to a statement, one step per enclosing
# statement list: (list start byte, statement start byte, list is inside a loop of the
# same function, list ends with a return). See paths.py for how two paths are compared.
Step = tuple[int, int, bool, bool]
Path = tuple[Step, ...]


@dataclass(slots=True)
class Span:
    """1-based line and 1-based column in Unicode code points, end inclusive of the last char + 1."""

    line: int
    col: int
    end_line: int
    end_col: int


@dataclass(slots=True)
class Func:
    key: int
    kind: str  # "func" | "method" | "literal"
    name: str  # "" for literals
    span: Span
    parent: int | None  # enclosing function key, for literals
    recv_name: str | None = None
    recv_type: str | None = None  # base type name of a method receiver, without "*"
    params: tuple[tuple[str, str], ...] = ()  # (name, resolved type text)
    result: str = ""  # the (first) result type, pointer dropped: what `x := f()` holds
    # How a literal is used where it is written: "defer" (defer func(){}()), "go",
    # "call" (func(){}()), "arg" (passed to a call), "assign" (to a variable), "other".
    usage: str = ""
    usage_ref: str = ""  # the call key for "arg", the variable name for "assign"
    # Byte offset in the body just after the leading defer statements: where confirm
    # injects a panic that a deferred recover of this function would catch.
    inject_at: int | None = None


@dataclass(slots=True)
class Call:
    key: int
    func: int | None  # key of the innermost enclosing function; None at package level
    # How the callee resolved:
    #   "qual"    target = "importpath.Name"   (os.Exit, golang.org/x/sys/unix.Exit, C.exit)
    #   "ident"   target = "Name"              (in-package function, resolved by package.py)
    #   "builtin" target = "panic" | "recover" | ...
    #   "method"  target = "Name", recv/recv_type/recv_call describe the operand
    #   "local"   target = variable name holding a function value
    #   "literal" target = str(func key) of an immediately called func literal
    #   "other"   target = ""
    kind: str
    target: str
    span: Span
    path: Path
    recv: str | None = None  # operand identifier of a method call
    recv_type: str | None = None  # resolved declared type/origin of that operand, see model.py
    recv_call: int | None = None  # key of the call the method is called on: a().b()
    args: tuple[str, ...] = ()  # one token per argument, see model.arg_token
    arg_origins: tuple[str, ...] = ()  # per argument: what a local variable was made from
    assigned: tuple[str, ...] = ()  # variables the result is assigned to
    stmt: str = ""  # "defer" / "go" when this is the call of such a statement
    in_defer_args: bool = False  # evaluated while a defer statement is registered
    text: str = ""  # first line of the call's source, shortened


@dataclass(slots=True)
class Defer:
    key: int  # start byte of the statement
    end: int  # end byte of the statement
    func: int
    call: int | None  # key of the deferred call
    span: Span
    path: Path
    text: str


@dataclass(slots=True)
class GoStmt:
    key: int
    func: int | None
    call: int | None
    span: Span


@dataclass(slots=True)
class Blocking:
    """A statement that keeps the goroutine alive indefinitely: `for {}` with no way out,
    `select {}`, or a loop around a listener's Accept."""

    func: int
    kind: str  # "for" | "select" | "accept"
    span: Span
    path: Path


@dataclass(slots=True)
class Suppression:
    line: int  # the line the comment applies to (its own line; and the next one)
    codes: tuple[str, ...]  # empty means every code
    span: Span
    source: str  # "goexit" | "nolint"


@dataclass(slots=True)
class FileModel:
    path: str  # as given to the engine, POSIX
    package: str = ""
    is_test: bool = False
    generated: bool = False
    build: str = ""  # //go:build expression
    goos: str = ""  # from a _GOOS.go / _GOOS_GOARCH.go suffix or a single-OS //go:build
    imports: dict[str, str] = field(default_factory=dict)  # alias -> import path
    dot_imports: tuple[str, ...] = ()
    funcs: list[Func] = field(default_factory=list)
    calls: list[Call] = field(default_factory=list)
    defers: list[Defer] = field(default_factory=list)
    gos: list[GoStmt] = field(default_factory=list)
    blocking: list[Blocking] = field(default_factory=list)
    suppressions: list[Suppression] = field(default_factory=list)
    # Package variables holding an exit of the catalog (`var osExit = os.Exit`, swapped in
    # tests): name -> what they hold ("os.Exit"). A call of one is that exit.
    exit_values: dict[str, str] = field(default_factory=dict)
    # Fields of this file's struct types holding a value with exiting methods (`log
    # *log.Logger`): "Type.field" -> "log.Logger". A method call on one may be an exit.
    struct_fields: dict[str, str] = field(default_factory=dict)
    parse_error: Span | None = None
    error: str = ""  # set when the file could not be read at all
