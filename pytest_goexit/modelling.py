"""The files of one directory, read, to models: parse what is needed, select what to
model (selection.py), model it (model.py). What a directory missing from the cache costs:
the engine imports this module only then, so that a run finding every directory cached
loads no parser and no model.
"""

from __future__ import annotations

from . import selection
from .discovery import SourceFile
from .facts import FileModel
from .golib import Interest
from .model import add_stubs, build_file_model
from .parse import Trees
from .selection import FilePick
from .structfields import exiting_fields, field_names
from .toplevel import FileTop, file_top
from .unparsed import set_aside, settle


def models_of(
    read: list[tuple[SourceFile, bytes | None, str]], interest: Interest, prune: bool = True
) -> list[FileModel]:
    """Models of files already read. With ``prune``: one pass parses each file and takes
    what the selection reads of it and its model with nothing picked; after selection, the
    files with something picked are modelled further (their trees parsed again only if
    the directory was too big to keep them all: parse.Trees). A generated file the others
    do not link to is not parsed at all (unparsed.py)."""
    readable = [(s, data) for s, data, _ in read if data is not None]
    trees = Trees([data for _, data in readable])
    built: dict[str, FileModel] = {}
    if not prune:
        for i, (s, data) in enumerate(readable):
            built[s.path] = _modelled(s, data, interest, None, trees.root(i), None)
            trees.release(i)
    else:
        # Generated files nothing links to the others stay unparsed (unparsed.py): one the
        # selection links to is parsed, and the selection made again with it (unless only
        # stubs of its functions are read).
        aside = {i: u for i, (s, data) in enumerate(readable) if (u := set_aside(s.path, data, interest)) is not None}
        tops = [FileTop(b"", [], []) for _ in readable]
        fields: set[bytes] = set()  # of the struct types, holding an exiting type (selection.select)
        bases: list[FileModel | None] = [None for _ in readable]
        pending = [i for i in range(len(readable)) if i not in aside]
        if sum(len(trees.sources[i]) for i in pending) <= trees.budget:
            # One parse after the other, before any file is read: the parser's tables and
            # stacks stay in the CPU's caches (1 % of a check's CPU, interleaved A/B).
            for i in pending:
                trees.root(i)
        while True:
            for i in pending:
                s, data = readable[i]
                root = trees.root(i)
                tops[i] = file_top(root, data)
                if not root.has_error:  # a broken file is modelled whole, with the selection's callables
                    bases[i] = _modelled(s, data, interest, frozenset(), root, FilePick.nothing())
                    fields |= field_names(bases[i].struct_fields)
                else:
                    fields |= field_names(exiting_fields(root, data, interest))
            chosen = selection.select(trees.sources, trees, interest, tops, fields, links=bool(aside))
            pending, stubs = settle(aside, chosen)
            if not pending:
                break
            for i in pending:
                del aside[i]
        for i, ((s, data), pick, base) in enumerate(zip(readable, chosen.files, bases, strict=True)):
            if i in aside:
                built[s.path] = aside[i].stubbed(stubs.get(i, {}), interest)
            elif base is not None and (base.error or pick.is_empty()):
                built[s.path] = base
            elif base is not None and pick.only_stubs() and not trees.holds(i):
                built[s.path] = add_stubs(base, data, pick.stubbed, tops[i].imports, interest)
            else:
                built[s.path] = _modelled(
                    s, data, interest, chosen.callables, trees.root(i), pick, base, tops[i].imports
                )
            trees.release(i)
    return [built[s.path] if data is not None else FileModel(path=s.path, error=error) for s, data, error in read]


def _modelled(
    source: SourceFile, data: bytes, interest: Interest, callables, root, pick, base=None, imports=None
) -> FileModel:
    try:
        return build_file_model(source.path, data, interest, callables, root, pick, base, imports)
    except RecursionError:
        return FileModel(path=source.path, error="nesting too deep to analyse")
