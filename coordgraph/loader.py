"""Read a file: bytes -> text -> libyaml's events, normalised for the validator.

Nothing here builds a tree or constructs a value. :func:`read` decodes (UTF-8 with or
without BOM) within the size limit. :class:`Events` hands out libyaml's events for one
document and takes care of what YAML adds on top of plain data, so the validator (the
only consumer) sees what was meant: an alias is replayed as the events of its anchor,
a subtree can be skipped (with its repeated keys still reported), and every input
limit is enforced while streaming, so hostile input is refused in bounded time and
memory. The validator dispatches on each event and calls in here for the rare cases;
the common event goes straight from libyaml to it.

Produces CG001 (syntax, encoding, empty), CG002 (repeated keys) and CG005 (limits).
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

import yaml

from coordgraph import mistakes, nodepath
from coordgraph.findings import Hit, Span
from coordgraph.places import LineIndex, Parser, Place, place_of
from coordgraph.scalars import key_identity

#: More repeated keys than this and the file is refused (CG005): no real organisation
#: file has them, and a finding for each of millions would exhaust memory.
MAX_DUPLICATES = 1000
#: Values quoted in input messages are cut to this many characters.
MAX_SHOWN = 200

ScalarEvent = yaml.ScalarEvent
AliasEvent = yaml.AliasEvent
MappingStart = yaml.MappingStartEvent
SequenceStart = yaml.SequenceStartEvent
MappingEnd = yaml.MappingEndEvent
SequenceEnd = yaml.SequenceEndEvent
STARTS = (MappingStart, SequenceStart)
ENDS = (MappingEnd, SequenceEnd)


@dataclass(frozen=True, slots=True)
class Limits:
    """Input limits (CG005). Defaults are generous for real organisations."""

    max_bytes: int = 20_000_000
    max_depth: int = 64
    max_aliases: int = 1_000
    max_nodes: int = 5_000_000  # nodes after alias expansion


class Refused(Exception):
    """Reading stops at once: a limit, or an alias to nothing. Carries the finding."""

    def __init__(self, hit: Hit) -> None:
        super().__init__(hit.variant)
        self.hit = hit


@contextmanager
def paused_gc() -> Iterator[None]:
    """Pause the cyclic garbage collector: a check creates millions of objects and no
    cycles, so collection would only rescan them.

    What the check made and keeps (the result: findings, model, graph) is then moved
    to the collector's oldest generation as it stands (``gc.freeze`` and
    ``gc.unfreeze``), not scanned by its youngest one at the next allocation: that scan
    found nothing to free and cost up to a tenth of a findings-heavy check. The young
    generations are collected first, so what was garbage before the check is freed as
    usual and not carried along; a cycle made during the check is still collected, at
    the next full collection.
    """
    enabled = gc.isenabled()
    if enabled:
        gc.collect(1)
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.freeze()
            gc.unfreeze()
            gc.enable()


def _point_hit(code: str, variant: str | None, args: dict[str, Any], line: int, col: int) -> Hit:
    return Hit(code, "", args, variant=variant, span=Span.point(line, col))


def _line_column(text: str, index: int) -> tuple[int, int]:
    """1-based line and column of ``index`` in ``text`` (editors' line breaks)."""
    return LineIndex(text).position(index)


def decode(data: bytes) -> tuple[str | None, Hit | None]:
    """UTF-8 with or without BOM; anything else is a CG001 finding saying what the file
    is saved as (UTF-16, Windows-1252) and how to save it as UTF-8."""
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    elif data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return None, _point_hit("CG001", "utf16", {}, 1, 1)
    try:
        return data.decode("utf-8"), None
    except UnicodeDecodeError as exc:
        found = mistakes.explain_bytes(data, exc.start)
        if found.variant == "utf16":
            return None, _point_hit("CG001", "utf16", {}, 1, 1)
        before = data[: exc.start].decode("utf-8", "replace")
        line, column = _line_column(before + "x", len(before))
        return None, _point_hit("CG001", found.variant, found.args, line, column)


def read(data: bytes | str, limits: Limits = Limits()) -> tuple[str | None, list[Hit]]:
    """The text of ``data``, or the finding that stops it: too large, not UTF-8, a lone
    surrogate."""
    surrogate = None  # index of a lone surrogate in text given as str (never valid)
    if isinstance(data, str):
        try:
            size = len(data.encode("utf-8"))
        except UnicodeEncodeError as exc:
            size, surrogate = len(data.encode("utf-8", "surrogatepass")), exc.start
    else:
        size = len(data)
    args: dict[str, object]
    if size > limits.max_bytes:
        args = {"size": size, "limit": limits.max_bytes}
        return None, [_point_hit("CG005", "size", args, 1, 1)]
    if isinstance(data, bytes):
        text, problem = decode(data)
        return (text, []) if problem is None else (None, [problem])
    if surrogate is not None:
        line, column = _line_column(data, surrogate)
        args = {"code": f"U+{ord(data[surrogate]):04X}"}
        return None, [_point_hit("CG001", "lone_surrogate", args, line, column)]
    return (data[1:] if data.startswith("\ufeff") else data), []


def syntax_hit(
    text: str, exc: yaml.YAMLError, limits: Limits, top_keys: frozenset[str] = frozenset()
) -> Hit:
    """CG001 (or CG005, when libyaml's own nesting guard fired) for a parser error: the
    common mistake behind it where one is recognised (on the line where it was made,
    with the text to write), else the parser's problem in plain words where it
    noticed. ``top_keys`` are the keys the file's top level may have."""
    lines = LineIndex(text)
    if isinstance(exc, yaml.MarkedYAMLError):
        mark = exc.problem_mark or exc.context_mark
        at = mark.index if mark is not None else 0
        problem = exc.problem or exc.context or ""
        if "maximum nesting depth" in problem:
            span = lines.point(at) if mark is not None else Span.point(1, 1)
            return Hit("CG005", "", {"limit": limits.max_depth}, variant="depth", span=span)
        opened = None
        if exc.problem_mark is not None and exc.context_mark is not None:
            opened = exc.context_mark.index
        found = _explained(text, lines, problem, exc.context or "", at, opened, top_keys)
        if found is not None:
            return Hit("CG001", "", found.args, variant=found.variant, span=lines.point(found.at))
        place = mistakes.plain_place(exc.context or "", at, opened)
        span = lines.point(place) if mark is not None else Span.point(1, 1)
        return Hit("CG001", "", {"problem": mistakes.parser_words(problem)}, span=span)
    # A reader error (a control character, say): libyaml gives a byte offset.
    offset = getattr(exc, "position", None)
    reason = str(getattr(exc, "reason", None) or str(exc).splitlines()[0])
    if not isinstance(offset, int):
        return Hit("CG001", "", {"problem": mistakes.parser_words(reason)}, span=Span.point(1, 1))
    index = lines.index_of_byte(offset)
    if "control" in reason or "special" in reason:
        found = mistakes.explain_control(text, index)
        span = Span.point(1, 1) if found.variant == "utf16" else lines.point(found.at)
        return Hit("CG001", "", found.args, variant=found.variant, span=span)
    return Hit("CG001", "", {"problem": mistakes.parser_words(reason)}, span=lines.point(index))


def _explained(
    text: str,
    lines: LineIndex,
    problem: str,
    context: str,
    at: int,
    opened: int | None,
    top_keys: frozenset[str],
) -> mistakes.Explained | None:
    """The mistake behind a parser error, or None. An explanation is a help, never a
    new way to fail: should one go wrong, the plain words are given instead."""
    try:
        return mistakes.explain_syntax(text, lines, problem, context, at, opened, top_keys)
    except Exception:  # the finding stands in plain words; the tests call it unguarded
        return None


def short(text: str, limit: int = 60) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


class Events:
    """libyaml's events for one document, with aliases replayed and limits enforced.

    ``next`` is the parser's own ``get_event`` while nothing needs watching, so the
    common event costs nothing here; while an anchored node is being read (to record
    it) or an alias is being replayed, ``next`` is :meth:`_watched`. The consumer calls
    :meth:`anchor` for an event that carries an anchor and :meth:`replay` for an alias.
    Input findings gathered on the way (repeated keys) are in ``hits``.
    """

    def __init__(self, text: str, limits: Limits) -> None:
        self.text = text
        self.limits = limits
        self._parser = Parser(text)
        self._get = self._parser.get_event
        self.next = self._get
        self.hits: list[Hit] = []
        self.aliases = 0
        self.lines = LineIndex(text)
        # anchors being recorded: [name, events, nodes, depth]; recorded: name ->
        # (events, nodes); the replays under way (innermost last)
        self._open: list[list[Any]] = []
        self._recorded: dict[str, tuple[list[Any], int]] = {}
        self._replays: list[Iterator[Any]] = []
        self._used: set[str] = set()  # anchors an alias has named

    def dispose(self) -> None:
        self._parser.dispose()

    @property
    def replaying(self) -> bool:
        """Events now come from an alias: what they hold was reported where written."""
        return bool(self._replays)

    # -- anchors and aliases ---------------------------------------------------------
    def _watched(self) -> Any:
        while self._replays:
            event = next(self._replays[-1], None)
            if event is not None:
                break
            self._replays.pop()
        else:
            event = self._get()
        if self._open:
            cls = type(event)
            step = 1 if cls in STARTS else -1 if cls in ENDS else 0
            node = 1 if cls is ScalarEvent or step == 1 else 0
            for entry in self._open:
                entry[1].append(event)
                entry[2] += node
                entry[3] += step
            while self._open and self._open[-1][3] == 0:
                name, events, nodes, _depth = self._open.pop()
                self._recorded[name] = (events, nodes)
        if not self._open and not self._replays:
            self.next = self._get
        return event

    def anchor(self, event: Any) -> None:
        """Remember the node that starts at ``event`` under its anchor name."""
        if self._replays:
            return  # recorded where it was written
        name = event.anchor
        if type(event) is ScalarEvent:
            self._recorded[name] = ([event], 1)
            return
        self._open.append([name, [event], 1, 1])
        self.next = self._watched

    def replay(self, event: Any, total: int) -> int:
        """Replay the anchored node an alias refers to; ``total`` nodes so far, counting
        what the replay adds (refused past the limits before anything is replayed)."""
        name = event.anchor
        point = self.lines.point(event.start_mark.index)
        if any(entry[0] == name for entry in self._open):
            raise Refused(Hit("CG005", "", {"anchor": name}, variant="recursive_alias", span=point))
        recorded = self._recorded.get(name)
        if recorded is None:
            _key, _value, fixed = mistakes.value_at(self.text, event.start_mark.index)
            args = {"anchor": name, "fixed": fixed}
            raise Refused(Hit("CG001", "", args, variant="undefined_alias", span=point))
        self.aliases += 1
        self._used.add(name)
        limits = self.limits
        if self.aliases > limits.max_aliases:
            args = {"limit": limits.max_aliases}
            raise Refused(Hit("CG005", "", args, variant="aliases", span=point))
        events, nodes = recorded
        total += nodes
        if total > limits.max_nodes:
            raise Refused(self.too_many_nodes(point))
        self._replays.append(iter(events))
        self.next = self._watched
        return total - nodes  # the consumer counts the replayed nodes as they come

    def unused_text_anchors(self) -> list[Any]:
        """The values with an anchor no alias names: a '&' meant as text, most likely
        (``title: &Co pædagog`` reads as the text 'pædagog')."""
        return [
            events[0]
            for name, (events, _nodes) in self._recorded.items()
            if name not in self._used and len(events) == 1 and type(events[0]) is ScalarEvent
        ]

    # -- limits ------------------------------------------------------------------------
    def too_many_nodes(self, span: Span) -> Hit:
        """Over ``max_nodes``: an alias bomb when aliases helped, else simply a huge file."""
        variant = "expansion" if self.aliases else "nodes"
        return Hit("CG005", "", {"limit": self.limits.max_nodes}, variant=variant, span=span)

    def too_deep(self, event: Any) -> Refused:
        point = self.lines.point(event.start_mark.index)
        hit = Hit("CG005", "", {"limit": self.limits.max_depth}, variant="depth", span=point)
        return Refused(hit)

    def over_nodes(self, event: Any) -> Refused:
        return Refused(self.too_many_nodes(self.lines.point(event.start_mark.index)))

    # -- repeated keys -------------------------------------------------------------------
    def repeated_key(self, path: str, key: Any, first: Place | None, ident: bool = False) -> None:
        """Report a key repeated in one mapping (CG002); its value is skipped by the
        caller, so the first one stands. ``ident``: the key is an id (a person, a task),
        and the finding suggests another id for the second."""
        if self._replays:
            return  # reported where the anchored mapping is written
        span = self.lines.marks(key.start_mark, key.end_mark)
        if len(self.hits) >= MAX_DUPLICATES:
            hit = Hit("CG005", "", {"limit": MAX_DUPLICATES}, variant="duplicates", span=span)
            raise Refused(hit)
        first_line = self.lines.span(first).line if first is not None else span.line
        args = {
            "key": short(key.value),
            "where": short(path, MAX_SHOWN) or "/",
            "first_line": first_line,
        }
        if ident:
            args["suggestion"] = short(key.value) + "-2"
            self.hits.append(Hit("CG002", path, args, variant="repeated_id", span=span))
            return
        self.hits.append(Hit("CG002", path, args, span=span))

    # -- skipping ------------------------------------------------------------------------
    def skip(self, first: Any, path: str, depth: int, total: int) -> tuple[Any, int]:
        """Read past the node that starts at ``first`` (already counted in ``total``).

        Returns the node's end mark and the new node count. Inside it, limits still
        hold, anchors are still recorded and repeated keys are still reported.
        """
        if type(first) is not MappingStart and type(first) is not SequenceStart:
            return first.end_mark, total
        limits = self.limits
        # per open collection: is it a mapping, is a key next, its keys' identities
        # (-> first place), its path, the key whose value comes next
        stack: list[list[Any]] = [[type(first) is MappingStart, True, {}, path, 0]]
        while True:
            event = self.next()
            cls = type(event)
            top = stack[-1]
            if cls is AliasEvent:
                total = self.replay(event, total)
                continue
            if cls is ScalarEvent or cls in STARTS:
                total += 1
                if total > limits.max_nodes:
                    raise self.over_nodes(event)
                if event.anchor is not None:
                    self.anchor(event)
            if cls is ScalarEvent:
                if not top[0]:
                    top[4] += 1
                elif top[1]:
                    self._skipped_key(top, event)
                    top[1] = False
                else:
                    top[1] = True
                continue
            if cls in STARTS:
                if depth + len(stack) >= limits.max_depth:
                    raise self.too_deep(event)
                if not top[0]:
                    step = top[4]
                    top[4] += 1
                elif top[1]:
                    step = "?"  # a collection as a key
                    top[1] = False
                else:
                    step = top[4]
                    top[1] = True
                child = nodepath.child(top[3], step)
                stack.append([cls is MappingStart, True, {}, child, 0])
                continue
            if cls in ENDS:
                stack.pop()
                if not stack:
                    return event.end_mark, total

    def _skipped_key(self, top: list[Any], event: Any) -> None:
        identity = key_identity(event.value, not event.style, event.tag)
        first = top[2].get(identity)
        if first is not None:
            self.repeated_key(top[3], event, first)
        else:
            top[2][identity] = place_of(event.start_mark, event.end_mark)
        top[4] = event.value
