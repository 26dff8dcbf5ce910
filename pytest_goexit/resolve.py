"""Names in one Go file: which declaration an identifier refers to at a given point
(locals, parameters, receivers, named results and package-level variables shadow import
names), and what a variable was initialised from.

Go scoping is lexical: a name declared in a block is visible from the end of its
declaration to the end of that block. Declarations are recorded with their scope node
and that start; a lookup walks from the use up through its enclosing scopes.
"""

from __future__ import annotations

from collections.abc import Iterable

import tree_sitter

from . import golib
from .calls import arguments_of, function_of, instantiated, is_call, qualifier_of
from .parse import text

FUNC_TYPES = frozenset({"function_declaration", "method_declaration", "func_literal"})
# Nodes that open a lexical scope for the declarations directly inside them.
SCOPE_TYPES = FUNC_TYPES | {
    "block",
    "if_statement",
    "for_statement",
    "expression_switch_statement",
    "type_switch_statement",
    "expression_case",
    "type_case",
    "default_case",
    "communication_case",
    "source_file",
}


def strip_parens(node: tree_sitter.Node) -> tree_sitter.Node:
    while node.type == "parenthesized_expression" and node.named_child_count == 1:
        node = node.named_children[0]
    return node


def enclosing(node: tree_sitter.Node, types: Iterable[str]) -> tree_sitter.Node | None:
    cur = node.parent
    while cur is not None and cur.type not in types:
        cur = cur.parent
    return cur


def int_value(node: tree_sitter.Node) -> int | None:
    node = strip_parens(node)
    if node.type == "unary_expression" and node.child_count == 2:
        op, operand = node.children
        value = int_value(operand)
        if value is None or op.type not in ("-", "+"):
            return None
        return -value if op.type == "-" else value
    if node.type != "int_literal":
        return None
    literal = text(node).replace("_", "").lower()
    try:
        if len(literal) > 1 and literal[0] == "0" and literal[1].isdigit():
            return int(literal[1:], 8)
        return int(literal, 0)
    except ValueError:
        return None


class Names:
    def __init__(self, imports: dict[str, str], dot_imports: tuple[str, ...], exits: frozenset[str] = frozenset()):
        self.imports = imports
        self.dot_imports = dot_imports
        # A variable holding one of these (origin "ref:os.Exit") is called as that exit.
        self.exits = exits
        # Package variables given another package's name as their value (`var osExit =
        # os.Exit`): (name node, value), for FileModel.exit_values.
        self.package_refs: list[tuple[tree_sitter.Node, tree_sitter.Node]] = []
        # name -> scope node id -> [[visible-from byte, origin]] for every declared name.
        # An origin is computed on first lookup ("type" or "value" node until then):
        # most declarations are never looked up.
        self.decls: dict[str, dict[int, list[list]]] = {}

    def declare(self, name_node: tree_sitter.Node, scope: tree_sitter.Node | None, visible_from: int, origin):
        name = text(name_node)
        if not name or name == "_" or scope is None:
            return
        self.decls.setdefault(name, {}).setdefault(scope.id, []).append([visible_from, origin])

    def lookup(self, name: str, use: tree_sitter.Node) -> str | None:
        """Origin of the local or package-level declaration ``name`` refers to at ``use``,
        or None when it is not declared in any enclosing scope (an import, a function)."""
        scopes = self.decls.get(name)
        if not scopes:
            return None
        pos = use.start_byte
        cur = use.parent
        while cur is not None:
            found = scopes.get(cur.id)
            if found is not None:
                visible = [entry for entry in found if entry[0] <= pos]
                if visible:
                    entry = max(visible, key=lambda e: e[0])
                    if not isinstance(entry[1], str):
                        kind, node = entry[1]
                        entry[1] = self.type_name(node) if kind == "type" else self.origin(node)
                    return entry[1]
            cur = cur.parent
        return None

    def type_name(self, node: tree_sitter.Node | None) -> str:
        """A type expression with package names replaced by import paths, pointers dropped."""
        if node is None:
            return ""
        t = node.type
        if t in ("pointer_type", "parenthesized_type"):
            return self.type_name(node.named_children[-1] if node.named_child_count else None)
        if t == "qualified_type":
            pkg = text(node.child_by_field_name("package"))
            name = text(node.child_by_field_name("name"))
            return f"{self.imports.get(pkg, pkg)}.{name}"
        if t == "generic_type":
            return self.type_name(node.child_by_field_name("type"))
        if t == "type_identifier":
            return text(node)
        if t == "channel_type":
            return "chan " + self.type_name(node.child_by_field_name("value"))
        return text(node)

    def origin(self, value: tree_sitter.Node | None) -> str:
        """What a declared variable was initialised from, enough to recognise loggers,
        errgroups, signal channels and DLL handles: a type name or ``call:<callee>``."""
        if value is None:
            return ""
        value = strip_parens(value)
        t = value.type
        if t == "unary_expression" and value.named_child_count == 1:
            return self.origin(value.named_children[0])
        if t == "composite_literal":
            return self.type_name(value.child_by_field_name("type"))
        if t == "func_literal":
            return "func"
        if t == "selector_expression":  # `pkg.Name` as a value: maybe a function, to call later
            member = self.package_member(
                strip_parens(value.child_by_field_name("operand")), value.child_by_field_name("field")
            )
            return "ref:" + member if member is not None else ""
        if is_call(value):
            fn = strip_parens(function_of(value))
            arg_nodes = arguments_of(value)[1]
            if fn.type == "identifier" and text(fn) == "new" and arg_nodes:
                return self.type_name(arg_nodes[0])
            if fn.type == "identifier" and text(fn) == "make" and arg_nodes:
                capacity = int_value(arg_nodes[1]) if len(arg_nodes) > 1 else 0
                cap_text = "" if capacity is None else str(capacity)
                return f"make:{self.type_name(arg_nodes[0])}:{cap_text}"
            kind, target = self.callee_of(fn)[:2]
            if kind == "qual":
                return "call:" + target
            if kind == "method":
                return "method:" + target
            if kind in ("ident", "local"):
                return "call:" + target  # the function, not `F[T]`
            return "call:" + text(fn)
        return ""

    # -- pieces ------------------------------------------------------------------------

    def callee_of(self, fn: tree_sitter.Node) -> tuple[str, str, str | None, str | None, int | None]:
        """(kind, target, recv, recv_type, recv_call) for the function part of a call."""
        fn = strip_parens(fn)
        t = fn.type
        if t == "identifier":
            name = text(fn)
            origin = self.lookup(name, fn)
            if origin is not None:
                if origin.startswith("ref:") and origin[4:] in self.exits:
                    return "qual", origin[4:], None, None, None  # `exit := os.Exit; exit(1)`
                return "local", name, None, None, None
            if name in golib.BUILTINS:
                return "builtin", name, None, None, None
            return "ident", name, None, None, None
        if t == "selector_expression":
            operand = strip_parens(fn.child_by_field_name("operand"))
            sel = text(fn.child_by_field_name("field"))
            if operand.type == "identifier":
                name = text(operand)
                origin = self.lookup(name, operand)
                if origin is None and name in self.imports:
                    return "qual", f"{self.imports[name]}.{sel}", None, None, None
                return "method", sel, name, origin or "", None
            if operand.type == "call_expression":
                return "method", sel, None, None, operand.end_byte
            if operand.type == "selector_expression":  # `s.log.Fatal(`: a field of a variable's type
                holder = strip_parens(operand.child_by_field_name("operand"))
                origin = self.lookup(text(holder), holder) if holder.type == "identifier" else None
                if origin:
                    field = text(operand.child_by_field_name("field"))
                    return "method", sel, None, f"field:{origin}\0{field}", None
            return "method", sel, None, None, None
        if t == "func_literal":
            return "literal", str(fn.start_byte), None, None, None
        base = instantiated(fn)
        if base is not None:
            return self._instantiated(base)
        return "other", "", None, None, None

    def _instantiated(self, base: tree_sitter.Node) -> tuple[str, str, None, None, None]:
        """callee_of for `F[T]` or `pkg.F[T]` called (``base``: F or pkg.F): a generic
        function with its type arguments, or a function held in a slice or map (a local
        variable then, or no function of the package). A method has no type parameters:
        `x.f[i](...)` calls a field's element."""
        if base.type in ("identifier", "type_identifier"):
            name = text(base)
            return ("local" if self.lookup(name, base) is not None else "ident"), name, None, None, None
        member = self.package_member(*qualifier_of(base))
        if member is not None:
            return "qual", member, None, None, None
        return "other", "", None, None, None

    def package_member(self, operand: tree_sitter.Node | None, selected: tree_sitter.Node | None) -> str | None:
        """What `pkg.Name` names ("import/path.Name") when pkg is an import no declaration
        in scope shadows; None otherwise."""
        if operand is None or operand.type not in ("identifier", "package_identifier"):
            return None
        name = text(operand)
        if name not in self.imports or self.lookup(name, operand) is not None:
            return None
        return f"{self.imports[name]}.{text(selected)}"

    def arg_token(self, node: tree_sitter.Node) -> str:
        node = strip_parens(node)
        t = node.type
        if t == "selector_expression":
            member = self.package_member(node.child_by_field_name("operand"), node.child_by_field_name("field"))
            if member is not None:
                return "Q:" + member
        elif t == "identifier":
            name = text(node)
            if self.lookup(name, node) is None and self.dot_imports:
                return "D:" + name
            return "I:" + name
        elif t in ("int_literal", "unary_expression"):
            value = int_value(node)
            if value is not None:
                return f"N:{value}"
        elif t in ("interpreted_string_literal", "raw_string_literal"):
            return "S:" + text(node)[1:-1]
        elif t == "call_expression":
            return f"C:{node.end_byte}"
        elif t == "func_literal":
            return f"F:{node.start_byte}"
        return "X:" + text(node)[:60]

    def add_decl(self, node: tree_sitter.Node):
        """Record the names a declaration, parameter, range or receive clause binds."""
        t = node.type
        scope = enclosing(node, SCOPE_TYPES)
        if t in ("short_var_declaration", "var_spec", "const_spec"):
            if t == "short_var_declaration":
                left = node.child_by_field_name("left")
                names = left.named_children if left is not None else []
            else:
                names = node.children_by_field_name("name")
            value = node.child_by_field_name("right" if t == "short_var_declaration" else "value")
            values = value.named_children if value is not None else []
            type_node = node.child_by_field_name("type") if t != "short_var_declaration" else None
            for i, name in enumerate(names):
                if type_node is not None:
                    origin = ("type", type_node)
                elif len(values) == len(names):
                    origin = ("value", values[i])
                elif len(values) == 1 and i == 0:  # a, err := f(): the first result
                    origin = ("value", values[0])
                else:
                    origin = ""
                self.declare(name, scope, node.end_byte, origin)
                # A package variable given `pkg.Name` (what origin() reads as ref:...).
                if scope is not None and scope.type == "source_file" and origin and origin[0] == "value":
                    value = strip_parens(origin[1])
                    if value.type == "selector_expression":
                        self.package_refs.append((name, value))
        elif t in ("parameter_declaration", "variadic_parameter_declaration"):
            func = node.parent.parent if node.parent is not None else None
            if func is None or func.type not in FUNC_TYPES:
                return  # a parameter of a function type, not a variable in any body
            type_node = node.child_by_field_name("type")
            for name in node.children_by_field_name("name"):
                self.declare(name, func, node.end_byte, ("type", type_node))
        elif t in ("range_clause", "receive_statement"):
            if not any(c.type == ":=" for c in node.children):
                return
            left = node.child_by_field_name("left")
            for name in left.named_children if left is not None else []:
                self.declare(name, node.parent, node.end_byte, "")
        elif t == "type_switch_statement":
            alias = node.child_by_field_name("alias")
            for name in alias.named_children if alias is not None else []:
                self.declare(name, node, alias.end_byte, "")


def assigned_names(call: tree_sitter.Node) -> tuple[str, ...]:
    """The variables a call's single result is assigned to (`l := log.New(...)`)."""
    parent = call.parent
    if parent is None or parent.type != "expression_list" or parent.named_child_count != 1:
        return ()
    holder = parent.parent
    if holder is None:
        return ()
    if holder.type in ("short_var_declaration", "assignment_statement"):
        left = holder.child_by_field_name("left")
        if left is not None and left != parent:
            return tuple(text(n) for n in left.named_children if n.type == "identifier")
    if holder.type == "var_spec":
        return tuple(text(n) for n in holder.children_by_field_name("name"))
    return ()


def literal_usage(lit: tree_sitter.Node) -> tuple[str, str]:
    """How a func literal is used: called in place or passed as an argument (with that
    call's end byte), deferred, run as a goroutine, assigned (with the name), or other."""
    child, parent = lit, lit.parent
    while parent is not None and parent.type == "parenthesized_expression":
        child, parent = parent, parent.parent
    if parent is None:
        return "other", ""
    if parent.type == "call_expression" and parent.child_by_field_name("function") == child:
        holder = parent.parent
        if holder is not None and holder.type in ("defer_statement", "go_statement"):
            return holder.type.split("_")[0], ""
        return "call", str(parent.end_byte)
    if parent.type == "argument_list" and parent.parent is not None:
        return "arg", str(parent.parent.end_byte)
    if parent.type == "expression_list" and parent.parent is not None:
        holder = parent.parent
        right = holder.child_by_field_name("right") or holder.child_by_field_name("value")
        left = holder.child_by_field_name("left")
        names = left.named_children if left is not None else holder.children_by_field_name("name")
        if right == parent:
            index = parent.named_children.index(child) if child in parent.named_children else -1
            if 0 <= index < len(names):
                return "assign", text(names[index])
    return "other", ""
