"""Go to an id's declaration, find where it is used, rename it across the file."""

from __future__ import annotations

import unicodedata

from lsprotocol import types

from coordgraph.schema import KIND_TERMS
from coordgraph.server.documents import Check, Document
from coordgraph.server.ids import Occurrence, occurrence_at, scalar, uses
from coordgraph.server.ranges import index_range
from coordgraph.terms import term


class RenameRefused(Exception):
    """A rename that cannot be done, with the reason in the file's language."""


def _location(document: Document, check: Check, found: Occurrence, encoding: str) -> types.Location:
    return types.Location(
        uri=document.uri, range=index_range(check.lines, found.start, found.end, encoding)
    )


def definition(
    document: Document, check: Check, index: int, encoding: str
) -> types.Location | None:
    """Where the id under the cursor is declared (its key under ``people``, ``tasks``…)."""
    found = occurrence_at(check, index)
    if found is None:
        return None
    declared = next((o for o in uses(check, found.ident) if o.declaration), None)
    return _location(document, check, declared, encoding) if declared is not None else None


def references(
    document: Document, check: Check, index: int, include_declaration: bool, encoding: str
) -> list[types.Location] | None:
    """Every place the id under the cursor is written."""
    found = occurrence_at(check, index)
    if found is None:
        return None
    return [
        _location(document, check, o, encoding)
        for o in uses(check, found.ident)
        if include_declaration or not o.declaration
    ]


def prepare_rename(check: Check, index: int, encoding: str) -> types.PrepareRenamePlaceholder:
    """The id the cursor is on and its range, or :class:`RenameRefused` saying why not."""
    found = _renamable(check, index)
    return types.PrepareRenamePlaceholder(
        range=index_range(check.lines, found.start, found.end, encoding), placeholder=found.ident
    )


def _renamable(check: Check, index: int) -> Occurrence:
    lang = check.lang
    found = occurrence_at(check, index)
    if found is None:
        raise RenameRefused(term("server.rename.not_an_id", lang))
    if not check.read_whole:
        line = next((f.span.line for f in check.findings if f.code in ("CG001", "CG005")), 1)
        raise RenameRefused(term("server.rename.unreadable", lang).format(line=line))
    validator = check.validator
    if validator is None or found.ident not in validator.ids:
        raise RenameRefused(term("server.rename.undeclared", lang).format(id=found.ident))
    return found


def rename(
    document: Document, check: Check, index: int, new: str, encoding: str, versioned: bool
) -> types.WorkspaceEdit:
    """The edit that renames the id under the cursor to ``new`` everywhere in the file:
    its declaration and every reference. Refused (:class:`RenameRefused`) for an empty
    id, one with "/" or a line break, one already taken, or a file that could not be
    read to its end (a rename would miss the places after the error)."""
    found = _renamable(check, index)
    lang = check.lang
    if not new.strip():
        raise RenameRefused(term("server.rename.empty", lang))
    if "/" in new:
        raise RenameRefused(term("server.rename.slash", lang))
    if any(unicodedata.category(char) in ("Cc", "Cs", "Zl", "Zp") for char in new):
        raise RenameRefused(term("server.rename.one_line", lang))
    validator = check.validator
    assert validator is not None
    taken = validator.ids.get(new)
    if taken is not None and new != found.ident:
        kind = term(KIND_TERMS[taken[0]].key, lang)
        raise RenameRefused(term("server.rename.taken", lang).format(id=new, kind=kind))
    written = scalar(new)
    edits = [
        types.TextEdit(range=index_range(check.lines, o.start, o.end, encoding), new_text=written)
        for o in uses(check, found.ident)
    ]
    if new == found.ident:
        edits = []
    if versioned:
        return types.WorkspaceEdit(
            document_changes=[
                types.TextDocumentEdit(
                    text_document=types.OptionalVersionedTextDocumentIdentifier(
                        uri=document.uri, version=check.version
                    ),
                    edits=list(edits),
                )
            ]
        )
    return types.WorkspaceEdit(changes={document.uri: edits})
