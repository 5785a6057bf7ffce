"""Validate a file against the specs, straight from libyaml's events: the one input path.

:class:`~coordgraph.loader.Events` hands out the events (aliases replayed, limits
enforced); this module's loop dispatches each one to the open mapping or list (a
*frame*) and, for a scalar, to the spec of the field, item or entry it is written for
(:meth:`~coordgraph.schema.Spec.read`). No node tree is built and no value is kept that
the model does not need; places are kept as character indexes, and only what a finding
may ask for (see :mod:`coordgraph.places`). Organisation files and settings files
(``.coordgraph.yaml``, rulesets) go through the same loop, with different specs.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

import yaml

from coordgraph import mistakes, nodepath
from coordgraph.findings import Hit, Span
from coordgraph.loader import (
    AliasEvent,
    Events,
    Limits,
    MappingEnd,
    MappingStart,
    Refused,
    ScalarEvent,
    SequenceEnd,
    SequenceStart,
    short,
    syntax_hit,
)
from coordgraph.places import Place, children, place_of
from coordgraph.scalars import (
    STR,
    TYPED_STARTS,
    TYPED_WORDS,
    ScalarError,
    construct,
    implicit_tag,
    tag_of,
)
from coordgraph.scalars import key_identity as scalar_identity
from coordgraph.schema import (
    ANYTHING,
    INVALID,
    NULL_TEXTS,
    Anything,
    Criterion,
    IdMap,
    ListOf,
    Obj,
    Spec,
    Text,
    Validator,
    collection_tag_ok,
    collection_type,
    is_null,
    scalar_tag_ok,
    scalar_type,
    shown_tag,
    text_fields,
    type_word,
)

_OBJ, _LIST, _IDMAP, _ANYMAP, _ANYLIST = range(5)
_SKIP: Any = object()  # the pending key of a mapping whose value is not read


@dataclass
class Validated:
    """What reading a file gave: the validated values (None when reading stopped at a
    syntax error or a limit, or the file holds no document), the input findings of the
    loader (CG001, CG002, CG005, and several documents), and the validator."""

    raw: Any
    input_hits: list[Hit]
    validator: Validator
    stopped: bool = False
    empty: bool = False
    extra: dict[str, Any] = field(default_factory=dict)


class _Frame:
    """An open mapping or list and what reading it has gathered so far.

    Made without an ``__init__`` call (a large file has a hundred thousand); the class
    attributes are the defaults.
    """

    kind: int
    spec: Any
    path: str
    mark: Any  # libyaml's mark of its start (to read its stretch again as written)
    result: Any  # the validated value so far: a dict or a list
    names: dict[str, str]  # Obj: each field's name as the spec spells it
    readers: dict[str, Any]  # Obj: each field's ``read``
    shapes: dict[str, Shape]  # Obj: what each field's value may open
    shape: Shape  # list items and id entries: what they may open
    read: Any  # list items and id entries: their spec's ``read``
    name: Any = None  # the field, id or key whose value comes next (mappings)
    key: Any = None  # where that key is: its event (Obj) or its place (IdMap)
    subject: Any = None  # where the key this mapping is written under is (event or place)
    declared = ""  # IdMap: the path of the id whose entry comes next
    invalid = False  # a field's value is INVALID (Obj)
    # keys seen that are not in ``result``: fields with an empty value, and the
    # identities of other keys, each with where it is written (repeated keys)
    absent: dict[Any, Place | None] | None = None


#: What a spec's value may open: for a mapping, then for a list, the frame kind (None
#: where that shape is wrong for the spec), the spec the frame reads with, and its
#: tables (see :func:`_tables`).
Shape = tuple[int | None, Any, Any, int | None, Any, Any]
_SHAPES: dict[int, Shape] = {}


def _shape(spec: Any) -> Shape:
    found = _SHAPES.get(id(spec))
    if found is None:
        kind = type(spec)
        map_kind = _OBJ if kind in (Obj, Criterion) else _IDMAP if kind is IdMap else None
        list_kind = _LIST if kind is ListOf else None
        map_spec = spec.obj if kind is Criterion else spec
        if kind is Anything:
            map_kind, list_kind = _ANYMAP, _ANYLIST
        found = (map_kind, map_spec, None, list_kind, spec, None)
        _SHAPES[id(spec)] = found  # before the tables: a spec may hold itself
        found = (
            map_kind,
            map_spec,
            _tables(map_kind, map_spec),
            list_kind,
            spec,
            _tables(list_kind, spec),
        )
        _SHAPES[id(spec)] = found
    return found


def _tables(kind: int | None, spec: Any) -> Any:
    """What a frame of ``kind`` reads ``spec`` with: for a mapping with fields, each
    field's name, ``read`` and shape; for list items and id entries, their ``read`` and
    shape."""
    if kind == _OBJ:
        return (spec.names, spec.readers, {name: _shape(f) for name, f in spec.fields.items()})
    if kind in (_LIST, _IDMAP):
        return (spec.item.read, _shape(spec.item))
    return None


_new = object.__new__


def _open(
    kind: int, spec: Any, path: str, event: Any, subject: Any = None, result: Any = None
) -> _Frame:
    frame = _new(_Frame)
    frame.kind = kind
    frame.spec = spec
    frame.path = path
    frame.mark = event.start_mark
    frame.result = ([] if kind in (_LIST, _ANYLIST) else {}) if result is None else result
    frame.subject = subject
    _prepare(frame)
    return frame


def _prepare(frame: _Frame) -> None:
    """The per-spec tables a frame reads with."""
    kind = frame.kind
    if kind == _OBJ:
        frame.names, frame.readers, frame.shapes = _shape(frame.spec)[2]
    elif kind == _LIST:
        frame.read, frame.shape = _shape(frame.spec)[5]
    elif kind == _IDMAP:
        frame.read, frame.shape = _shape(frame.spec)[2]


def _place(event: Any) -> Place:
    return place_of(event.start_mark, event.end_mark)


def validate(
    text: str, spec: Obj | Anything, limits: Limits, every_reference: bool = False
) -> Validated:
    """Read ``text`` against ``spec`` (the organisation file, or plain data);
    ``every_reference`` keeps the place of every reference (for an editor)."""
    v = Validator(text, every_reference)
    events = Events(text, limits)
    try:
        raw, empty = _document(events, spec, v, limits)
    except Refused as refused:
        return Validated(None, [*events.hits, refused.hit], v, stopped=True)
    except yaml.YAMLError as exc:
        top_keys = frozenset(spec.fields) if isinstance(spec, Obj) else frozenset()
        hit = syntax_hit(text, exc, limits, top_keys)
        return Validated(None, [*events.hits, hit], v, stopped=True)
    finally:
        events.dispose()
    hits = events.hits
    if empty:
        hits.append(Hit("CG001", "", {}, variant="empty", span=Span.point(1, 1)))
    elif spec is not ANYTHING:
        _read_as_something_else(text, events, v)
    return Validated(raw, hits, v, empty=empty)


#: How many comments written '#x' (no space after '#') are looked at, at most.
MAX_GLUED = 1000


def _read_as_something_else(text: str, events: Events, v: Validator) -> None:
    """Parts of values YAML read as something else, without an error: an anchor no alias
    names (``title: &Co pædagog``), a text cut at a '#' (``title: Pædagog #1``)."""
    for event in events.unused_text_anchors():
        _key, written, fixed = mistakes.value_at(text, event.start_mark.index)
        span = v.lines.point(event.start_mark.index)
        v.hit("anchor_as_text", "", span, value=written, fixed=fixed)
    keys = text_fields()
    for count, index in enumerate(_glued_comments(text)):
        if count >= MAX_GLUED or v.full:
            break
        found = mistakes.cut_by_comment(text, index, keys)
        if found is not None:
            v.explain(found, "")


def _glued_comments(text: str) -> Iterator[int]:
    """Each '#' written after a space with no space after it (``Pædagog #1``), the first
    on its line. Found with ``str.find``, a line at a time: a file of comments costs
    next to nothing more to read."""
    index = text.find("#")
    while index >= 0:
        if index and text[index - 1] == " " and text[index + 1 : index + 2] not in _NOT_GLUED:
            yield index
        end = text.find("\n", index)
        index = text.find("#", end) if end >= 0 else -1


_NOT_GLUED = frozenset({"", " ", "\t", "\r", "\n", "#"})


def _document(
    events: Events, spec: Obj | Anything, v: Validator, limits: Limits
) -> tuple[Any, bool]:
    """The first document's value, and whether the file holds no document at all."""
    events.next()  # the stream's start
    event = events.next()
    if type(event) is yaml.StreamEndEvent:
        return None, True
    event = events.next()  # the root node
    cls = type(event)
    if cls is ScalarEvent:
        if event.anchor is not None:
            events.anchor(event)
        if is_null(event):
            raw, empty = None, True
        else:
            raw, empty = spec.read(event, "", "", v), False
    elif cls is AliasEvent:
        events.replay(event, 0)  # an alias to nothing: refused
        raise AssertionError("unreachable")
    else:
        raw, empty = _collection(events, spec, v, limits, event), False
    # The rest of the stream: the end of this document, and nothing after it. Another
    # document is reported and read to its end, so a broken one is a syntax error.
    while True:
        event = events.next()
        cls = type(event)
        if cls is yaml.StreamEndEvent:
            return raw, empty
        if cls is yaml.DocumentStartEvent:
            span = v.lines.point(event.start_mark.index)
            events.hits.append(Hit("CG003", "", {}, variant="multiple_documents", span=span))
            while type(events.next()) is not yaml.StreamEndEvent:
                pass
            return raw, empty


def _collection(events: Events, spec: Any, v: Validator, limits: Limits, first: Any) -> Any:
    """Read the mapping or list that starts at ``first`` (the root)."""
    if first.anchor is not None:
        events.anchor(first)
    kind = _kind_for(spec, first)
    if kind is None or not collection_tag_ok(first.tag) or limits.max_depth < 1:
        if limits.max_depth < 1:
            raise events.too_deep(first)
        _wrong_collection(events, spec, v, "", first, 0, 1)
        return INVALID
    root = _open(kind, spec.obj if type(spec) is Criterion else spec, "", first)
    return _loop(events, v, limits, root)


def _kind_for(spec: Any, event: Any) -> int | None:
    """The frame kind that reads this collection for this spec, or None (wrong shape)."""
    is_mapping = type(event) is MappingStart
    kind = type(spec)
    if is_mapping:
        if kind is Obj or kind is Criterion:
            return _OBJ
        if kind is IdMap:
            return _IDMAP
        if kind is Anything:
            return _ANYMAP
    else:
        if kind is ListOf:
            return _LIST
        if kind is Anything:
            return _ANYLIST
    return None


def _wrong_collection(
    events: Events, spec: Spec, v: Validator, path: str, event: Any, depth: int, total: int
) -> int:
    """A mapping or list where the spec wants something else (or with a foreign tag):
    reported on the whole of it, and read past. Returns the node count."""
    end, total = events.skip(event, path, depth, total)
    span = v.lines.marks(event.start_mark, end)
    if not collection_tag_ok(event.tag):
        v.hit("tag", path, span, tag=shown_tag(event.tag))
    elif isinstance(spec, Text) and _one_line_item(v.lines.text, event, end):
        _key, written, fixed = mistakes.value_at(v.lines.text, event.start_mark.index)
        v.hit("colon_in_text", path, span, value=written, fixed=fixed)
    else:
        expected = type_word(spec.expected)
        v.hit("wrong_type", path, span, expected=expected, actual=collection_type(event))
    return total


def _one_line_item(text: str, event: Any, end: Any) -> bool:
    """A mapping of one ``key: value`` written as a list item on one line (``- Budget:
    op til 5000 kr``): a text with ': ' in it, most likely."""
    if type(event) is not MappingStart or event.flow_style or event.start_mark is None:
        return False
    start = event.start_mark.index
    line = mistakes.line_at(text, start)
    if line.text[: start - line.start].strip() != "-":
        return False
    written = text[start : end.index if end is not None else start].rstrip()
    return "\n" not in written and "\r" not in written


def _loop(events: Events, v: Validator, limits: Limits, root: _Frame) -> Any:
    """Read every event of the root collection; returns its validated value.

    The common events are handled inline (a field's key and value, an id, a list item,
    a mapping or list of the expected shape); anything else goes to a helper.
    """
    max_depth, max_nodes = limits.max_depth, limits.max_nodes
    scalar_event, alias_event = ScalarEvent, AliasEvent
    mapping_start, sequence_start = MappingStart, SequenceStart
    mapping_end, sequence_end = MappingEnd, SequenceEnd
    places = v.places
    root_keys = places.keys if root.spec is not ANYTHING else {}
    fields = places.fields
    containers = places.containers
    null_texts = NULL_TEXTS
    child_path = nodepath.child
    new = _new
    stack: list[_Frame] = []
    frame = root
    total = 1
    next_event = events.next
    while True:
        event = next_event()
        cls = type(event)
        if cls is scalar_event:
            total += 1
            if event.anchor is not None:
                events.anchor(event)
                next_event = events.next
                if not event.value and frame.kind == _OBJ and type(frame.name) is str:
                    v.explained.add(child_path(frame.path, frame.name))
            kind = frame.kind
            if kind == _OBJ:
                name = frame.name
                if name is None:  # a key
                    if event.tag is None:
                        name = frame.names.get(event.value)
                        if (
                            name is not None
                            and name not in frame.result
                            and (frame.absent is None or name not in frame.absent)
                        ):
                            frame.name = name
                            frame.key = event
                            if frame is root:
                                root_keys[name] = _place(event)
                            continue
                    _obj_key(frame, event, events, v, root_keys if frame is root else None)
                    continue
                frame.name = None
                if name is _SKIP:
                    continue
                tag = event.tag
                if (tag is None and not event.style and event.value in null_texts) or (
                    tag is not None and is_null(event)
                ):
                    # An explicit empty value is the same as leaving the key out.
                    if frame.absent is None:
                        frame.absent = {}
                    frame.absent[name] = _place(frame.key)
                    continue
                value = frame.readers[name](event, frame.path, name, v)
                if value is INVALID:
                    frame.invalid = True
                frame.result[name] = value
            elif kind == _LIST:
                result = frame.result
                if (event.tag is None and not event.style and event.value in null_texts) or (
                    event.tag is not None and is_null(event)
                ):
                    path = child_path(frame.path, len(result))
                    actual = type_word("null-value")
                    v.hit(
                        "wrong_type", path, v.at(event), expected=type_word("string"), actual=actual
                    )
                    result.append(INVALID)
                else:
                    result.append(frame.read(event, frame.path, len(result), v))
            elif kind == _IDMAP:
                if frame.name is None:
                    _declare(frame, event, events, v)
                    continue
                ident = frame.name
                frame.name = None
                if ident is not _SKIP:
                    frame.result[ident] = frame.read(event, frame.spec.section, ident, v)
            else:
                _plain_scalar(frame, event, events, v)
        elif cls is mapping_start or cls is sequence_start:
            total += 1
            if total > max_nodes:
                raise events.over_nodes(event)
            if len(stack) + 1 >= max_depth:
                raise events.too_deep(event)
            if event.anchor is not None:
                events.anchor(event)
                next_event = events.next
            # The common case inline: a mapping or list of the shape its spec expects.
            kind = frame.kind
            name = frame.name
            shape = None
            if event.tag is None:
                if kind == _OBJ:
                    if name is not None and name is not _SKIP:
                        shape = frame.shapes[name]
                        path = child_path(frame.path, name)
                elif kind == _LIST:
                    shape = frame.shape
                    path = child_path(frame.path, len(frame.result))
                elif kind == _IDMAP and name is not None and name is not _SKIP:
                    shape = frame.shape
                    path = frame.declared
            if shape is not None:
                if cls is mapping_start:
                    child_kind, spec, tables = shape[0], shape[1], shape[2]
                else:
                    child_kind, spec, tables = shape[3], shape[4], shape[5]
                if child_kind is not None:
                    child = new(_Frame)
                    child.kind = child_kind
                    child.spec = spec
                    child.path = path
                    child.mark = event.start_mark
                    if child_kind == _OBJ:
                        child.result = {}
                        child.names, child.readers, child.shapes = tables
                    elif child_kind == _LIST:
                        child.result = []
                        child.read, child.shape = tables
                    else:
                        child.result = {}
                        child.read, child.shape = tables
                    if kind != _LIST:
                        child.subject = frame.key
                    stack.append(frame)
                    frame = child
                    continue
            found, total = _child(frame, event, events, v, len(stack) + 1, total)
            next_event = events.next
            if found is not None:
                stack.append(frame)
                frame = found
        elif cls is mapping_end or cls is sequence_end:
            done = frame
            kind = done.kind
            end_mark = event.end_mark
            subject = done.subject
            entry = type(subject) is tuple  # an id's entry is written under its id's place
            if subject is not None and not entry:
                # The key a field's mapping or list is written under: kept, so a finding
                # about it (a task's mandate, its follow-up) needs no second reading.
                # Marks, not numbers: most are never asked for.
                subject = fields[done.path] = (subject.start_mark, subject.end_mark)
            if kind == _OBJ:
                # The root's keys are kept as they come; an id's entry is found again
                # from its id when asked (a large file has a hundred thousand entries,
                # and keeping each one's marks costs more than finding the few asked for).
                if stack and not entry:
                    containers[done.path] = (done.mark, end_mark, True)
                spec = done.spec
                result = done.result
                if (
                    done.invalid
                    or spec.extra is not None
                    or not result.keys() >= spec.required_names  # one is missing
                ):
                    marks = (done.mark, end_mark)
                    value = spec.close(result, done.path, marks, subject, v, done.invalid)
                else:
                    value = result
            else:
                if kind == _LIST:
                    containers[done.path] = (done.mark, end_mark, False)
                value = done.result
            if not stack:
                return value
            frame = stack.pop()
            kind = frame.kind
            if kind in (_LIST, _ANYLIST):
                frame.result.append(value)
            elif kind == _ANYMAP:
                _attach(frame, value)
            else:
                if value is INVALID:
                    frame.invalid = True
                frame.result[frame.name] = value
                frame.name = None
            next_event = events.next
        elif cls is alias_event:
            total = events.replay(event, total)
            next_event = events.next
        else:  # nothing else can come inside a document
            raise AssertionError(f"unexpected {cls.__name__}")


def _attach(frame: _Frame, value: Any) -> None:
    """Give a finished mapping's or list's value to the one it is written in."""
    kind = frame.kind
    if kind in (_LIST, _ANYLIST):
        frame.result.append(value)
        return
    if kind == _OBJ and value is INVALID:
        frame.invalid = True
    if kind == _ANYMAP:
        frame.result[frame.key] = value
    else:
        frame.result[frame.name] = value
    frame.name = None


def _child(
    frame: _Frame, event: Any, events: Events, v: Validator, depth: int, total: int
) -> tuple[_Frame | None, int]:
    """The frame for a mapping or list that starts inside ``frame``, or None when it is
    not read (a key, the value of a skipped key, a wrong shape); then the node count."""
    kind = frame.kind
    subject = None
    if kind in (_LIST, _ANYLIST):
        spec = frame.spec.item if kind == _LIST else ANYTHING
        path = nodepath.child(frame.path, len(frame.result))
    else:
        name = frame.name
        if name is None:  # a mapping or list as a key
            end, total = events.skip(event, frame.path, depth, total)
            span = v.lines.marks(event.start_mark, end)
            expected = type_word("string")
            v.hit("wrong_type", frame.path, span, expected=expected, actual=collection_type(event))
            frame.name = _SKIP
            return None, total
        if name is _SKIP:
            frame.name = None
            end, total = events.skip(event, frame.path, depth, total)
            return None, total
        if kind == _OBJ:
            spec = frame.spec.fields[name]
            path = nodepath.child(frame.path, name)
            subject = frame.key
        elif kind == _IDMAP:
            spec = frame.spec.item
            path = nodepath.child(frame.spec.section, name)
            subject = frame.key
        else:
            spec = ANYTHING
            path = nodepath.child(frame.path, frame.name)
    child_kind = _kind_for(spec, event)
    if child_kind is None or not collection_tag_ok(event.tag):
        total = _wrong_collection(events, spec, v, path, event, depth, total)
        _attach(frame, INVALID)
        return None, total
    if type(spec) is Criterion:
        spec = spec.obj
    return _open(child_kind, spec, path, event, subject), total


def _obj_key(
    frame: _Frame, event: Any, events: Events, v: Validator, root_keys: dict[str, Place] | None
) -> None:
    """A key of a mapping with fields: a field, a repeated key, or an unknown key."""
    if event.tag is not None and not scalar_tag_ok(event, frame.path, v, value=False):
        frame.name = _SKIP
        return
    value = event.value
    name = frame.names.get(value)
    if name is None:
        _unknown_key(frame, event, events, v)
        return
    absent = frame.absent
    if name in frame.result or (absent is not None and name in absent):
        first = absent.get(name) if absent is not None else None
        if first is None:
            mark = frame.mark
            keys = children(
                v.lines.text, mark.index, event.start_mark.index, mark.line, mark.column
            )
            first = keys.get(value)
        events.repeated_key(frame.path, event, first)
        frame.name = _SKIP
        return
    frame.name = name
    frame.key = event
    if root_keys is not None:
        root_keys[name] = _place(event)


def _unknown_key(frame: _Frame, event: Any, events: Events, v: Validator) -> None:
    """A key that is not a field: reported as the spec does; its value is skipped."""
    identity = scalar_identity(event.value, not event.style, event.tag)
    if frame.absent is None:
        frame.absent = {}
    # A field's identity is its name; an unknown key's is kept apart in a tuple.
    first = frame.absent.get((identity,), _SKIP)
    if first is not _SKIP:
        events.repeated_key(frame.path, event, first)
    else:
        frame.absent[(identity,)] = _place(event)
        if v.full or not _explain_unknown_key(frame, event, v):
            frame.spec.unknown_key(event.value, not event.style, v.at(event), frame.path, v)
    frame.name = _SKIP


def _explain_unknown_key(frame: _Frame, event: Any, v: Validator) -> bool:
    """An unknown key that is a common mistake: a piece of the value before it, cut at
    a comma inside ``{ }``; a key of a field above that was left empty, written without
    indentation (``mandate:`` then ``granted_by:`` under it). True when reported (or
    already said by another finding)."""
    text = v.lines.text
    index = event.start_mark.index
    if index in v.explained:
        return True
    start = frame.mark.index
    if not event.style and text[start : start + 1] == "{":
        after = event.end_mark.index
        while after < len(text) and text[after] in " \t\r\n":
            after += 1
        if text[after : after + 1] in (",", "}"):
            found = mistakes.comma_in_flow(text, start, index)
            if found is not None:
                explained, pieces = found
                v.explained.update(pieces)
                v.explain(explained, nodepath.child(frame.path, str(explained.args["key"])))
                return True
    if frame.absent:
        name = event.value
        for field_name, place in reversed(frame.absent.items()):
            if type(field_name) is not str or place is None:
                continue
            spec = frame.spec.fields.get(field_name)
            spec = spec.obj if type(spec) is Criterion else spec
            if type(spec) is Obj and name in spec.fields:
                v.explained.add(nodepath.child(frame.path, field_name))
                found_under = mistakes.under(v.lines, index, name, field_name, place[0])
                v.explain(found_under, nodepath.child(frame.path, name), v.at(event))
                return True
    return _below_the_field_above(frame, event, v)


def _below_the_field_above(frame: _Frame, event: Any, v: Validator) -> bool:
    """An unknown key that is a key of the field written just above it, whose lines are
    indented under it (``organisation:`` with ``id:`` under it, then ``name:`` at the
    left edge): it was meant to be indented with them."""
    if not frame.result:
        return False
    last = next(reversed(frame.result))
    spec = frame.spec.fields.get(last)
    value = frame.result[last]
    name = event.value
    if type(spec) is not Obj or name not in spec.fields or not isinstance(value, dict):
        return False
    parent = nodepath.child(frame.path, last)
    place = v.places.key(parent)
    container = v.places.container(parent)
    text = v.lines.text
    if place is None or name in value or (container and text[container[0]] == "{"):
        return False
    v.hits = [
        hit
        for hit in v.hits
        if not (hit.variant == "missing_key" and hit.node == parent and hit.args["key"] == name)
    ]
    found = mistakes.under(v.lines, event.start_mark.index, name, last, place[0])
    v.explain(found, nodepath.child(frame.path, name), v.at(event))
    return True


def _declare(frame: _Frame, event: Any, events: Events, v: Validator) -> None:
    """An id in ``people``, ``tasks``, ...: declared, unless it cannot be one."""
    ident = event.value
    spec = frame.spec
    if not (
        event.tag is None
        and (
            event.style
            or (ident and ident[0] not in TYPED_STARTS and ident not in TYPED_WORDS)
            or implicit_tag(ident) is STR
        )
        and ident.strip()
        and "/" not in ident
        and ident not in frame.result
    ):
        ident = _odd_id(frame, event, events, v)
        if ident is None:
            frame.name = _SKIP
            return
    path = nodepath.child(spec.section, ident)  # its entry's path too
    start, end = event.start_mark, event.end_mark
    place = (start.index, end.index, start.line, start.column, end.line, end.column)
    ids = v.ids
    first = ids.get(ident)
    if first is None:
        ids[ident] = (spec.kind, path, place)  # where the places find it too
    else:  # declared in another section first: reported, and left out of the model
        v.places.keys[path] = place
        v.hit("duplicate_id", path, v.lines.span(place), id=ident, first=first[1])
        v.duplicates.add(path)
    frame.name = ident
    frame.key = place
    frame.declared = path


def _odd_id(frame: _Frame, event: Any, events: Events, v: Validator) -> str | None:
    """An id off the common path: reported as needed; None when it cannot be used."""
    spec = frame.spec
    ident = event.value
    if event.tag is not None and not scalar_tag_ok(event, frame.path, v, value=False):
        return None
    identity = scalar_identity(ident, not event.style, event.tag)
    if frame.absent is None:
        frame.absent = {}
    if ident in frame.result or identity in frame.absent:
        first = v.places.declared(nodepath.child(spec.section, ident)) or frame.absent.get(identity)
        events.repeated_key(frame.path, event, first, ident=True)
        return None
    frame.absent[identity] = _place(event)
    if tag_of(ident, not event.style, event.tag) != STR:
        path = nodepath.child(spec.section, ident)
        v.hit("yaml11_trap", path, v.at(event), value=ident, actual=scalar_type(event))
    if not ident.strip():
        v.hit("empty_id", frame.path, v.at(event))
        return None
    if "/" in ident:
        suggestion = ident.replace("/", "-")
        v.hit("slash_in_id", frame.path, v.at(event), id=ident, suggestion=suggestion)
        return None
    return str(ident)


def _plain_scalar(frame: _Frame, event: Any, events: Events, v: Validator) -> None:
    """A scalar in plain data (a settings file): a key or a value."""
    if frame.kind == _ANYLIST:
        frame.result.append(ANYTHING.read(event, frame.path, len(frame.result), v))
        return
    if frame.name is None:  # a key
        if event.tag is not None and not scalar_tag_ok(event, frame.path, v, value=False):
            frame.name = _SKIP
            return
        if not event.style and event.tag is None and event.value == "<<":
            v.hit("merge_key", frame.path, v.at(event))
            frame.name = _SKIP
            return
        identity = scalar_identity(event.value, not event.style, event.tag)
        if frame.absent is None:
            frame.absent = {}
        if identity in frame.absent:
            events.repeated_key(frame.path, event, frame.absent[identity])
            frame.name = _SKIP
            return
        frame.absent[identity] = _place(event)
        try:
            key = construct(tag_of(event.value, not event.style, event.tag), event.value)
        except ScalarError:
            key = event.value
        frame.name = short(event.value, 200)
        frame.key = key
        return
    name = frame.name
    frame.name = None
    if name is not _SKIP:
        frame.result[frame.key] = ANYTHING.read(event, frame.path, name, v)


class DataError(ValueError):
    """A settings file (configuration, ruleset) that cannot be read as plain data."""

    def __init__(self, problem: str, span: Span | None = None) -> None:
        where = f"line {span.line}, column {span.column}: " if span is not None else ""
        super().__init__(f"{where}{problem}")
        self.problem = problem
        self.span = span


def load_data(data: bytes | str, limits: Limits | None = None) -> Any:
    """Plain data (dicts, lists, YAML 1.1 scalars) from a settings file.

    Read like an organisation file, through the same loop and with the same limits
    (nesting, aliases, size), the same refusal of repeated keys, merge keys and tags
    beyond the standard ones; nothing is ever constructed from a tag. Raises
    :class:`DataError` at the first problem.
    """
    from coordgraph.loader import read

    limits = limits or Limits()
    text, hits = read(data, limits)
    if text is not None:
        validated = validate(text, ANYTHING, limits)
        hits = [*validated.input_hits, *validated.validator.hits]
        if not hits:
            return None if validated.empty or validated.raw is INVALID else validated.raw
    first = hits[0]
    raise DataError(_problem(first), first.span)


def _problem(hit: Hit) -> str:
    """A one-line English account of an input hit, for settings files."""
    args = hit.args
    if hit.code == "CG002":
        return f"the key '{args['key']}' is repeated (first at line {args['first_line']})"
    if hit.code == "CG005":
        if hit.variant == "nodes":
            return f"it holds more than {args['limit']} YAML nodes (keys and values)"
        if hit.variant == "duplicates":
            return f"it repeats keys more than {args['limit']} times"
        if hit.variant == "depth":
            return f"it is nested more than {args['limit']} levels deep"
        if hit.variant == "size":
            return f"it is larger than {args['limit']} bytes"
        if hit.variant == "recursive_alias":
            return f"the alias '*{args['anchor']}' refers to itself"
        return f"it uses too many aliases (more than {args['limit']})"
    if hit.variant == "multiple_documents":
        return "it holds more than one YAML document"
    if hit.variant == "undefined_alias":
        return f"the alias '*{args['anchor']}' refers to no anchor"
    if hit.variant == "merge_key":
        return "merge keys ('<<') are not supported; write the keys out"
    if hit.variant == "tag":
        return f"the tag '{args['tag']}' is not allowed here"
    if hit.variant == "wrong_type":
        return "a key must be a single value, not a list or mapping"
    if hit.variant and hit.variant.startswith("scalar_"):
        return f"'{args.get('value')}' cannot be read as its type"
    return _english(hit)


def _english(hit: Hit) -> str:
    """An input finding in the rule's own English words (settings files are read in
    English)."""
    from coordgraph.catalogue import ConfigError, prose
    from coordgraph.terms import fill

    try:
        words = prose(hit.code)
        texts = words.message if hit.variant is None else words.variants[hit.variant]
    except (ConfigError, KeyError):
        return "it cannot be read"
    return fill(texts["en"], hit.args, "en")
