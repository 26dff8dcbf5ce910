"""Struct fields that hold a value with exiting methods (`log *log.Logger`): a method
call on such a field (`s.log.Fatal(...)`) may be that exit. Read off the top-level type
declarations of a file, in the first pass over it (any file of the package may make the
call: package.py types the field through the variable's type)."""

from __future__ import annotations

import tree_sitter

from . import golib
from .parse import import_bindings, kind, text
from .resolve import Names
from .seeds import exiting_types

_TYPE_DECLARATION = kind("type_declaration")


def exiting_fields(root: tree_sitter.Node, source: bytes, interest: golib.Interest) -> dict[str, str]:
    """The fields of this file's named struct types that hold an exiting type, as
    "Type.field" -> "log.Logger" (a type declaration naming no such type is not walked)."""
    exiting = exiting_types(interest)
    found: dict[str, str] = {}
    names: Names | None = None  # resolves a field's type against the file's imports
    for child in root.named_children:
        if child.kind_id != _TYPE_DECLARATION:
            continue
        start, end = child.start_byte, child.end_byte
        if not any(source.find(name, start, end) >= 0 for name in exiting.values()):
            continue
        if names is None:
            names = Names({name: path for path, name in import_bindings(root) if name not in (".", "_")}, ())
        for spec in child.named_children:
            struct = spec.child_by_field_name("type") if spec.type == "type_spec" else None
            fields = struct.named_children[0] if struct is not None and struct.type == "struct_type" else None
            if fields is None or fields.type != "field_declaration_list":
                continue
            owner = text(spec.child_by_field_name("name"))
            for declared in fields.named_children:
                held = names.type_name(declared.child_by_field_name("type"))  # "log.Logger" for *log.Logger
                if held in exiting:
                    for name in declared.children_by_field_name("name"):
                        found[f"{owner}.{text(name)}"] = held
    return found


def field_names(fields: dict[str, str]) -> set[bytes]:
    """The fields' own names (b"log" of "server.log"), as a selector writes them."""
    return {key.rpartition(".")[2].encode() for key in fields}
