"""Whether a `.Fatal(` written in a declaration can be a call the model types as an
exiting method (selection.py: such calls are seeds of the exit search). Read off the
source and the syntax tree as resolve.Names types receivers, so that a seed is never
dropped where the model would see an exit."""

from __future__ import annotations

import re

from . import seeds
from .namegraph import Declarations, selector_operand
from .resolve import strip_parens

_DECLARING = ("parameter_declaration", "variadic_parameter_declaration", "var_spec")
# A line up to a field's qualified type: `\tname, other *pkg.`, `struct{ name pkg.`.
_FIELD_TYPE = re.compile(
    rb"(?:^|[{;])[ \t]*[A-Za-z_]\w*(?:[ \t]*,[ \t]*[A-Za-z_]\w*)*[ \t]+\*?[ \t]*[A-Za-z_]\w*[ \t]*\.[ \t]*$",
    re.MULTILINE,
)
# Above a field declaration of a top-level named struct type.
_FIELD_ANCESTORS = ("field_declaration_list", "struct_type", "type_spec", "type_declaration")


class Receivers:
    """The answers for one directory's declarations, each worked out once."""

    def __init__(self, decls: Declarations, type_words: frozenset[bytes] = frozenset()):
        """``type_words``: the names of the types with exiting methods (b"Logger")."""
        self.decls = decls
        self._answers: dict[tuple[int, bytes], bool] = {}  # (declaration, name) -> not_exiting_value
        self.type_words = type_words
        self._fields: set[bytes] | None = None  # fields field_may_exit finds, once asked

    def not_exiting_value(self, file: int, offset: int, index: int) -> bool:
        """Is the receiver of this `.Fatal(` no value the model could type as an exiting
        type? Like resolve.Names.callee_of, read off the tree: a receiver is typed only
        when it is an identifier (parentheses aside) or a call (log.Default().Fatal(), a
        known constructor), or a variable's field (`s.log.Fatal(`) that a struct type of
        the directory declares with another package's type. `c.t.Fatal(` (a testing
        field), `xs[i].Fatal(`: never. `t.Fatal(` where every declaration of t in this
        function gives it a testing type or a type of this package, and none gives it a
        value the model could type: never either."""
        source, d = self.decls.sources[file], self.decls.items[index]
        dot = self.decls.node_at(file, offset)
        operand = selector_operand(dot) if dot is not None else None
        if operand is None or operand.type == "call_expression":
            return False  # not a method call after all, or a value made by a call: the model decides
        if operand.type == "selector_expression":  # `s.log.Fatal(`: typed by the field's declaration
            holder = strip_parens(operand.child_by_field_name("operand"))
            field = operand.child_by_field_name("field")
            return holder.type != "identifier" or field is None or not self.field_may_exit(field.text)
        if operand.type != "identifier":
            return True
        name = operand.text
        answer = self._answers.get((index, name))
        if answer is None:
            types = [
                m.group(1)
                for m in seeds.declared_types(name).finditer(source, d.start, d.end)
                if self.declares(file, m.start())
            ]
            answer = self._answers[(index, name)] = (
                bool(types) and all(seeds.never_exiting(t) for t in types) and not self.may_type(index, name)
            )
        return answer

    def field_may_exit(self, name: bytes) -> bool:
        """Does a top-level named struct type of this directory declare a field ``name``
        of another package's type named like an exiting one (`log *log.Logger`; what
        structfields.py reads for the model)?"""
        if self._fields is None:
            self._fields = set()
            for i, source in enumerate(self.decls.sources):
                for word in self.type_words:
                    pos = source.find(word)
                    while pos >= 0:
                        # Written as a field's type (`name *pkg.T` on its line)? Only then is
                        # the tree asked: a big directory's trees may have to be parsed again.
                        if _FIELD_TYPE.search(source, source.rfind(b"\n", 0, pos) + 1, pos):
                            self._fields.update(self.fields_typed_at(i, pos))
                        pos = source.find(word, pos + len(word))
        return name in self._fields

    def fields_typed_at(self, file: int, offset: int) -> list[bytes]:
        """The fields a struct field declaration names, when the type name at ``offset`` is
        that declaration's type (`*pkg.T` or `pkg.T`) in a top-level named struct type."""
        node = self.decls.node_at(file, offset)
        if node is None or node.type != "type_identifier" or node.parent is None:
            return []
        held = node.parent  # qualified_type
        declared = held.parent.parent if held.parent is not None and held.parent.type == "pointer_type" else held.parent
        if held.type != "qualified_type" or declared is None or declared.type != "field_declaration":
            return []
        holder = declared
        for expected in _FIELD_ANCESTORS:
            holder = holder.parent
            if holder is None or holder.type != expected:
                return []
        return [n.text for n in declared.children_by_field_name("name")]

    def may_type(self, index: int, name: bytes) -> bool:
        """Does this declaration give a variable ``name`` a value the model could type
        (resolve.Names reads declarations only: `x = ...` changes no type it knows, and a
        type assertion gives none)? `t, ok := any(t).(*testing.T)`: no."""
        d = self.decls.items[index]
        for m in seeds.assigned(name).finditer(self.decls.sources[d.file], d.start, d.end):
            node = self.decls.node_at(d.file, m.start())
            if node is None or node.type != "identifier":
                continue  # a string or a comment
            holder = node.parent
            if holder is not None and holder.type == "expression_list":
                holder = holder.parent
            if holder is None:
                return True
            if holder.type == "assignment_statement":
                continue
            value = holder.child_by_field_name("right" if holder.type == "short_var_declaration" else "value")
            values = value.named_children if value is not None else []
            if values and all(strip_parens(v).type == "type_assertion_expression" for v in values):
                continue
            return True
        return False

    def declares(self, file: int, offset: int) -> bool:
        """Is the identifier at ``offset`` the name a parameter or var declares?"""
        node = self.decls.node_at(file, offset)
        parent = node.parent if node is not None and node.type == "identifier" else None
        return parent is not None and parent.type in _DECLARING
