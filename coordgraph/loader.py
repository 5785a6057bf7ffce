"""Load an organisation file: bytes -> text -> YAML nodes with positions.

We compose the node tree ourselves from libyaml's event stream instead of calling
``yaml.compose``: that lets us refuse hostile input *while streaming* (PyYAML's C
composer recurses and crashes the process on very deep nesting), count aliases and
their expansion before anything walks the tree, and see every duplicated key (PyYAML
silently keeps the last). Nothing is ever constructed from a tag: scalars stay text
until :mod:`coordgraph.scalars` resolves them with YAML 1.1 rules.

Produces CG001 (syntax, encoding), CG002 (duplicate keys) and CG005 (limits) hits.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

import yaml

from coordgraph.findings import Hit, Span
from coordgraph.scalars import key_identity

#: libyaml's parser where PyYAML has it (the pure-Python one otherwise); only its events
#: are used, never its constructor.
Parser = getattr(yaml, "CSafeLoader", None) or yaml.SafeLoader

SCALAR, MAPPING, SEQUENCE = "scalar", "mapping", "sequence"
#: More duplicated keys than this and the file is refused (CG005): no real organisation
#: file has them, and a finding for each of millions would exhaust memory.
MAX_DUPLICATES = 1000


@dataclass(frozen=True, slots=True)
class Limits:
    """Input limits (CG005). Defaults are generous for real organisations."""

    max_bytes: int = 20_000_000
    max_depth: int = 64
    max_aliases: int = 1_000
    max_nodes: int = 5_000_000  # nodes after alias expansion


class Node:
    """A YAML node with its 1-based position.

    ``value`` is the scalar text, a list of ``(key, value)`` node pairs for a mapping
    (duplicates already removed and reported), or a list of nodes for a sequence.
    ``tag`` is the explicit tag as written (full form) or ``None``; ``plain`` tells
    whether a scalar was written unquoted (only those get YAML 1.1 implicit types).
    """

    __slots__ = (
        "anchor",
        "column",
        "end_column",
        "end_line",
        "kind",
        "line",
        "plain",
        "tag",
        "value",
    )

    def __init__(
        self,
        kind: str,
        value,
        tag: str | None,
        plain: bool,
        line: int,
        column: int,
        end_line: int,
        end_column: int,
        anchor: str | None = None,
    ) -> None:
        self.kind = kind
        self.value = value
        self.tag = tag
        self.plain = plain
        self.line = line
        self.column = column
        self.end_line = end_line
        self.end_column = end_column
        self.anchor = anchor

    @property
    def span(self) -> Span:
        return Span(self.line, self.column, self.end_line, self.end_column)

    def __repr__(self) -> str:  # for debugging and test failure messages
        return f"Node({self.kind}, {self.value!r:.40}, {self.line}:{self.column})"


@dataclass(slots=True)
class Loaded:
    """Result of loading: the root node (``None`` when nothing usable), text, hits."""

    text: str | None
    root: Node | None
    hits: list[Hit] = field(default_factory=list)


class _Refused(Exception):
    """Raised inside the composer to stop at once on a limit."""

    def __init__(self, hit: Hit) -> None:
        self.hit = hit


@contextmanager
def paused_gc() -> Iterator[None]:
    """Pause the cyclic garbage collector: the node tree creates millions of objects
    and has no cycles, so collection would only rescan them (most of a naive load's
    time)."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def decode(data: bytes) -> tuple[str | None, Hit | None]:
    """UTF-8 with or without BOM; anything else is a CG001 finding saying so."""
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    elif data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return None, Hit(
            "CG001",
            "",
            {"detail": "it looks like UTF-16"},
            variant="encoding",
            span=Span.point(1, 1),
        )
    try:
        return data.decode("utf-8"), None
    except UnicodeDecodeError as exc:
        before = data[: exc.start]
        line = before.count(b"\n") + 1
        column = exc.start - (before.rfind(b"\n") + 1) + 1
        detail = f"byte 0x{data[exc.start]:02x} at line {line}, column {column}"
        return None, Hit(
            "CG001", "", {"detail": detail}, variant="encoding", span=Span.point(line, column)
        )


def _clamped(text: str, line0: int, column0: int) -> Span:
    """A 1-based point for a 0-based parser mark, kept inside the file.

    libyaml reports errors at the end of the stream one line past the last; that
    becomes the end of the last line.
    """
    lines = text.split("\n")
    if len(lines) > 1 and lines[-1] == "":
        lines.pop()
    last = len(lines) - 1
    if line0 > last:
        return Span.point(last + 1, len(lines[last]) + 1)
    line = max(line0, 0)
    column = min(max(column0, 0), len(lines[line]))
    return Span.point(line + 1, column + 1)


def load(data: bytes | str, limits: Limits = Limits()) -> Loaded:
    """Decode ``data`` and compose its node tree, with every input finding on the way."""
    loaded = read(data, limits)
    if loaded.text is None:
        return loaded
    return compose(loaded.text, limits)


def read(data: bytes | str, limits: Limits = Limits()) -> Loaded:
    """The text of ``data`` (no node tree yet), or the finding that stops it: too large,
    not UTF-8, a lone surrogate."""
    surrogate = None  # index of a lone surrogate in text given as str (never valid)
    if isinstance(data, str):
        try:
            size = len(data.encode("utf-8"))
        except UnicodeEncodeError as exc:
            size, surrogate = len(data.encode("utf-8", "surrogatepass")), exc.start
    else:
        size = len(data)
    if size > limits.max_bytes:
        hit = Hit(
            "CG005",
            "",
            {"size": size, "limit": limits.max_bytes},
            variant="size",
            span=Span.point(1, 1),
        )
        return Loaded(None, None, [hit])
    if isinstance(data, bytes):
        text, problem = decode(data)
        if problem is not None:
            return Loaded(None, None, [problem])
        assert text is not None
    elif surrogate is not None:
        before = data[:surrogate]
        line = before.count("\n") + 1
        column = surrogate - (before.rfind("\n") + 1) + 1
        detail = f"a lone surrogate U+{ord(data[surrogate]):04X} at line {line}, column {column}"
        hit = Hit(
            "CG001", "", {"detail": detail}, variant="encoding", span=Span.point(line, column)
        )
        return Loaded(None, None, [hit])
    else:
        text = data[1:] if data.startswith("\ufeff") else data
    return Loaded(text, None)


def compose(text: str, limits: Limits = Limits()) -> Loaded:
    """The node tree of decoded ``text`` (CG001 syntax, CG002, CG005 on the way)."""
    hits: list[Hit] = []
    with paused_gc():
        try:
            root = _compose(text, limits, hits)
        except _Refused as refused:
            hits.append(refused.hit)
            return Loaded(text, None, hits)
        except yaml.MarkedYAMLError as exc:
            mark = exc.problem_mark or exc.context_mark
            span = _clamped(text, mark.line, mark.column) if mark else Span.point(1, 1)
            problem = exc.problem or exc.context or "cannot be parsed"
            if "maximum nesting depth" in problem:  # libyaml's own guard fired first
                hits.append(
                    Hit("CG005", "", {"limit": limits.max_depth}, variant="depth", span=span)
                )
                return Loaded(text, None, hits)
            if exc.context and exc.problem:
                problem = f"{exc.problem} ({exc.context})"
            hits.append(Hit("CG001", "", {"problem": problem}, span=span))
            return Loaded(text, None, hits)
        except yaml.YAMLError as exc:  # reader errors: control characters and the like
            mark = getattr(exc, "position", None)
            span = Span.point(1, 1)
            if isinstance(mark, int):
                before = text[:mark]
                span = Span.point(before.count("\n") + 1, mark - (before.rfind("\n") + 1) + 1)
            reason = getattr(exc, "reason", None) or str(exc).splitlines()[0]
            hits.append(Hit("CG001", "", {"problem": reason}, span=span))
            return Loaded(text, None, hits)
    return Loaded(text, root, hits)


def _compose(text: str, limits: Limits, hits: list[Hit]) -> Node | None:
    """Build the node tree from libyaml's events in one flat loop.

    The hot path (a scalar) creates its node without an ``__init__`` call and attaches
    it inline; the state of the open collection lives in local variables and is saved
    on ``stack`` only when a child collection opens. Paths (for CG002) and node counts
    under an anchor (for the expansion limit) are worked out only when needed.
    """
    parser = Parser(text)
    get_event = parser.get_event
    scalar_event, alias_event = yaml.ScalarEvent, yaml.AliasEvent
    mapping_start, sequence_start = yaml.MappingStartEvent, yaml.SequenceStartEvent
    mapping_end, sequence_end = yaml.MappingEndEvent, yaml.SequenceEndEvent
    document_start, stream_end = yaml.DocumentStartEvent, yaml.StreamEndEvent
    max_depth, max_aliases, max_nodes = limits.max_depth, limits.max_aliases, limits.max_nodes
    new = object.__new__

    anchors: dict[str, Node] = {}
    identities: dict[str, object] = {}  # plain key text -> identity (keys repeat)
    open_anchors: set[str] = set()
    sizes: dict[int, int] = {}  # id(collection) -> nodes under it, once an alias needs it
    # The open collection: its node, value list, whether a mapping, the key waiting for
    # its value, the identities of its keys so far, and its step from its parent (an int
    # index, the key node, or None for the root). Enclosing ones are saved on ``stack``.
    cur: Node | None = None
    items: list | None = None
    is_map = False
    pending: Node | None = None
    seen: dict | None = None
    step: object = None
    stack: list[tuple] = []
    root: Node | None = None
    documents = 0
    aliases = 0
    total = 0  # nodes composed plus nodes reached through aliases
    line0, line1 = -1, 0  # the current 0-based line and its shared 1-based int

    try:
        while True:
            event = get_event()
            cls = type(event)
            if cls is scalar_event:
                start = event.start_mark
                line = start.line
                if line != line0:  # share one int per line: millions of nodes
                    line0 = line
                    line1 = line + 1
                end = event.end_mark
                node = new(Node)
                node.kind = SCALAR
                node.value = event.value
                tag = event.tag
                if tag is None:  # untagged: plain_implicit exactly when the style is plain
                    node.tag = None
                    node.plain = not event.style
                elif tag == "!":
                    node.tag = None
                    node.plain = False
                else:
                    node.tag = tag
                    node.plain = event.implicit[0] and not event.style
                node.line = line1
                node.column = start.column + 1
                node.end_line = line1 if end.line == line0 else end.line + 1
                node.end_column = end.column + 1
                node.anchor = anchor = event.anchor
                total += 1
                if total > max_nodes:
                    raise _Refused(_too_many_nodes(max_nodes, aliases, node.span))
                if anchor is not None:
                    anchors[anchor] = node
            elif cls is mapping_start or cls is sequence_start:
                start = event.start_mark
                if len(stack) >= max_depth:
                    raise _Refused(
                        Hit(
                            "CG005",
                            "",
                            {"limit": max_depth},
                            variant="depth",
                            span=Span.point(start.line + 1, start.column + 1),
                        )
                    )
                if start.line != line0:
                    line0 = start.line
                    line1 = line0 + 1
                node = new(Node)
                node.kind = MAPPING if cls is mapping_start else SEQUENCE
                node.value = []
                node.tag = event.tag
                node.plain = False
                node.line = node.end_line = line1
                node.column = node.end_column = start.column + 1
                node.anchor = anchor = event.anchor
                if anchor is not None:
                    open_anchors.add(anchor)
                stack.append((cur, items, is_map, pending, seen, step))
                if is_map:
                    step = pending
                elif cur is not None:
                    step = len(items)
                else:
                    step = None
                cur = node
                items = node.value
                is_map = cls is mapping_start
                pending = None
                seen = {} if is_map else None
                total += 1
                if total > max_nodes:
                    raise _Refused(_too_many_nodes(max_nodes, aliases, node.span))
                continue
            elif cls is mapping_end or cls is sequence_end:
                node = cur
                end = event.end_mark
                node.end_line = line1 if end.line == line0 else end.line + 1
                node.end_column = end.column + 1
                if node.anchor is not None:
                    open_anchors.discard(node.anchor)
                    anchors[node.anchor] = node
                cur, items, is_map, pending, seen, step = stack.pop()
            elif cls is alias_event:
                name = event.anchor
                point = Span.point(event.start_mark.line + 1, event.start_mark.column + 1)
                if name in open_anchors:
                    raise _Refused(
                        Hit("CG005", "", {"anchor": name}, variant="recursive_alias", span=point)
                    )
                node = anchors.get(name)
                if node is None:
                    raise _Refused(
                        Hit("CG001", "", {"anchor": name}, variant="undefined_alias", span=point)
                    )
                aliases += 1
                if aliases > max_aliases:
                    raise _Refused(
                        Hit("CG005", "", {"limit": max_aliases}, variant="aliases", span=point)
                    )
                total += _size(node, sizes)
                if total > max_nodes:
                    raise _Refused(_too_many_nodes(max_nodes, aliases, point))
            elif cls is document_start:
                documents += 1
                if documents > 1:
                    hits.append(
                        Hit(
                            "CG003",
                            "",
                            {},
                            variant="multiple_documents",
                            span=Span.point(event.start_mark.line + 1, event.start_mark.column + 1),
                        )
                    )
                    break
                continue
            elif cls is stream_end:
                break
            else:
                continue
            # Attach ``node`` to the open collection.
            if is_map:
                if pending is None:
                    pending = node
                    continue
                key = pending
                pending = None
                if key.plain and key.tag is None:  # a plain scalar: identities repeat
                    identity = identities.get(key.value)
                    if identity is None:
                        identity = key_identity(key)
                        if len(identities) < 100_000:
                            identities[key.value] = identity
                else:
                    identity = key_identity(key)
                if identity is not None:
                    first = seen.get(identity)
                    if first is not None:
                        if len(hits) >= MAX_DUPLICATES:
                            raise _Refused(
                                Hit(
                                    "CG005",
                                    "",
                                    {"limit": MAX_DUPLICATES},
                                    variant="duplicates",
                                    span=key.span,
                                )
                            )
                        path = _path(stack, step)
                        hits.append(
                            Hit(
                                "CG002",
                                path,
                                {
                                    "key": _short(key.value),
                                    "where": _short(path, 200) or "/",
                                    "first_line": first.line,
                                },
                                span=key.span,
                            )
                        )
                        continue
                    seen[identity] = key
                items.append((key, node))
            elif cur is not None:
                items.append(node)
            elif root is None:
                root = node
    finally:
        parser.dispose()
    return root


def _path(stack: list[tuple], step: object) -> str:
    """The path of the open collection (``tasks/x/mandate``), from the saved steps.

    ``stack[0]`` holds the state before the root and ``stack[1]`` the root's (whose step
    is None); every later frame holds the step of the collection it saved.
    """
    path = ""
    steps = [frame[5] for frame in stack[2:]]
    if len(stack) >= 2:
        steps.append(step)
    for item in steps:
        if isinstance(item, int):
            text = str(item)
        elif item is not None and item.kind is SCALAR:
            text = item.value
        else:
            text = "?"
        path = f"{path}/{text}" if path else text
    return path


def _size(node: Node, sizes: dict[int, int]) -> int:
    """Nodes under ``node`` counting itself, aliases expanded (memoised per collection)."""
    if node.kind is SCALAR:
        return 1
    known = sizes.get(id(node))
    if known is not None:
        return known
    todo = [(node, False)]
    while todo:
        current, ready = todo.pop()
        if id(current) in sizes:
            continue
        children = (
            [part for pair in current.value for part in pair]
            if current.kind is MAPPING
            else current.value
        )
        if ready:
            sizes[id(current)] = 1 + sum(
                1 if child.kind is SCALAR else sizes[id(child)] for child in children
            )
            continue
        todo.append((current, True))
        todo.extend((child, False) for child in children if child.kind is not SCALAR)
    return sizes[id(node)]


def _too_many_nodes(limit: int, aliases: int, span: Span) -> Hit:
    """Over ``max_nodes``: an alias bomb when aliases helped, else simply a huge file."""
    if aliases:
        return Hit("CG005", "", {"limit": limit}, variant="expansion", span=span)
    return Hit("CG005", "", {"limit": limit}, variant="nodes", span=span)


def _short(text: str, limit: int = 60) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


class DataError(ValueError):
    """A settings file (configuration, ruleset) that cannot be read as plain data."""

    def __init__(self, problem: str, span: Span | None = None) -> None:
        where = f"line {span.line}, column {span.column}: " if span is not None else ""
        super().__init__(f"{where}{problem}")
        self.problem = problem
        self.span = span


def load_data(data: bytes | str, limits: Limits = Limits()) -> Any:
    """Plain data (dicts, lists, YAML 1.1 scalars) from a settings file.

    Read like an organisation file, with the same limits (nesting, aliases, size) and
    the same refusal of repeated keys and of tags beyond the standard scalar ones, so a
    hostile ``.coordgraph.yaml`` fails with a message instead of exhausting the stack;
    nothing is ever constructed from a tag. Raises :class:`DataError`.
    """
    loaded = load(data, limits)
    for hit in loaded.hits:
        raise DataError(_hit_problem(hit), hit.span)
    return None if loaded.root is None else _plain(loaded.root)


def _hit_problem(hit: Hit) -> str:
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
    if hit.code == "CG003":
        return "it holds more than one YAML document"
    if hit.variant == "undefined_alias":
        return f"the alias '*{args['anchor']}' refers to no anchor"
    return str(args.get("problem") or args.get("detail") or "it cannot be read")


def _plain(node: Node) -> Any:
    """The Python value of a node (depth is bounded by the loader's limits)."""
    from coordgraph import scalars

    if node.kind is SCALAR:
        tag = scalars.tag_of(node)
        if tag not in scalars.ALLOWED_SCALAR_TAGS:
            shown = tag.replace(scalars.TAG, "!!")
            raise DataError(f"the tag '{shown}' is not allowed here", node.span)
        try:
            return scalars.construct(tag, node.value)
        except scalars.ScalarError as exc:
            raise DataError(str(exc), node.span) from None
    if node.tag is not None and node.tag not in scalars.ALLOWED_COLLECTION_TAGS:
        shown = node.tag.replace(scalars.TAG, "!!")
        raise DataError(f"the tag '{shown}' is not allowed here", node.span)
    if node.kind is SEQUENCE:
        return [_plain(item) for item in node.value]
    result = {}
    for key, value in node.value:
        if key.kind is not SCALAR:
            raise DataError("a key must be a single value, not a list or mapping", key.span)
        if key.plain and key.tag is None and key.value == "<<":
            raise DataError("merge keys ('<<') are not supported; write the keys out", key.span)
        result[_plain(key)] = _plain(value)
    return result
