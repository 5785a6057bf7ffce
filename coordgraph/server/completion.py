"""Completion: the ids that fit where the cursor is, and the words a key allows.

``owner:`` and ``members:`` are offered people, ``serves:`` direction elements,
``venue:`` forums, ``unit:`` and ``also_in:`` units, a task's ``part_of`` tasks,
``announced_to`` people and forums: what the format's reference says the key names.
A key with a fixed set of values (``role``, ``frequency``…) is offered those values,
each with its meaning in the file's language. The context is read from the text as
typed (:mod:`.context`); the ids come from the last check, and from the last check that
could model the organisation while the file is half-typed.
"""

from __future__ import annotations

from lsprotocol import types

from coordgraph import keydocs
from coordgraph.model import Organisation
from coordgraph.schema import KIND_TERMS, Bool, Text
from coordgraph.server.context import context_at, spec_at
from coordgraph.server.documents import Document
from coordgraph.server.ids import known_ids, scalar
from coordgraph.server.ranges import index_range
from coordgraph.terms import term

ITEM_KINDS = {
    "person": types.CompletionItemKind.Reference,
    "forum": types.CompletionItemKind.Event,
    "task": types.CompletionItemKind.Function,
    "unit": types.CompletionItemKind.Module,
    "direction": types.CompletionItemKind.Constant,
}
#: Characters after which an editor asks again (a value starts after ": ", an item
#: after "[", "," or "- ").
TRIGGERS = [" ", "[", ",", "-"]
#: Ids offered at most in one answer. Beyond that (a municipality of thousands), only
#: those starting with what is typed are sent, and the editor asks again as typing goes
#: on, so no answer carries megabytes.
MAX_ITEMS = 1000


def completion(document: Document, index: int, encoding: str) -> types.CompletionList | None:
    """What can be written at ``index``, or None when the place takes nothing offered."""
    context = context_at(document.text, index)
    if context is None or context.at_key:
        return None
    spec, names = spec_at(context.steps)
    lang = document.lang
    start = context.start + (1 if context.quote else 0)
    replace = index_range(document.lines, start, index, encoding)
    items: list[types.CompletionItem] = []
    incomplete = False
    if isinstance(spec, Text) and spec.kinds is not None:
        org = _org(document)
        listed = set(context.listed)
        fitting = [
            (ident, kind)
            for ident, kind in known_ids(document).items()
            if kind in spec.kinds and ident not in listed
        ]
        if len(fitting) > MAX_ITEMS:
            typed = context.word.casefold()
            fitting = [(i, k) for i, k in fitting if i.casefold().startswith(typed)]
            incomplete = True  # narrowed by what is typed: ask again as it grows
            fitting = fitting[:MAX_ITEMS]
        for ident, kind in fitting:
            written = _in_quotes(ident, context.quote) if context.quote else scalar(ident)
            items.append(
                types.CompletionItem(
                    label=ident,
                    kind=ITEM_KINDS.get(kind),
                    detail=_detail(ident, kind, org, lang),
                    filter_text=ident,
                    sort_text=ident.casefold(),
                    text_edit=types.TextEdit(range=replace, new_text=written),
                )
            )
    elif isinstance(spec, Text) and spec.values is not None:
        doc = keydocs.doc_path(names)
        for number, value in enumerate(spec.values):
            meaning = keydocs.meaning(doc, value, lang) or ""
            word = keydocs.word(doc, value, lang)
            items.append(
                types.CompletionItem(
                    label=value,
                    kind=types.CompletionItemKind.EnumMember,
                    detail=word if word and word != value else None,
                    documentation=types.MarkupContent(
                        kind=types.MarkupKind.Markdown, value=meaning
                    ),
                    sort_text=f"{number:03d}",
                    text_edit=types.TextEdit(range=replace, new_text=value),
                )
            )
    elif isinstance(spec, Bool):
        for value in ("true", "false"):
            items.append(
                types.CompletionItem(
                    label=value,
                    kind=types.CompletionItemKind.Value,
                    text_edit=types.TextEdit(range=replace, new_text=value),
                )
            )
    else:
        return None
    return types.CompletionList(is_incomplete=incomplete, items=items)


def _in_quotes(ident: str, quote: str) -> str:
    """``ident`` written inside the quotes the user opened."""
    if quote == "'":
        return ident.replace("'", "''")
    return ident.replace("\\", "\\\\").replace('"', '\\"')


def _org(document: Document) -> Organisation | None:
    for check in (document.check, document.modelled):
        if check is not None and check.org is not None:
            return check.org
    return None


def _detail(ident: str, kind: str, org: Organisation | None, lang: str) -> str:
    """Who or what the id is, in a few words ("Anne Holm · leder")."""
    word = term(KIND_TERMS[kind].key, lang) if kind in KIND_TERMS else kind
    if org is None:
        return word
    if kind == "person" and ident in org.people:
        person = org.people[ident]
        return f"{person.name} · {term(f'role.{person.role}', lang)}"
    if kind == "forum" and ident in org.forums:
        forum = org.forums[ident]
        return f"{forum.name or ident} · {term(f'frequency.{forum.frequency}', lang)}"
    if kind == "task" and ident in org.tasks:
        return f"{org.tasks[ident].title} · {word}"
    if kind == "unit" and ident in org.units:
        return f"{org.units[ident].name} · {word}"
    if kind == "direction" and ident in org.direction:
        element = org.direction[ident]
        return f"{term(f'server.direction.{element.kind}', lang)}: {element.text}"
    return word
