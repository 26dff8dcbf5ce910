"""Whether a `.Fatal(` written in a declaration can be a call the model types as an
exiting method (selection.py: such calls are seeds of the exit search). Read off the
source and the syntax tree as resolve.Names types receivers, so that a seed is never
dropped where the model would see an exit."""

from __future__ import annotations

from . import seeds
from .namegraph import Declarations, selector_operand
from .resolve import strip_parens

_DECLARING = ("parameter_declaration", "variadic_parameter_declaration", "var_spec")


class Receivers:
    """The answers for one directory's declarations, each worked out once."""

    def __init__(self, decls: Declarations, fields: set[bytes]):
        """``fields``: the names of the fields the directory's struct types declare with an
        exiting type (structfields.py, as the model reads them)."""
        self.decls = decls
        self._answers: dict[tuple[int, bytes], bool] = {}  # (declaration, name) -> not_exiting_value
        self.fields = fields

    def not_exiting_value(self, file: int, offset: int, index: int) -> bool:
        """Is the receiver of this `.Fatal(` no value the model could type as an exiting
        type? Like resolve.Names.callee_of, read off the tree: a receiver is typed only
        when it is an identifier (parentheses aside) or a call (log.Default().Fatal(), a
        known constructor), or a variable's field (`s.log.Fatal(`) that a struct type of
        the directory declares with an exiting type. `c.t.Fatal(` (a testing
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
            return holder.type != "identifier" or field is None or field.text not in self.fields
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
