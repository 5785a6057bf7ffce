"""Validate an organisation file straight from libyaml's events: the fast path.

:mod:`coordgraph.loader` builds a node tree and the specs of :mod:`coordgraph.schema`
walk it; that pair is the reference and handles every file. Most files are ordinary,
though (no anchors, no tags, no duplicate keys, every value of the expected shape),
and for those this module does the same work in one pass over the events: the specs'
fast paths run as each scalar arrives and no node is made for a plain value. Places are
not kept per key or item either: each mapping and list leaves a small record (where it
starts and ends), and :class:`_Places` parses that stretch of text again when a finding
asks where something inside it is. Anything out of the ordinary raises
:class:`_Fallback` and the caller runs the reference path from the start, so what a
user sees never depends on which path ran; ``tests/test_stream.py`` holds the two to
the same findings, model and places.

A value off the specs' fast paths is still checked by its spec (a :class:`Node` is made
for it), so a misspelt enum value or a wrong type keeps the file on this path.
"""

from __future__ import annotations

from typing import Any

import yaml

from coordgraph.findings import Span
from coordgraph.loader import MAPPING, SCALAR, SEQUENCE, Limits, Node, Parser, compose
from coordgraph.scalars import (
    BOOL,
    INT,
    STR,
    TIMESTAMP,
    TYPED_STARTS,
    ScalarError,
    construct,
    has_surrogate,
    implicit_tag,
    key_identity,
)
from coordgraph.schema import (
    _ISO_DATE,
    _NULL_TEXTS,
    _REF,
    _TEXT,
    INVALID,
    ORG,
    Bool,
    Built,
    Criterion,
    Date,
    IdMap,
    ListOf,
    Number,
    Obj,
    Text,
    Validator,
    field_value,
    finish,
    list_index,
)

_OBJ, _LIST, _IDMAP = 0, 1, 2
_SKIP = object()  # the pending "field" of a mapping whose key is not a field
Place = tuple[int, int, int, int]  # a span as a plain tuple (1-based, as Span)
#: What Positions keeps of a streamed mapping or list: where it starts (index into the
#: text, 0-based line and column) and ends (index), the fields of its spec (None for a
#: list) and its path.
Record = tuple[int, int, int, int, "dict[str, Any] | None", str]


class _Fallback(Exception):
    """The file needs the node tree: run the reference path instead."""


def _place(event: Any, line_offset: int = 0) -> Place:
    """Where an event's text is, as the loader's node span would give it."""
    start, end = event.start_mark, event.end_mark
    return (
        start.line + line_offset + 1,
        start.column + 1,
        end.line + line_offset + 1,
        end.column + 1,
    )


class _At:
    """A place with ``.span`` as on a :class:`Node`, for the specs' own code."""

    __slots__ = ("place",)

    def __init__(self, place: Place) -> None:
        self.place = place

    @property
    def span(self) -> Span:
        return Span(*self.place)


class _Frame:
    """An open mapping or list and what validating it has gathered so far.

    Made by :func:`_open` without an ``__init__`` call (one per mapping or list, and a
    large file has a hundred thousand); the class attributes are the defaults. At its
    end a mapping or list leaves a :data:`Record` in ``Positions.containers``, from
    which :class:`_Places` finds the places inside it when a finding asks.
    """

    kind: int  # _OBJ, _LIST or _IDMAP
    spec: Any
    path: str
    prefix: str | None  # a field's path is "<path>/<name>", or just the name
    start: Any  # the start mark of the collection
    end: Any = None  # its end mark, once it has ended
    result: Any  # the validated value so far: a dict or a list
    fields: dict[str, Any]
    # Each field's name as the spec spells it: results are keyed by these few strings
    # rather than by a fresh copy per key read from the file.
    names: dict[str, str]
    modes: dict[str, int]
    name: Any = None  # the field or id whose value comes next (mappings)
    key: Any = None  # where that key is: the key's event (Obj) or an _At (IdMap)
    subject: Any = None  # the key this mapping was written under: an event or an _At
    invalid = False  # a field's value is INVALID (Obj)
    # Keys seen that are not in ``result``: fields whose value was empty, and the
    # identities of unknown keys (to notice a repeated key, which the tree reports).
    absent: set[Any] | None = None
    root_keys: dict[str, Place] | None = None  # the root's keys, kept as they come

    @property
    def span(self) -> Span:
        start, end = self.start, self.end
        return Span(start.line + 1, start.column + 1, end.line + 1, end.column + 1)


class _Places:
    """Finds places inside streamed mappings and lists when a finding asks for one.

    The fast path keeps no place per key or item, only a :data:`Record` per collection;
    this parses that stretch of the text again (padded to its column, so lines and
    columns are the file's) and caches what it finds. Were that ever to come up short,
    the node tree of the whole file answers instead (:meth:`_exact`).
    """

    def __init__(self, text: str) -> None:
        # Nothing here refers back to the validator or its containers (which refer to
        # this): no reference cycle, so all of it is freed as soon as the check ends.
        self.text = text
        self.found: dict[int, tuple[dict[str, Place], dict[str, Place], list[Place]]] = {}
        self.tree: Any = None  # the reference path's root node, made if ever needed

    def child_node(self, record: Record | dict[str, Place], step: str) -> _At | None:
        """The key of field ``step`` in a mapping, or item ``step`` of a list."""
        if isinstance(record, dict):  # the root's keys, kept while streaming
            place = record.get(step)
            return None if place is None else _At(place)
        fields, path = record[4], record[5]
        if fields is not None:
            if step not in fields:
                return None  # as Obj.child_node: only fields are places
            keys, _values, _items = self._children(record)
            place = keys.get(step)
        else:
            index = list_index(step)
            if index is None:
                return None
            items = self._children(record)[2]
            place = items[index] if index < len(items) else None
        if place is None:
            return self._exact(path, step, key=True)
        return _At(place)

    def value_span(self, containers: dict[str, Any], path: str, step: str | int) -> Span:
        """Where the value of field ``step`` of mapping ``path`` (or item ``step`` of
        list ``path``) is written: a reference's own place."""
        found = containers.get(path)
        record = None if found is None else found[0]
        if isinstance(record, tuple):
            fields = record[4]
            _keys, values, items = self._children(record)
            if fields is not None:
                place = values.get(str(step))
            else:
                index = step if isinstance(step, int) else list_index(step)
                place = items[index] if index is not None and index < len(items) else None
            if place is not None:
                return Span(*place)
        at = self._exact(path, str(step), key=False)
        return at.span if at is not None else Span.point(1, 1)

    def _children(self, record: Record) -> tuple[dict[str, Place], dict[str, Place], list[Place]]:
        start, line, column, end = record[:4]
        found = self.found.get(start)
        if found is None:
            found = self.found[start] = _children(self.text, start, line, column, end)
        return found

    def _exact(self, path: str, step: str, key: bool) -> _At | None:
        """The reference answer: the loader's node tree, walked along the path."""
        if self.tree is None:
            self.tree = compose(self.text).root
        node = self.tree
        parts = [*path.split("/"), step] if path else [step]
        for depth, part in enumerate(parts, 1):
            if node is None:
                return None
            found = None
            if node.kind == MAPPING:
                for k, value in node.value:
                    if k.kind == SCALAR and k.value == part:
                        found = k if key and depth == len(parts) else value
            elif node.kind == SEQUENCE:
                index = list_index(part)
                if index is not None and index < len(node.value):
                    found = node.value[index]
            node = found
        if node is None:
            return None
        return _At((node.line, node.column, node.end_line, node.end_column))


def _children(
    text: str, start: int, line: int, column: int, end: int
) -> tuple[dict[str, Place], dict[str, Place], list[Place]]:
    """Keys and values (a mapping) or items (a list) of the collection between two marks.

    The stretch is padded with spaces to its first column, so the parser sees the
    lines and columns the file has. It ends where the file's next token begins, and
    libyaml ends block collections there too (before the line it adds at the end of a
    stream), so even the last child's end is the file's.
    """
    piece = " " * column + text[start:end]
    offset = line
    keys: dict[str, Place] = {}
    values: dict[str, Place] = {}
    items: list[Place] = []
    parser = Parser(piece)
    get_event = parser.get_event
    depth = 0
    is_map = False
    key: str | None = None
    child_start: Any = None
    try:
        while True:
            event = get_event()
            cls = type(event)
            if cls is yaml.MappingStartEvent or cls is yaml.SequenceStartEvent:
                depth += 1
                if depth == 1:
                    is_map = cls is yaml.MappingStartEvent
                elif depth == 2:
                    child_start = event.start_mark
                continue
            if cls is yaml.MappingEndEvent or cls is yaml.SequenceEndEvent:
                depth -= 1
                if depth != 1:
                    if depth == 0:
                        break
                    continue
                s, e = child_start, event.end_mark
                place = (s.line + offset + 1, s.column + 1, e.line + offset + 1, e.column + 1)
            elif cls is yaml.ScalarEvent and depth == 1:
                place = _place(event, offset)
            else:
                continue
            if not is_map:
                items.append(place)
            elif key is None:
                key = event.value if cls is yaml.ScalarEvent else ""
                keys.setdefault(key, place)
            else:
                values.setdefault(key, place)
                key = None
    except yaml.YAMLError:
        pass  # never seen; the places not found by then are looked up in the tree
    finally:
        parser.dispose()
    return keys, values, items


class _StreamValidator(Validator):
    """A validator whose references and places are found again only when asked."""

    def __init__(self, text: str) -> None:
        super().__init__()
        self.places = _Places(text)

    def ref_span(self, prefix: str | None, last: str | int, where: Any) -> Span:
        if where is not None:  # recorded by a spec off the fast path: a node
            return where.span
        return self.places.value_span(self.positions.containers, prefix or "", last)


def build_streaming(text: str, limits: Limits) -> Built | None:
    """What ``schema.build(loader.load(text).root)`` gives, or None for the tree path.

    None when the file holds anything the fast path leaves to the node tree: anchors,
    aliases, tags, duplicate keys, a value of the wrong shape for a mapping or list,
    ids with a "/", several documents, a syntax error or a limit reached.
    """
    v = _StreamValidator(text)
    try:
        raw = _validate(text, limits, v)
    except (_Fallback, yaml.YAMLError):
        return None
    return finish(raw, v)


def _node(event: Any) -> Node:
    """The node the loader would make for an untagged, unanchored scalar."""
    return Node(SCALAR, event.value, None, not event.style, *_place(event))


_new = object.__new__


def _validate(text: str, limits: Limits, v: _StreamValidator) -> dict[str, Any]:
    """Validate the document as ``ORG.validate`` would, event by event."""
    scalar_event = yaml.ScalarEvent
    mapping_start, sequence_start = yaml.MappingStartEvent, yaml.SequenceStartEvent
    mapping_end, sequence_end = yaml.MappingEndEvent, yaml.SequenceEndEvent
    str_tag, null_texts = STR, _NULL_TEXTS
    typed_starts = TYPED_STARTS  # most plain values start with a letter that rules out a type
    # A reference to an id declared before it is sound for good (the first declaration
    # of an id stands): only the others wait in ``refs`` for the end of the file.
    refs, known_id = v.refs, v.ids.get
    max_depth, max_nodes = limits.max_depth, limits.max_nodes

    parser = Parser(text)
    get_event = parser.get_event
    try:
        get_event()  # the stream's start
        if type(get_event()) is not yaml.DocumentStartEvent:
            raise _Fallback  # no document at all
        event = get_event()
        if type(event) is not mapping_start or event.tag or event.anchor or max_depth < 1:
            raise _Fallback
        frame = root = _open(None, ORG, "", event, v)
        root_keys = root.root_keys = {}
        containers, places = v.positions.containers, v.places
        containers[""] = (root_keys, places)
        stack: list[_Frame] = []
        total = 1  # nodes so far, as the loader counts them
        while True:
            event = get_event()
            cls = type(event)
            if cls is scalar_event:
                if event.anchor is not None or event.tag is not None:
                    raise _Fallback
                total += 1
                kind = frame.kind
                value = event.value
                if kind == _OBJ:
                    name = frame.name
                    if name is None:  # a key
                        name = frame.names.get(value)
                        if name is not None:
                            if name in frame.result or (frame.absent and name in frame.absent):
                                raise _Fallback  # a repeated key
                            frame.name = name
                            frame.key = event
                            if frame is root:
                                root_keys[name] = _place(event)
                        else:
                            _unknown_key(frame, event, v)
                        continue
                    frame.name = None
                    if name is _SKIP:
                        continue
                    if not event.style:
                        if value in null_texts:
                            # An explicit empty value is the same as no key.
                            if frame.absent is None:
                                frame.absent = set()
                            frame.absent.add(name)
                            continue
                        is_text = value[0] not in typed_starts or implicit_tag(value) is str_tag
                    else:
                        is_text = True
                    mode = frame.modes[name]
                    spec = frame.fields[name]
                    if mode and is_text and (value.isascii() or not has_surrogate(value)):
                        if mode == _REF:
                            declared = known_id(value)
                            if declared is None or declared[0] not in spec.kinds:
                                refs.append((frame.prefix, name, value, spec.kinds, None))
                            frame.result[name] = value
                            continue
                        if mode == _TEXT or value in spec.values:
                            frame.result[name] = value
                            continue
                    fast = _plain_value(spec, value, not event.style)
                    if fast is not None:
                        frame.result[name] = fast
                        continue
                    path = frame.path
                    key = _At(_place(frame.key))
                    value = field_value(
                        spec, _node(event), f"{path}/{name}" if path else name, v, key
                    )
                    if value is INVALID:
                        frame.invalid = True
                    frame.result[name] = value
                elif kind == _LIST:
                    spec = frame.spec
                    mode = spec._mode
                    if (
                        mode
                        and (
                            event.style
                            or (value and value[0] not in typed_starts)
                            or implicit_tag(value) is str_tag
                        )
                        and (value.isascii() or not has_surrogate(value))
                    ):
                        item = spec.item
                        if mode == _REF:
                            declared = known_id(value)
                            if declared is None or declared[0] not in item.kinds:
                                index = len(frame.result)
                                refs.append((frame.path, index, value, item.kinds, None))
                            frame.result.append(value)
                            continue
                        if mode == _TEXT or value in item.values:
                            frame.result.append(value)
                            continue
                    path = f"{frame.path}/{len(frame.result)}"
                    frame.result.append(spec.item_value(_node(event), path, v))
                elif frame.name is None:  # an id
                    _declare(frame, event, v)
                else:
                    ident = frame.name
                    frame.name = None
                    item = frame.spec.item
                    if (
                        type(item) is Text
                        and (event.style or implicit_tag(value) is str_tag)
                        and (value.isascii() or not has_surrogate(value))
                    ):
                        frame.result[ident] = value  # Text's fast path (direction texts)
                    else:
                        path = f"{frame.spec.section}/{ident}"
                        frame.result[ident] = field_value(item, _node(event), path, v, frame.key)
            elif cls is mapping_start or cls is sequence_start:
                if event.anchor is not None or event.tag is not None:
                    raise _Fallback
                total += 1
                if total > max_nodes or len(stack) + 1 >= max_depth:
                    raise _Fallback
                stack.append(frame)
                frame = _open(frame, None, "", event, v)
            elif cls is mapping_end or cls is sequence_end:
                if total > max_nodes:
                    raise _Fallback
                done = frame
                done.end = end = event.end_mark
                kind = done.kind
                if kind == _OBJ:
                    spec = done.spec
                    if stack:  # the root's keys are kept as they come
                        start = done.start
                        record = (
                            start.index,
                            start.line,
                            start.column,
                            end.index,
                            spec.fields,
                            done.path,
                        )
                        containers[done.path] = (record, places)
                    subject = done.subject
                    if not spec.required:
                        subject = None  # only a missing field is reported at the key
                    elif subject is not None and type(subject) is not _At:
                        subject = _At(_place(subject))
                    value = spec.close(done.result, done.path, done, subject, v, done.invalid)
                else:
                    if kind == _LIST:
                        start = done.start
                        record = (start.index, start.line, start.column, end.index, None, done.path)
                        containers[done.path] = (record, places)
                    value = done.result
                if not stack:
                    break
                frame = stack.pop()
                if frame.kind == _LIST:
                    frame.result.append(value)
                else:  # a field (Obj) or an entry (IdMap); neither ever gets INVALID here
                    frame.result[frame.name] = value
                    frame.name = None
            else:  # an alias (or anything unforeseen)
                raise _Fallback
        while True:  # the rest of the stream: one document, and nothing wrong after it
            cls = type(get_event())
            if cls is yaml.StreamEndEvent:
                break
            if cls is not yaml.DocumentEndEvent:
                raise _Fallback  # several documents
    finally:
        parser.dispose()
    return value


def _plain_value(spec: Any, value: str, plain: bool) -> Any:
    """The value of an ordinary date, whole number or true/false as its spec gives it,
    or None when the spec must look (anything else, or anything wrong)."""
    kind = type(spec)
    try:
        if kind is Date and len(value) == 10 and _ISO_DATE.fullmatch(value):
            return construct(TIMESTAMP, value)
        if (
            kind is Number
            and plain
            and value.isascii()
            and value.isdigit()
            and len(value) < 16
            and (value[0] != "0" or value == "0")  # 010 is octal in YAML 1.1
        ):
            return construct(INT, value)
        if kind is Bool and plain and (value == "true" or value == "false"):
            return construct(BOOL, value)
    except ScalarError:
        pass
    return None


def _unknown_key(frame: _Frame, event: Any, v: Validator) -> None:
    """A key that is not a field: reported as the spec does; its value is skipped."""
    node = _node(event)
    identity = key_identity(node)  # what the loader compares to find duplicates
    if frame.absent is None:
        frame.absent = set()
    # A field's identity is its name; an unknown key's is never a field's name.
    if (identity,) in frame.absent:
        raise _Fallback
    frame.absent.add((identity,))
    frame.spec.unknown_key(node.value, node.plain, node.span, frame.path, v)
    frame.name = _SKIP


def _declare(frame: _Frame, event: Any, v: Validator) -> None:
    """An id in ``people``, ``tasks``, ...: declared and remembered, as IdMap does."""
    ident = event.value
    if (
        not ident.strip()
        or not (event.style or ident[0] not in TYPED_STARTS or implicit_tag(ident) is STR)
        or "/" in ident
        or ident in frame.result
    ):
        raise _Fallback  # not an id as the fast path knows one, or declared twice here
    spec = frame.spec
    path = f"{spec.section}/{ident}"
    at = _new(_At)
    at.place = _place(event)
    v.positions[path] = at
    v.declare(spec.kind, path, ident, at)
    frame.name = ident
    frame.key = at


def _open(parent: _Frame | None, spec: Any, path: str, event: Any, v: Validator) -> _Frame:
    """The frame for a mapping or list that starts (at ``event``) inside ``parent``."""
    frame = _new(_Frame)
    if parent is None:  # the root
        is_mapping = True
    else:
        is_mapping = type(event) is yaml.MappingStartEvent
        kind = parent.kind
        if kind == _LIST:
            spec = parent.spec.item
            path = f"{parent.path}/{len(parent.result)}"
            if type(spec) is Criterion:
                spec = spec.obj
        else:
            name = parent.name
            if name is None or name is _SKIP:
                raise _Fallback  # a collection as a key, or as the value of an unknown key
            if kind == _OBJ:
                spec = parent.fields[name]
                path = f"{parent.path}/{name}" if parent.path else name
                frame.subject = parent.key
            else:
                spec = parent.spec.item
                path = f"{parent.spec.section}/{name}"
                frame.subject = parent.key
    frame.spec = spec
    frame.path = path
    frame.start = event.start_mark
    kind = type(spec)
    if is_mapping and kind is Obj:
        frame.kind = _OBJ
        frame.prefix = path or None
        frame.fields = spec.fields
        frame.names = spec._names
        frame.modes = spec._modes
        frame.result = {}
    elif is_mapping and kind is IdMap:
        frame.kind = _IDMAP
        frame.result = {}
    elif not is_mapping and kind is ListOf:
        frame.kind = _LIST
        frame.result = []
    else:
        raise _Fallback  # a shape the spec reports as wrong: the tree path says so
    return frame
