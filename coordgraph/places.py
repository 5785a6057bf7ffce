"""Where things are written: character indexes turned into lines and columns, lazily.

Validation keeps places as libyaml's marks give them (character index, line, column),
and only for what a finding may need: each declared id's key, the root's keys, the key
of each field whose value is a mapping or list, and each such mapping's and list's start
and end. :class:`Places` finds any other key or item again, when a finding asks, by
parsing just that mapping's or list's stretch of text; an id's entry, from its id.
What is kept is memory the rest of the check works around, so it is kept once and only
where finding it again would cost more than keeping it.

Lines and columns are an editor's: lines break at ``\\n``, ``\\r\\n`` and ``\\r`` only,
and columns count characters; both are 1-based, and a place past the end of the text is
clamped to the end of the last line. libyaml also breaks lines at NEL, U+2028 and
U+2029, which editors show inside a line: in a text holding one of those, places are
worked out from the character index instead of libyaml's line and column.
"""

from __future__ import annotations

import bisect
import functools
import re
from typing import Any

import yaml

from coordgraph import nodepath
from coordgraph.findings import Span

#: libyaml's parser (the C one where PyYAML has it); only its events are used.
Parser: Any = getattr(yaml, "CSafeLoader", None) or yaml.SafeLoader

_BREAK = re.compile(r"\r\n|\r|\n")

#: A span from its four numbers, in one step (see :class:`Span`).
_new_span = functools.partial(tuple.__new__, Span)

#: A place as libyaml's marks give it: start and end index, then start line and column
#: and end line and column (0-based, libyaml's).
Place = tuple[int, int, int, int, int, int]
#: A mapping or list: start and end index, the line and column libyaml gives its start
#: (to re-parse it at the same indentation), and whether it is a mapping.
Container = tuple[int, int, int, int, bool]
#: Where something is, as libyaml's start and end marks: what validation keeps for
#: every field's key and every mapping and list (the numbers are read from the marks
#: only when a finding asks, and most never do).
Marks = tuple[Any, Any]


def place_of(start: Any, end: Any) -> Place:
    """The place between two libyaml marks."""
    return (start.index, end.index, start.line, start.column, end.line, end.column)


def as_place(found: Place | Marks) -> Place:
    """A place, from a place or a pair of marks."""
    if len(found) == 2:
        return place_of(found[0], found[1])
    return found


class LineIndex:
    """libyaml's marks and character indexes -> editors' 1-based lines and columns."""

    #: Lookups answered by scanning before the table of line starts is built: a file
    #: with a handful of findings never pays for the table of a 9 MB file.
    SCANS = 16

    def __init__(self, text: str) -> None:
        self.text = text
        self._starts: list[int] | None = None
        self._scans = 0
        self._odd: bool | None = None
        self._end: tuple[int, int] | None = None

    @property
    def odd(self) -> bool:
        """The text holds a line break that libyaml counts and editors do not."""
        if self._odd is None:
            text = self.text
            self._odd = "\x85" in text or "\u2028" in text or "\u2029" in text
        return self._odd

    @property
    def starts(self) -> list[int]:
        if self._starts is None:
            self._starts = [0, *(m.end() for m in _BREAK.finditer(self.text))]
        return self._starts

    def position(self, index: int) -> tuple[int, int]:
        """Line and column of the character at ``index`` (clamped into the text)."""
        text = self.text
        index = max(0, min(index, len(text)))
        if index == len(text):
            if self._end is None:
                self._end = self._position(index)
            return self._end
        return self._position(index)

    def _position(self, index: int) -> tuple[int, int]:
        text = self.text
        if (
            self._starts is None
            and self._scans < self.SCANS
            and text.find("\r", 0, index) < 0
            and (index < len(text) or not text.endswith("\n"))
        ):
            self._scans += 1
            start = text.rfind("\n", 0, index) + 1
            return text.count("\n", 0, index) + 1, index - start + 1
        starts = self.starts
        line = bisect.bisect_right(starts, index) - 1
        if line > 0 and starts[line] == len(text):  # past the final line break
            line -= 1
            end = len(text)
            while end > starts[line] and text[end - 1] in "\r\n":
                end -= 1
            return line + 1, end - starts[line] + 1
        return line + 1, index - starts[line] + 1

    def span(self, place: Place) -> Span:
        """The span of a place (libyaml's lines and columns unless the text is odd)."""
        start, end = place[0], place[1]
        if self._odd is False and end < len(self.text):  # the common case, in short
            line, column, end_line, end_column = place[2], place[3], place[4], place[5]
            if end_line > line or (end_line == line and end_column >= column):
                return _new_span((line + 1, column + 1, end_line + 1, end_column + 1))
        if self.odd:
            line, column = self.position(start)
        else:
            line, column = place[2] + 1, place[3] + 1
        if self.odd or end >= len(self.text):
            end_line, end_column = self.position(end)
        else:
            end_line, end_column = place[4] + 1, place[5] + 1
        if end_line < line or (end_line == line and end_column < column):
            end_line, end_column = line, column
        return _new_span((line, column, end_line, end_column))

    def marks(self, start: Any, end: Any) -> Span:
        """The span between two libyaml marks."""
        return self.span(place_of(start, end))

    def point(self, index: int) -> Span:
        line, column = self.position(index)
        return Span.point(line, column)

    def index_of_byte(self, offset: int) -> int:
        """The character index of a byte offset into the text's UTF-8 form."""
        return len(self.text.encode("utf-8", "surrogatepass")[:offset].decode("utf-8", "ignore"))


class Places:
    """Node path -> where it is written, found when a finding asks.

    Validation stores ``ids`` (each id's first declaration, with its key's place: the
    validator's own), ``keys`` (the root's keys, and ids declared a second time),
    ``fields`` (the key of each field whose value is a mapping or list) and
    ``containers`` (each such mapping and list, but an id's entry: its start and end
    marks, and whether it is a mapping). A field's place is its key, a list item's
    place the item; any other is found by parsing its container's stretch of text again
    (cached per container), and an id's entry by parsing from its id.
    """

    def __init__(self, text: str, lines: LineIndex) -> None:
        self.text = text
        self.lines = lines
        self.keys: dict[str, Place] = {}
        # id -> (kind, path of its declaration, where its key is written): the first
        # declaration of each id (the validator's ``ids``); a second one is in ``keys``
        self.ids: dict[str, tuple[str, str, Place]] = {}
        self.fields: dict[str, Marks] = {}
        self.containers: dict[str, tuple[Any, Any, bool]] = {}
        # the start of every key in ``keys`` and ``ids`` in order, and how many keys
        # there were then (where an id's entry ends: see :meth:`_entry`)
        self._starts: tuple[list[int], int] = ([], 0)
        self._found: dict[str, Container | None] = {}  # containers found again
        # what is inside each container looked into, by full path (a mapping's key,
        # first of each; a list's index), and the containers looked into
        self._inside: dict[str, Place] = {}
        self._looked: set[str] = set()

    def key(self, path: str) -> Place | None:
        """Where a key stored while validating is (an id, a root key, a field whose
        value is a mapping or list); None for anything else."""
        known = self.declared(path)
        if known is not None:
            return known
        marks = self.fields.get(path)
        return None if marks is None else place_of(marks[0], marks[1])

    def declared(self, path: str) -> Place | None:
        """Where a root key or an id's key (``people/anne``) is written, else None."""
        known = self.keys.get(path)
        if known is None:
            cut = path.find(nodepath.SEPARATOR)
            found = self.ids.get(path[cut + 1 :]) if cut > 0 else None
            if found is not None and found[1] == path:
                return found[2]
        return known

    def container(self, path: str) -> Container | None:
        """The mapping or list at ``path``, or None when there is none.

        Validation keeps all of them but an id's entry (``tasks/icdp``): a large file
        has a hundred thousand, and keeping each one's marks costs more than finding
        again the few a finding asks for (see :meth:`_entry`).
        """
        stored = self.containers.get(path)
        if stored is not None:
            start, end, is_map = stored
            return (start.index, end.index, start.line, start.column, is_map)
        if path not in self._found:
            self._entry(path)
        return self._found[path]

    def _entry(self, path: str) -> dict[str, Place] | None:
        """What is directly inside the mapping or list of an id's entry, found by
        parsing the stretch from its id to the next id or root key (where the entry
        ends); its place is kept for :meth:`container`. None when ``path`` is not an
        id's entry written as a mapping or list."""
        key = self.declared(path)
        found: tuple[dict[str, Place], Container | None] = ({}, None)
        if key is not None and nodepath.SEPARATOR in path:  # an id, not a root key
            found = value_inside(self.text, key[0], self._next_key(key[0]), key[2], key[3])
        self._found[path] = found[1]
        return found[0] if found[1] is not None else None

    def _next_key(self, index: int) -> int:
        """Where the first id or root key after ``index`` starts (the text's end if none)."""
        starts, count = self._starts
        if count != len(self.keys) + len(self.ids):
            places = [*self.keys.values(), *(declared[2] for declared in self.ids.values())]
            starts = sorted(place[0] for place in places)
            self._starts = (starts, len(places))
        at = bisect.bisect_right(starts, index)
        return starts[at] if at < len(starts) else len(self.text)

    def place(self, path: str) -> Place | None:
        known = self.keys.get(path)
        if known is not None:
            return known
        marks = self.fields.get(path)
        if marks is not None:
            return place_of(marks[0], marks[1])
        found = self._inside.get(path)
        if found is not None:
            return found
        found = self.declared(path)
        if found is not None:
            return found
        parent = nodepath.parent(path)
        if parent in self._looked:
            return None
        self._looked.add(parent)
        stored = self.containers.get(parent)
        if stored is not None:
            start = stored[0]
            inside: dict[str, Place] | None = children(
                self.text, start.index, stored[1].index, start.line, start.column
            )
        else:
            inside = self._entry(parent)
        if inside is None:
            return None
        child = nodepath.child
        for step, place in inside.items():
            if nodepath.SEPARATOR not in step:  # a key with '/' no path can name
                self._inside[child(parent, step)] = place
        return self._inside.get(path)

    def span(self, path: str) -> Span | None:
        """Where ``path`` is written, or None when it is not in the file."""
        found = self.place(path)
        return None if found is None else self.lines.span(found)

    def resolve(self, path: str) -> Span:
        """Where ``path`` is written, else its nearest enclosing path that is."""
        candidate = path
        while candidate:
            found = self.place(candidate)
            if found is not None:
                return self.lines.span(found)
            candidate = nodepath.parent(candidate)
        return Span(1, 1, 1, 1)


def children(text: str, start: int, end: int, line: int, column: int) -> dict[str, Place]:
    """What is directly inside the mapping or list between two indexes, by the step a
    node path takes to it: a mapping's keys (the first of each), a list's indexes.

    The stretch is padded with spaces to the column it starts at, so the parser sees
    the indentation the file has; indexes in the padded piece map back by an offset. It
    ends where the file's next token begins, where libyaml ends block collections too,
    so even the last child's end is the file's. An alias stands where it is written. A
    stretch cut short (a mapping still being read) gives what comes before the cut.
    """
    if text.startswith("- ", start):
        items = _plain_items(text, start, end, line, column)
        if items is not None:
            return items
    return parsed_children(text, start, end, line, column)


def parsed_children(text: str, start: int, end: int, line: int, column: int) -> dict[str, Place]:
    """:func:`children`, always by the parser."""
    return _read(text, start, end, line, column, False)[0]


def value_inside(
    text: str, start: int, end: int, line: int, column: int
) -> tuple[dict[str, Place], Container | None]:
    """What is directly inside the mapping or list written as the value of the key at
    ``start`` (libyaml's ``line`` and ``column``), as :func:`children` gives it, and
    where that mapping or list is. The stretch must reach at least the token after the
    value (where a block mapping or list ends). Nothing, and None, when the value is
    not a mapping or list, or the stretch is not the key and its value."""
    inside, container = _read(text, start, end, line, column, True)
    return (inside, container) if container is not None else ({}, None)


def _read(
    text: str, start: int, end: int, line: int, column: int, keyed: bool
) -> tuple[dict[str, Place], Container | None]:
    """The parse behind :func:`parsed_children` and :func:`value_inside`."""
    piece = " " * column + text[start:end]
    shift = start - column  # a piece's index -> the text's; its lines start at ``line``
    keys: dict[str, Place] = {}
    container: Container | None = None
    parser = Parser(piece)
    next_event = parser.get_event
    scalar, alias = yaml.ScalarEvent, yaml.AliasEvent
    starts = (yaml.MappingStartEvent, yaml.SequenceStartEvent)
    ends = (yaml.MappingEndEvent, yaml.SequenceEndEvent)
    depth = 0
    is_map = False
    key: str | None = None
    child_start: Any = None
    opened: Any = None  # the start of the mapping or list read
    try:
        if keyed:  # the key's mapping and the key come first, then the value
            for expected in (yaml.StreamStartEvent, yaml.DocumentStartEvent, starts[0], scalar):
                if type(next_event()) is not expected:
                    return keys, None
            opened = next_event()
            if type(opened) not in starts:
                return keys, None
            depth = 1
            is_map = type(opened) is starts[0]
        while True:
            event = next_event()
            cls = type(event)
            if (cls is scalar or cls is alias) and depth == 1:  # most of what is read
                if is_map and key is not None:  # a value: its key was kept
                    key = None
                    continue
                place = _moved(event.start_mark, event.end_mark, shift, line)
            elif cls in starts:
                depth += 1
                if depth == 1:
                    opened = event
                    is_map = cls is starts[0]
                elif depth == 2:
                    child_start = event.start_mark
                continue
            elif cls in ends:
                depth -= 1
                if depth != 1:
                    if depth <= 0:
                        mark = opened.start_mark
                        container = (
                            mark.index + shift,
                            event.end_mark.index + shift,
                            mark.line + line,
                            mark.column,
                            is_map,
                        )
                        break
                    continue
                place = _moved(child_start, event.end_mark, shift, line)
            elif cls is yaml.StreamEndEvent:
                break
            else:
                continue
            if not is_map:
                keys[str(len(keys))] = place
            elif key is None:
                key = event.value if cls is scalar else ""
                keys.setdefault(key, place)
            else:
                key = None
    except yaml.YAMLError:
        pass  # a stretch cut short: what came before the cut is all there is
    finally:
        parser.dispose()
    return keys, container


#: One list item written ``- word`` (a word as ids are written: letters, digits, '_',
#: '.', '-').
_WORD_ITEM = re.compile(r"-[ ]+(\w[\w.-]*)")


@functools.lru_cache(maxsize=32)  # a file has lists at a few columns; a hostile one, many
def _word_list(column: int) -> re.Pattern[str]:
    """A block list of nothing but ``- word`` lines, its items at ``column``."""
    item = r"-[ ]+\w[\w.-]*[ ]*\n"
    return re.compile(rf"{item}(?:[ ]{{{column}}}{item})*[ \n]*")


def _plain_items(
    text: str, start: int, end: int, line: int, column: int
) -> dict[str, Place] | None:
    """:func:`children` of a block list of one word per line (``- anne``), without the
    parser: such a list is where a finding per item comes from (100,000 contributors),
    and its places follow from its lines. None for any other list."""
    if _word_list(column).fullmatch(text, start, end) is None:
        return None
    items: dict[str, Place] = {}
    for number, match in enumerate(_WORD_ITEM.finditer(text, start, end)):
        first, last = match.span(1)
        at = column + first - match.start()
        items[str(number)] = (first, last, line + number, at, line + number, at + last - first)
    return items


def _moved(start: Any, end: Any, shift: int, line: int) -> Place:
    """A place in a re-parsed piece, as a place in the text."""
    return (
        start.index + shift,
        end.index + shift,
        start.line + line,
        start.column,
        end.line + line,
        end.column,
    )
