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

import yaml

from coordgraph.findings import Hit, Span
from coordgraph.scalars import key_identity

_Loader = getattr(yaml, "CSafeLoader", None) or yaml.SafeLoader

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
        "size",
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
        self.size = 1
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
    parser = _Loader(text)
    get_event = parser.get_event
    scalar_event, alias_event = yaml.ScalarEvent, yaml.AliasEvent
    mapping_start, sequence_start = yaml.MappingStartEvent, yaml.SequenceStartEvent
    mapping_end, sequence_end = yaml.MappingEndEvent, yaml.SequenceEndEvent
    document_start, stream_end = yaml.DocumentStartEvent, yaml.StreamEndEvent
    max_depth, max_aliases, max_nodes = limits.max_depth, limits.max_aliases, limits.max_nodes

    anchors: dict[str, Node] = {}
    identities: dict[str, object] = {}  # plain key text -> identity (keys repeat)
    open_anchors: set[str] = set()
    # Each frame: [node, pending_key, seen_keys, path]; sequences use no pending key.
    stack: list[list] = []
    root: Node | None = None
    documents = 0
    aliases = 0
    total = 0  # nodes composed plus nodes reached through aliases
    line0, line1 = -1, 0  # the current 0-based line and its shared 1-based int

    def attach(node: Node) -> None:
        nonlocal root
        if not stack:
            if root is None:
                root = node
            return
        frame = stack[-1]
        parent = frame[0]
        if parent.kind is SEQUENCE:
            parent.value.append(node)
            return
        key = frame[1]
        if key is None:
            frame[1] = node
            return
        frame[1] = None
        identity = key_identity(key) if key.tag is not None or not key.plain else None
        if identity is None:
            identity = identities.get(key.value) if key.kind is SCALAR else None
            if identity is None:
                identity = key_identity(key)
                if key.kind is SCALAR and len(identities) < 100_000:
                    identities[key.value] = identity
        seen = frame[2]
        first = seen.get(identity) if identity is not None else None
        if first is not None:
            if len(hits) >= MAX_DUPLICATES:
                problem = f"it repeats keys more than {MAX_DUPLICATES} times"
                raise _Refused(Hit("CG005", "", {"problem": problem}, span=key.span))
            hits.append(
                Hit(
                    "CG002",
                    frame[3],
                    {
                        "key": _short(key.value),
                        "where": _short(frame[3], 200) or "/",
                        "first_line": first.line,
                    },
                    span=key.span,
                )
            )
            return
        if identity is not None:
            seen[identity] = key
        parent.value.append((key, node))

    try:
        while True:
            event = get_event()
            cls = type(event)
            if cls is scalar_event:
                start, end = event.start_mark, event.end_mark
                if start.line != line0:  # share one int per line: millions of nodes
                    line0, line1 = start.line, start.line + 1
                tag = event.tag
                plain = event.implicit[0] and not event.style
                node = Node(
                    SCALAR,
                    event.value,
                    None if tag == "!" else tag,
                    plain,
                    line1,
                    start.column + 1,
                    line1 if end.line == line0 else end.line + 1,
                    end.column + 1,
                    event.anchor,
                )
                if tag == "!":
                    node.plain = False
                total += 1
                if total > max_nodes:
                    raise _Refused(_too_many_nodes(max_nodes, aliases, node.span))
                if event.anchor is not None:
                    anchors[event.anchor] = node
                attach(node)
            elif cls is mapping_start or cls is sequence_start:
                if len(stack) >= max_depth:
                    raise _Refused(
                        Hit(
                            "CG005",
                            "",
                            {"limit": max_depth},
                            variant="depth",
                            span=Span.point(event.start_mark.line + 1, event.start_mark.column + 1),
                        )
                    )
                start = event.start_mark
                if start.line != line0:
                    line0, line1 = start.line, start.line + 1
                kind = MAPPING if cls is mapping_start else SEQUENCE
                node = Node(
                    kind,
                    [],
                    event.tag,
                    False,
                    line1,
                    start.column + 1,
                    line1,
                    start.column + 1,
                    event.anchor,
                )
                if event.anchor is not None:
                    open_anchors.add(event.anchor)
                if stack:
                    parent_frame = stack[-1]
                    parent = parent_frame[0]
                    if parent.kind is SEQUENCE:
                        step = str(len(parent.value))
                    else:
                        pending = parent_frame[1]
                        step = (
                            pending.value if pending is not None and pending.kind is SCALAR else "?"
                        )
                    path = f"{parent_frame[3]}/{step}" if parent_frame[3] else step
                else:
                    path = ""
                stack.append([node, None, {}, path])
                total += 1
                if total > max_nodes:
                    raise _Refused(_too_many_nodes(max_nodes, aliases, node.span))
            elif cls is mapping_end or cls is sequence_end:
                frame = stack.pop()
                node = frame[0]
                end = event.end_mark
                node.end_line = line1 if end.line == line0 else end.line + 1
                node.end_column = end.column + 1
                if node.kind is MAPPING:
                    node.size = 1 + sum(k.size + v.size for k, v in node.value)
                else:
                    node.size = 1 + sum(item.size for item in node.value)
                if node.anchor is not None:
                    open_anchors.discard(node.anchor)
                    anchors[node.anchor] = node
                attach(node)
            elif cls is alias_event:
                name = event.anchor
                point = Span.point(event.start_mark.line + 1, event.start_mark.column + 1)
                if name in open_anchors:
                    raise _Refused(
                        Hit("CG005", "", {"anchor": name}, variant="recursive_alias", span=point)
                    )
                target = anchors.get(name)
                if target is None:
                    raise _Refused(
                        Hit("CG001", "", {"anchor": name}, variant="undefined_alias", span=point)
                    )
                aliases += 1
                if aliases > max_aliases:
                    raise _Refused(
                        Hit("CG005", "", {"limit": max_aliases}, variant="aliases", span=point)
                    )
                total += target.size
                if total > max_nodes:
                    raise _Refused(_too_many_nodes(max_nodes, aliases, point))
                attach(target)
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
            elif cls is stream_end:
                break
    finally:
        parser.dispose()
    return root


def _too_many_nodes(limit: int, aliases: int, span: Span) -> Hit:
    """Over ``max_nodes``: an alias bomb when aliases helped, else simply a huge file."""
    if aliases:
        return Hit("CG005", "", {"limit": limit}, variant="expansion", span=span)
    problem = f"it holds more than {limit} YAML nodes (keys and values); split it up"
    return Hit("CG005", "", {"limit": limit, "problem": problem}, span=span)


def _short(text: str, limit: int = 60) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"
