"""Validate an organisation file straight from libyaml's events: the fast path.

:mod:`coordgraph.loader` builds a node tree and the specs of :mod:`coordgraph.schema`
walk it; that pair is the reference and handles every file. Most files are ordinary,
though (no anchors, no tags, no duplicate keys, every value of the expected shape),
and for those this module does the same work in one pass over the events: the specs'
fast paths run as each scalar arrives, no node is made for a plain value, and only
the places findings may point at are kept (the parser's marks of keys, list items and
references). Anything out of the ordinary raises :class:`_Fallback` and the caller
runs the reference path from the start, so what a user sees never depends on which
path ran; ``tests/test_stream.py`` holds the two to the same findings and model.

Off the fast path a value is still checked by its spec (a :class:`Node` is made for
it), so a date, a number or a misspelt enum value keeps the file on this path.
"""

from __future__ import annotations

from typing import Any

import yaml

from coordgraph.findings import Span
from coordgraph.loader import SCALAR, Limits, Node, Parser
from coordgraph.scalars import _CACHE as _TAG_CACHE
from coordgraph.scalars import STR, has_surrogate, implicit_tag, key_identity
from coordgraph.schema import (
    _NULL_TEXTS,
    _REF,
    _TEXT,
    INVALID,
    ORG,
    Built,
    Criterion,
    IdMap,
    ListOf,
    Obj,
    Text,
    Validator,
    field_value,
    finish,
    list_index,
)

_OBJ, _LIST, _IDMAP = 0, 1, 2
_SKIP = object()  # the pending "field" of a mapping whose key is not a field


class _Fallback(Exception):
    """The file needs the node tree: run the reference path instead."""


def _place(event: Any) -> tuple[int, int, int, int]:
    """Where an event's text is, as the loader's node span would give it (1-based)."""
    start, end = event.start_mark, event.end_mark
    return (start.line + 1, start.column + 1, end.line + 1, end.column + 1)


class _At:
    """A place with ``.span`` as on a :class:`Node`, for the specs' own code."""

    __slots__ = ("place",)

    def __init__(self, place: tuple[int, int, int, int]) -> None:
        self.place = place

    @property
    def span(self) -> Span:
        return Span(*self.place)


class _Keys:
    """Finds the key of a field in a streamed mapping (see ``Positions.containers``)."""

    @staticmethod
    def child_node(keys: dict[str, tuple[int, int, int, int]], step: str) -> _At | None:
        place = keys.get(step)
        return None if place is None else _At(place)


class _Items:
    """Finds an item of a streamed list (see ``Positions.containers``)."""

    @staticmethod
    def child_node(items: list[tuple[int, int, int, int]], step: str) -> _At | None:
        index = list_index(step)
        return _At(items[index]) if index is not None and index < len(items) else None


class _StreamValidator(Validator):
    """A validator whose references record places (tuples), except those that a spec
    recorded off the fast path (nodes)."""

    def span_of(self, where: Any) -> Span:
        return Span(*where) if type(where) is tuple else where.span


class _Frame:
    """An open mapping or list and what validating it has gathered so far.

    Made by :func:`_open` without an ``__init__`` call (one per mapping or list, and a
    large file has a hundred thousand); the class attributes are the defaults.
    """

    kind: int  # _OBJ, _LIST or _IDMAP
    spec: Any
    path: str
    prefix: str | None  # a field's path is "<path>/<name>", or just the name
    start: Any  # the start mark of the collection itself
    result: Any  # the validated value so far: a dict or a list
    record: Any  # where keys (field name -> place) or items (list of places) are
    fields: dict[str, Any]
    modes: dict[str, int]
    name: Any = None  # the field or id whose value comes next (mappings)
    key: Any = None  # the place of that field's key or id
    subject: Any = None  # the place of the key this mapping was written under
    invalid = False  # a field's value is INVALID (Obj)
    unknown: set[Any] | None = None  # identities of keys that are not fields


def build_streaming(text: str, limits: Limits) -> Built | None:
    """What ``schema.build(loader.load(text).root)`` gives, or None for the tree path.

    None when the file holds anything the fast path leaves to the node tree: anchors,
    aliases, tags, duplicate keys, a value of the wrong shape for a mapping or list,
    ids with a "/", several documents, a syntax error or a limit reached.
    """
    v = _StreamValidator()
    try:
        raw = _validate(text, limits, v)
    except (_Fallback, yaml.YAMLError):
        return None
    return finish(raw, v)


def _node(event: Any) -> Node:
    """The node the loader would make for an untagged, unanchored scalar."""
    return Node(SCALAR, event.value, None, not event.style, *_place(event))


_new = object.__new__


def _validate(text: str, limits: Limits, v: Validator) -> dict[str, Any]:
    """Validate the document as ``ORG.validate`` would, event by event."""
    scalar_event = yaml.ScalarEvent
    mapping_start, sequence_start = yaml.MappingStartEvent, yaml.SequenceStartEvent
    mapping_end, sequence_end = yaml.MappingEndEvent, yaml.SequenceEndEvent
    str_tag, null_texts = STR, _NULL_TEXTS
    known_tag = _TAG_CACHE.get  # implicit_tag's cache, read inline (the hot path)
    refs = v.refs
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
        frame = _open(None, ORG, "", event, v)
        stack: list[_Frame] = []
        total = 1  # nodes so far, as the loader counts them
        while True:
            event = get_event()
            cls = type(event)
            if cls is scalar_event:
                if event.anchor is not None or event.tag is not None:
                    raise _Fallback
                total += 1
                if total > max_nodes:
                    raise _Fallback
                kind = frame.kind
                value = event.value
                if kind == _OBJ:
                    name = frame.name
                    if name is None:  # a key
                        if value in frame.fields:
                            keys = frame.record
                            if value in keys:
                                raise _Fallback  # a duplicate key
                            start, end = event.start_mark, event.end_mark
                            frame.key = keys[value] = (
                                start.line + 1,
                                start.column + 1,
                                end.line + 1,
                                end.column + 1,
                            )
                            frame.name = value
                        else:
                            _unknown_key(frame, event, v)
                        continue
                    frame.name = None
                    if name is _SKIP:
                        continue
                    if not event.style:
                        if value in null_texts:
                            continue  # an explicit empty value is the same as no key
                        is_text = (known_tag(value) or implicit_tag(value)) is str_tag
                    else:
                        is_text = True
                    mode = frame.modes[name]
                    spec = frame.fields[name]
                    if mode and is_text and (value.isascii() or not has_surrogate(value)):
                        if mode == _REF:
                            refs.append((frame.prefix, name, value, spec.kinds, _place(event)))
                            frame.result[name] = value
                            continue
                        if mode == _TEXT or value in spec.values:
                            frame.result[name] = value
                            continue
                    path = frame.path
                    value = field_value(
                        spec, _node(event), f"{path}/{name}" if path else name, v, _At(frame.key)
                    )
                    if value is INVALID:
                        frame.invalid = True
                    frame.result[name] = value
                elif kind == _LIST:
                    items = frame.record
                    index = len(items)
                    start, end = event.start_mark, event.end_mark
                    place = (start.line + 1, start.column + 1, end.line + 1, end.column + 1)
                    items.append(place)
                    spec = frame.spec
                    item = spec.item
                    mode = spec._mode
                    if (
                        mode
                        and (event.style or (known_tag(value) or implicit_tag(value)) is str_tag)
                        and (value.isascii() or not has_surrogate(value))
                    ):
                        if mode == _REF:
                            refs.append((frame.path, index, value, item.kinds, place))
                            frame.result.append(value)
                            continue
                        if mode == _TEXT or value in item.values:
                            frame.result.append(value)
                            continue
                    frame.result.append(spec.item_value(_node(event), f"{frame.path}/{index}", v))
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
                        at = _At(frame.key)
                        frame.result[ident] = field_value(item, _node(event), path, v, at)
            elif cls is mapping_start or cls is sequence_start:
                if event.anchor is not None or event.tag is not None:
                    raise _Fallback
                total += 1
                if total > max_nodes or len(stack) + 1 >= max_depth:
                    raise _Fallback
                stack.append(frame)
                frame = _open(frame, None, "", event, v)
            elif cls is mapping_end or cls is sequence_end:
                done = frame
                start, end = done.start, event.end_mark
                place = (start.line + 1, start.column + 1, end.line + 1, end.column + 1)
                if done.kind == _OBJ:
                    subject = None if done.subject is None else _At(done.subject)
                    value = done.spec.close(
                        done.result, done.path, _At(place), subject, v, done.invalid
                    )
                else:
                    value = done.result
                if not stack:
                    break
                frame = stack.pop()
                if frame.kind == _LIST:
                    frame.record[-1] = place  # the item's place, now that its end is known
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


def _unknown_key(frame: _Frame, event: Any, v: Validator) -> None:
    """A key that is not a field: reported as the spec does; its value is skipped."""
    node = _node(event)
    identity = key_identity(node)  # what the loader compares to find duplicates
    if frame.unknown is None:
        frame.unknown = set()
    if identity in frame.unknown or identity in frame.record:
        raise _Fallback
    frame.unknown.add(identity)
    frame.spec.unknown_key(node.value, node.plain, node.span, frame.path, v)
    frame.name = _SKIP


def _declare(frame: _Frame, event: Any, v: Validator) -> None:
    """An id in ``people``, ``tasks``, ...: declared and remembered, as IdMap does."""
    ident = event.value
    if (
        not (event.style or implicit_tag(ident) is STR)
        or not ident.strip()
        or "/" in ident
        or ident in frame.result
    ):
        raise _Fallback  # not an id as the fast path knows one, or declared twice here
    spec = frame.spec
    path = f"{spec.section}/{ident}"
    frame.key = place = _place(event)
    v.positions[path] = at = _At(place)
    v.declare(spec.kind, path, ident, at)
    frame.name = ident


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
            path = f"{parent.path}/{len(parent.record)}"
            parent.record.append(None)  # its place is known at its end
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
        frame.modes = spec._modes
        frame.result = {}
        frame.record = {}
        v.positions.containers[path] = (frame.record, _Keys)
    elif is_mapping and kind is IdMap:
        frame.kind = _IDMAP
        frame.result = {}
    elif not is_mapping and kind is ListOf:
        frame.kind = _LIST
        frame.result = []
        frame.record = []
        v.positions.containers[path] = (frame.record, _Items)
    else:
        raise _Fallback  # a shape the spec reports as wrong: the tree path says so
    return frame
