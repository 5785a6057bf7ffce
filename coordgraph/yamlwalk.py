"""Walk an organisation file's YAML events with their place in the format.

``coordgraph import --into`` must add entries to a file without touching a byte the user
wrote, and ``--pseudonymise`` must replace names and ids exactly where they stand. Both
need, for every scalar, *where* it is (its character span in the text) and *what* it is
(an id being declared, a reference, a name, free text, a word from a fixed set). This
module pairs libyaml's events with the format's specs (:data:`coordgraph.schema.ORG`),
so a field added to the format is known here too.

Events are streamed, never built into a tree, and nesting is tracked on an explicit
stack: callers check the file first (depth, size and alias limits are the checker's),
and this walk adds no recursion of its own. Only the first YAML document is walked.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

import yaml

from coordgraph.schema import ORG, Criterion, IdMap, ListOf, Obj, Spec

Step_ = str | int
Path_ = tuple[Step_, ...]

#: A complex (non-scalar) mapping key has this step in paths below it.
COMPLEX_KEY = "?"


@dataclass(frozen=True, slots=True)
class Step:
    """One event of the walk.

    ``kind``: ``key`` (a mapping key scalar; ``path`` is the mapping's), ``value`` (a
    scalar that is a value or a list item), ``alias``, ``start``/``end`` (a mapping or a
    list). ``spec`` is what the format expects at that place: for a key, the mapping's
    spec (an :class:`~coordgraph.schema.IdMap` declares ids, an
    :class:`~coordgraph.schema.Obj` has fixed keys); for anything else its own spec.
    ``None``: the place is not part of the format (under an unknown key).
    """

    kind: str
    path: Path_
    event: Any
    spec: Spec | None
    flow: bool = False  # for start/end: the collection is written in flow style

    @property
    def start(self) -> int:
        return int(self.event.start_mark.index)

    @property
    def end(self) -> int:
        return int(self.event.end_mark.index)


@dataclass(slots=True)
class _Frame:
    kind: str  # "map" | "seq"
    path: Path_
    spec: Spec | None
    flow: bool
    key: str | None = None
    expect_key: bool = True
    index: int = 0
    in_complex_key: bool = False  # this frame is itself a complex key
    children: list[str] = field(default_factory=list)


def child_spec(spec: Spec | None, key: str | int | None) -> Spec | None:
    """The spec of the value under ``key`` (a mapping key or a list index) of ``spec``."""
    if isinstance(spec, Obj):
        return spec.fields.get(key) if isinstance(key, str) else None
    if isinstance(spec, IdMap):
        return spec.item if isinstance(key, str) else None
    if isinstance(spec, ListOf):
        return spec.item if isinstance(key, int) else None
    return None


def collection_spec(spec: Spec | None) -> Spec | None:
    """What a mapping or list written where ``spec`` is expected is read as."""
    if isinstance(spec, Criterion):
        return spec.obj
    if isinstance(spec, Obj | IdMap | ListOf):
        return spec
    return None


def walk(text: str) -> Iterator[Step]:
    """Every event of the first document, with its path and spec (see :class:`Step`).

    Raises ``yaml.YAMLError`` on a syntax error: callers read only files that check
    without CG001.
    """
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    frames: list[_Frame] = []

    def place() -> tuple[Path_, Spec | None]:
        if not frames:
            return (), ORG
        top = frames[-1]
        if top.kind == "map":
            step: Step_ = top.key if top.key is not None else COMPLEX_KEY
            return (*top.path, step), child_spec(top.spec, top.key)
        return (*top.path, top.index), child_spec(top.spec, top.index)

    def advance() -> None:
        if not frames:
            return
        top = frames[-1]
        if top.kind == "map":
            top.expect_key, top.key = True, None
        else:
            top.index += 1

    started = False
    for event in yaml.parse(text, Loader=loader):
        if isinstance(event, yaml.DocumentStartEvent):
            if started:
                return
            started = True
            continue
        if isinstance(event, yaml.DocumentEndEvent):
            return
        if isinstance(event, yaml.StreamStartEvent | yaml.StreamEndEvent):
            continue
        top = frames[-1] if frames else None
        if top is not None and top.kind == "map" and top.expect_key:
            if isinstance(event, yaml.ScalarEvent):
                yield Step("key", top.path, event, top.spec)
                top.key, top.expect_key = event.value, False
                continue
            if isinstance(event, yaml.AliasEvent):
                yield Step("alias", (*top.path, COMPLEX_KEY), event, None)
                top.key, top.expect_key = None, False
                continue
            if isinstance(event, yaml.MappingStartEvent | yaml.SequenceStartEvent):
                kind = "map" if isinstance(event, yaml.MappingStartEvent) else "seq"
                path = (*top.path, COMPLEX_KEY)
                flow = bool(event.flow_style)
                yield Step("start", path, event, None, flow)
                frames.append(_Frame(kind, path, None, flow, in_complex_key=True))
                continue
        if isinstance(event, yaml.ScalarEvent):
            path, spec = place()
            yield Step("value", path, event, spec)
            advance()
        elif isinstance(event, yaml.AliasEvent):
            path, spec = place()
            yield Step("alias", path, event, spec)
            advance()
        elif isinstance(event, yaml.MappingStartEvent | yaml.SequenceStartEvent):
            path, spec = place()
            inner = collection_spec(spec)
            flow = bool(event.flow_style)
            yield Step("start", path, event, inner, flow)
            kind = "map" if isinstance(event, yaml.MappingStartEvent) else "seq"
            frames.append(_Frame(kind, path, inner, flow))
        elif isinstance(event, yaml.MappingEndEvent | yaml.SequenceEndEvent):
            if not frames:
                continue
            done = frames.pop()
            yield Step("end", done.path, event, done.spec, done.flow)
            if done.in_complex_key and frames:
                frames[-1].expect_key, frames[-1].key = False, None
            else:
                advance()


# -- the outline of a file's sections (for adding entries) -------------------------------


@dataclass(slots=True)
class Entry:
    """One entry of a section mapping (a person, a unit...)."""

    id: str
    key_start: int  # index of the id's first character
    column: int  # 0-based column of the id: the section's indentation
    flow_value: bool | None  # the entry is written as {…} (None: not a mapping)
    field_column: int | None = None  # 0-based column of its first field (block style)
    fields: dict[str, str] = field(default_factory=dict)  # its scalar fields as written
    end: int = 0  # index just past the entry's last content


@dataclass(slots=True)
class Section:
    """A top-level key and what it holds."""

    name: str
    key_start: int
    key_column: int
    style: str  # "block" | "flow" | "empty" (no value) | "scalar" | "list"
    entries: list[Entry] = field(default_factory=list)
    end: int = 0  # index just past the section's last content


@dataclass(slots=True)
class Outline:
    sections: dict[str, Section] = field(default_factory=dict)
    ids: set[str] = field(default_factory=set)  # every id declared in any section
    language: str | None = None  # organisation.language as written

    def section(self, name: str) -> Section | None:
        return self.sections.get(name)


def outline(text: str) -> Outline:
    """The top-level sections of ``text``, with the entries of its id sections."""
    result = Outline()
    current: Section | None = None
    entry: Entry | None = None
    for step in walk(text):
        path = step.path
        if step.kind == "key" and not path:
            current = Section(str(step.event.value), step.start, step.event.start_mark.column, "")
            result.sections.setdefault(current.name, current)
            entry = None
            continue
        if step.kind == "key" and isinstance(step.spec, IdMap):
            result.ids.add(str(step.event.value))
        if path == ("organisation", "language") and step.kind == "value":
            result.language = str(step.event.value)
        if current is None or not path or path[0] != current.name:
            continue
        # content of the current section
        if len(path) == 1 and step.kind in ("start", "value", "alias"):
            if step.kind == "start":
                mapping = isinstance(step.event, yaml.MappingStartEvent)
                current.style = "flow" if step.flow else ("block" if mapping else "list")
            elif step.kind == "value" and step.event.value == "" and not step.event.style:
                current.style = "empty"
                current.end = step.end
            else:
                current.style = "scalar"
        if step.kind == "key" and len(path) == 1:
            entry = Entry(str(step.event.value), step.start, step.event.start_mark.column, None)
            current.entries.append(entry)
        elif entry is not None and len(path) >= 2 and path[1] == entry.id:
            if step.kind == "start" and len(path) == 2:
                entry.flow_value = (
                    step.flow if isinstance(step.event, yaml.MappingStartEvent) else None
                )
            if step.kind == "key" and len(path) == 2 and entry.field_column is None:
                entry.field_column = step.event.start_mark.column
            if step.kind == "value" and len(path) == 3 and isinstance(path[2], str):
                entry.fields.setdefault(path[2], str(step.event.value))
        ends_content = step.kind in ("key", "value", "alias") or (step.kind == "end" and step.flow)
        if ends_content and len(path) >= 1:
            current.end = max(current.end, step.end)
            if entry is not None and len(path) >= 2:
                entry.end = max(entry.end, step.end)
    return result
