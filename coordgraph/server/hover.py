"""Hover: who or what an id is, what a key means, what a finding's rule is about.

On an id: the person (name, role, title, units, tasks owned), the task (owner, the
three questions answered or open), the forum, the unit or the direction element, with
the findings about it. On a key: its title and meaning (and the values it allows). On
a value of a fixed set: what it means. Wherever a finding stands: its rule's
explanation, as ``coordgraph explain`` gives it. All in the file's language.
"""

from __future__ import annotations

from collections.abc import Iterable

from lsprotocol import types

from coordgraph import keydocs, nodepath
from coordgraph.checks.common import has_description, has_resources
from coordgraph.explain import explain_text
from coordgraph.findings import Finding
from coordgraph.model import Organisation
from coordgraph.schema import KIND_TERMS, Text
from coordgraph.server.context import context_at, key_at, spec_at, word_at
from coordgraph.server.documents import Check
from coordgraph.server.ids import Occurrence, occurrence_at
from coordgraph.server.ranges import index_range, span_indexes
from coordgraph.terms import term

#: Names listed in a hover before "…": a forum of 60 people is not read one by one.
MAX_LISTED = 12


def hover(check: Check, modelled: Check | None, index: int, encoding: str) -> types.Hover | None:
    """The hover at ``index`` of the checked text, or None when there is nothing to say."""
    lang = check.lang
    parts: list[str] = []
    span: tuple[int, int] | None = None
    found = occurrence_at(check, index)
    org = check.org or (modelled.org if modelled is not None else None)
    if found is not None:
        parts.append(_entity(found, check, org, lang))
        span = (found.start, found.end)
    else:
        key = key_at(check.text, index)
        if key is not None:
            words = _key(check.text, key, lang)
            if words:
                parts.append(words)
                span = (key[0], key[1])
        else:
            value = _value(check.text, index, lang)
            if value is not None:
                parts.append(value[2])
                span = (value[0], value[1])
    for finding in _findings_at(check, index):
        spec = check.options.ruleset.rules.get(finding.code)
        heading = f"**{finding.code} {finding.name}**: {finding.message}"
        parts.append(heading + ("\n\n" + explain_text(spec, lang) if spec is not None else ""))
        if span is None:
            span = span_indexes(check.lines, finding.span, check.shift)
    if not parts:
        return None
    return types.Hover(
        contents=types.MarkupContent(
            kind=types.MarkupKind.Markdown, value="\n\n---\n\n".join(parts)
        ),
        range=index_range(check.lines, span[0], span[1], encoding) if span else None,
    )


def _findings_at(check: Check, index: int) -> list[Finding]:
    """The findings whose range holds ``index``, each rule once."""
    seen: set[str] = set()
    result = []
    for finding in check.findings:
        start, end = span_indexes(check.lines, finding.span, check.shift)
        if start <= index <= end and finding.code not in seen:
            seen.add(finding.code)
            result.append(finding)
    return result


def _key(text: str, key: tuple[int, int, str], lang: str) -> str | None:
    """What the key means: its title, its text, and the values it allows."""
    context = context_at(text, key[1])
    if context is None or not context.at_key:
        return None
    spec, names = spec_at((*context.steps, key[2]))
    if spec is None:
        return None
    doc = keydocs.doc_path(names)
    if not keydocs.known(doc):
        return None
    lines = [f"**{keydocs.title(doc, lang)}** (`{key[2]}`)", "", keydocs.text(doc, lang)]
    if isinstance(spec, Text) and spec.values is not None:
        lines += ["", f"{term('server.hover.values', lang)}:"]
        for value in spec.values:
            lines.append(f"- `{value}`: {keydocs.meaning(doc, value, lang) or ''}")
    return "\n".join(lines)


def _value(text: str, index: int, lang: str) -> tuple[int, int, str] | None:
    """A value of a fixed set under the cursor, and what it means."""
    word = word_at(text, index)
    if word is None:
        return None
    context = context_at(text, word[1])
    if context is None or context.at_key or context.word != word[2]:
        return None
    spec, names = spec_at(context.steps)
    if not isinstance(spec, Text) or spec.values is None or word[2] not in spec.values:
        return None
    doc = keydocs.doc_path(names)
    meaning = keydocs.meaning(doc, word[2], lang)
    if meaning is None:
        return None
    shown = keydocs.word(doc, word[2], lang)
    title = f"**{word[2]}**" + (f" ({shown})" if shown and shown != word[2] else "")
    return word[0], word[1], f"{title}: {meaning}"


def _listed(items: Iterable[str], lang: str) -> str:
    shown = list(items)
    if not shown:
        return term("server.hover.none", lang)
    if len(shown) > MAX_LISTED:
        return ", ".join(shown[:MAX_LISTED]) + f", … (+{len(shown) - MAX_LISTED})"
    return ", ".join(shown)


def _entity(found: Occurrence, check: Check, org: Organisation | None, lang: str) -> str:
    """Who or what the id is, and the findings about it."""
    ident = found.ident
    validator = check.validator
    declared = validator.ids.get(ident) if validator is not None else None
    if declared is None:
        return term("server.hover.undeclared", lang).format(id=ident)
    kind = declared[0]
    word = term(KIND_TERMS[kind].key, lang) if kind in KIND_TERMS else kind
    lines = [f"`{ident}` — {word}"]
    if org is not None:
        lines = _described(ident, kind, org, lang) or lines
    section = nodepath.split(declared[1])[0]
    about = [f for f in check.findings if nodepath.entity(f.node) == (section, ident)]
    if about:
        lines += ["", f"**{term('server.hover.findings', lang)}**:"]
        lines += [f"- {f.code} {f.name}: {f.message}" for f in about[:MAX_LISTED]]
    return "\n".join(lines)


def _person_label(org: Organisation, ident: str) -> str:
    person = org.people.get(ident)
    return f"{person.name} (`{ident}`)" if person is not None else f"`{ident}`"


def _described(ident: str, kind: str, org: Organisation, lang: str) -> list[str] | None:
    label = {key: term(f"server.hover.{key}", lang) for key in (
        "units", "reports_to", "owns", "contributes", "members", "member_of", "leader",
        "part_of", "forum", "people", "served_by", "owner")}  # fmt: skip
    if kind == "person" and ident in org.people:
        person = org.people[ident]
        role = term(f"role.{person.role}", lang)
        head = f"**{person.name}** (`{ident}`) — {role}"
        if person.title:
            head += f", {person.title}"
        lines = [head, ""]
        if person.reports_to:
            lines.append(f"- {label['reports_to']}: {_person_label(org, person.reports_to)}")
        units = [u for u in (person.unit, *person.also_in) if u is not None and u in org.units]
        if units:
            names = (f"{org.units[u].name} (`{u}`)" for u in units)
            lines.append(f"- {label['units']}: {_listed(names, lang)}")
        owned = [f"{t.title} (`{t.id}`)" for t in org.tasks.values() if t.owner == ident]
        lines.append(f"- {label['owns']}: {_listed(owned, lang)}")
        helped = [f"{t.title} (`{t.id}`)" for t in org.tasks.values() if ident in t.contributors]
        if helped:
            lines.append(f"- {label['contributes']}: {_listed(helped, lang)}")
        forums = [f"{f.name or f.id} (`{f.id}`)" for f in org.forums.values() if ident in f.members]
        if forums:
            lines.append(f"- {label['member_of']}: {_listed(forums, lang)}")
        return lines
    if kind == "task" and ident in org.tasks:
        task = org.tasks[ident]
        kind_word = term(f"picture.kind.{task.effective_kind}", lang)
        lines = [f"**{task.title}** (`{ident}`) — {kind_word}", ""]
        lines.append(f"- {label['owner']}: {_person_label(org, task.owner)}")
        if task.part_of:
            parent = org.tasks.get(task.part_of)
            shown = f"{parent.title} (`{task.part_of}`)" if parent else f"`{task.part_of}`"
            lines.append(f"- {label['part_of']}: {shown}")
        if task.contributors:
            people = (_person_label(org, p) for p in task.contributors)
            title = keydocs.title("tasks.contributors", lang)
            lines.append(f"- {title}: {_listed(people, lang)}")
        answered, open_ = term("pack.answered", lang), term("pack.open", lang)
        for question, done in (
            ("task", has_description(task)),
            ("resources", has_resources(task)),
            ("mandate", task.mandate is not None),
        ):
            lines.append(f"- {term(f'pack.q.{question}', lang)} {answered if done else open_}")
        return lines
    if kind == "forum" and ident in org.forums:
        forum = org.forums[ident]
        frequency = term(f"frequency.{forum.frequency}", lang)
        lines = [f"**{forum.name or ident}** (`{ident}`) — {term('kind.forum', lang)}, {frequency}"]
        members = (_person_label(org, p) for p in forum.members)
        lines += ["", f"- {label['members']}: {_listed(members, lang)}"]
        return lines
    if kind == "unit" and ident in org.units:
        unit = org.units[ident]
        head = f"**{unit.name}** (`{ident}`) — {term('kind.unit', lang)}"
        if unit.kind:
            head += f", {unit.kind}"
        lines = [head, ""]
        if unit.part_of and unit.part_of in org.units:
            lines.append(f"- {label['part_of']}: {org.units[unit.part_of].name} (`{unit.part_of}`)")
        if unit.leader:
            lines.append(f"- {label['leader']}: {_person_label(org, unit.leader)}")
        if unit.forum and unit.forum in org.forums:
            forum = org.forums[unit.forum]
            lines.append(f"- {label['forum']}: {forum.name or forum.id} (`{forum.id}`)")
        staff = [
            _person_label(org, p.id)
            for p in org.people.values()
            if p.unit == ident or ident in p.also_in
        ]
        lines.append(f"- {label['people']}: {_listed(staff, lang)}")
        return lines
    if kind == "direction" and ident in org.direction:
        element = org.direction[ident]
        what = term(f"server.direction.{element.kind}", lang)
        lines = [f"**`{ident}`** — {what}", "", element.text, ""]
        serving = [f"{t.title} (`{t.id}`)" for t in org.tasks.values() if ident in t.serves]
        lines.append(f"- {label['served_by']}: {_listed(serving, lang)}")
        return lines
    return None
