"""What the cursor is on, read from the text as typed.

Completion and hover must work in a file that does not parse: ``members: [anne, b`` is
a syntax error until the bracket is closed. So the context is read from the text
itself, the way YAML's indentation reads: the keys above the cursor with less
indentation are its parents, a ``- `` opens a list item, a flow collection (``[...]``,
``{...}``) is followed character by character, across lines if need be, and block
text (``|``, ``>``) is skipped. The steps found are then matched with the format
(:data:`coordgraph.schema.ORG`) to know what is expected where the cursor is: a
person, a forum, one of a set of words, a key of a task.

The reading is tolerant, not a parser: what it cannot place gives no context (no
completion), never a wrong one it could know better. It is bounded by the text before
the cursor, read once.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass

from coordgraph.schema import ORG, Criterion, IdMap, ListOf, Obj, Spec

#: A list item among the steps (``tasks, icdp, contributors, -``).
ITEM = "-"

_BREAK = re.compile(r"\r\n|\r|\n")
_INDENT = re.compile(r"[ \t]*")
# A block key at the start of a line's content: quoted, or plain up to ": " or ":" at
# the end. Group 1 is a double-quoted key, 2 a single-quoted one, 3 a plain one.
_KEY = re.compile(
    r"""(?:"((?:[^"\\]|\\.)*)"|'((?:[^']|'')*)'|"""
    r"""([^\s#'"{}\[\],&*!|>%@`][^#]*?))[ \t]*:(?=[ \t]|$)"""
)


@dataclass(frozen=True, slots=True)
class Context:
    """Where the cursor is: the steps from the root to the value or key at it, whether
    a key is being written there, and the word typed so far."""

    steps: tuple[str, ...]  # keys, ids, and ITEM for list items
    at_key: bool  # a key is written here (else a value)
    word: str  # what is typed of the key or value before the cursor
    start: int  # index in the text where that word begins (its opening quote included)
    quote: str = ""  # the quote the word is inside, if any
    listed: tuple[str, ...] = ()  # values already in the same flow list

    @property
    def expected(self) -> Spec | None:
        """What the format expects here (for a key: the mapping it is written in)."""
        return spec_at(self.steps)[0]


def spec_at(steps: tuple[str, ...]) -> tuple[Spec | None, tuple[str, ...]]:
    """The spec at ``steps`` (None where the format has nothing) and the field names on
    the way there (the key's doc path in :mod:`coordgraph.keydocs`)."""
    spec: Spec = ORG
    names: tuple[str, ...] = ()
    for step in steps:
        if isinstance(spec, Criterion):
            if step == ITEM:
                return None, names
            spec = spec.obj
        if isinstance(spec, Obj):
            found = spec.fields.get(step) if step != ITEM else None
            if found is None:
                return None, names
            spec = found
            names = (*names, step)
        elif isinstance(spec, IdMap):
            if step == ITEM:
                return None, names
            spec = spec.item  # the step is an id
        elif isinstance(spec, ListOf):
            if step != ITEM:
                return None, names
            spec = spec.item
        else:
            return None, names
    return spec, names


def fields_of(spec: Spec | None) -> dict[str, Spec]:
    """The keys a mapping written for ``spec`` may have."""
    if isinstance(spec, Criterion):
        spec = spec.obj
    return dict(spec.fields) if isinstance(spec, Obj) else {}


@dataclass
class _Block:
    """A key or list item open at some indentation."""

    column: int
    step: str
    opens: bool = False  # a key with nothing after it: its value is on the lines below


@dataclass
class _Frame:
    """An open flow collection."""

    mapping: bool
    steps: tuple[str, ...]
    key: str | None = None
    at_key: bool = True
    token: int = 0  # where the current key or value begins (index into the flow text)
    listed: list[str] | None = None


def context_at(text: str, index: int) -> Context | None:
    """The context of the cursor at ``index`` in ``text``, or None (in a comment, in
    block text, somewhere the reading cannot place)."""
    index = max(0, min(index, len(text)))
    line_start = max(text.rfind("\n", 0, index), text.rfind("\r", 0, index)) + 1
    begin, stack = _scan_start(text, line_start)
    starts = [begin, *(m.end() for m in _BREAK.finditer(text, begin, line_start))]
    if starts[-1] != line_start:  # the cursor's line begins the text, or ends a "\r\n"
        starts.append(line_start)
    scalar_column: int | None = None  # in block text: lines indented past this
    flow: tuple[tuple[str, ...], int] | None = None  # a flow still open at the cursor
    row = 0
    while row < len(starts) - 1:
        start = starts[row]
        line = text[start : starts[row + 1]].rstrip("\r\n")
        row += 1
        column = _INDENT.match(line)
        assert column is not None
        content = line[column.end() :]
        if not content or content.startswith("#"):
            continue
        if scalar_column is not None:
            if column.end() > scalar_column:
                continue
            scalar_column = None
        if content.startswith(("---", "...")) and column.end() == 0:
            stack.clear()
            continue
        parsed = _line(line, column.end(), stack)
        if parsed is None:
            continue
        value, value_at, owner = parsed
        if value.startswith(("|", ">")):
            scalar_column = owner
        elif value.startswith(("[", "{")):
            # followed once to its end, however many lines it spans
            end = _flow_end(text, start + value_at, line_start)
            if end is None:
                flow = (tuple(block.step for block in stack), start + value_at)
                break
            row = max(row, bisect.bisect_right(starts, end - 1))
    # the cursor's line, up to the cursor
    before = text[line_start:index]
    if flow is not None:
        return _flow_context(text, flow[1], index, flow[0])
    column = _INDENT.match(before)
    assert column is not None
    content = before[column.end() :]
    if scalar_column is not None and (not content or column.end() > scalar_column):
        return None
    if not content:
        _pop(stack, column.end(), dash=False)
        return Context(tuple(block.step for block in stack), True, "", index)
    if content.startswith("#"):
        return None
    parsed = _line(before, column.end(), stack, cursor=True)
    steps = tuple(block.step for block in stack)
    if parsed is None:  # a word with no colon yet, after any dashes
        word_at = _after_dashes(before, column.end())
        if "#" in before[word_at:]:
            return None
        if stack and stack[-1].step == ITEM:  # "- car": a list item's value
            return _value_context(text, line_start + word_at, index, steps)
        _pop(stack, word_at, dash=False)
        steps = tuple(block.step for block in stack)
        return Context(steps, True, before[word_at:], line_start + word_at)
    _value, value_at, _owner = parsed
    return _value_context(text, line_start + value_at, index, steps)


#: A key at the start of a line, at column 0 (a section) or 2 (an entry: a person, a
#: task); quoted keys included.
_SECTION = re.compile(r"""(?m)^(?:[^\s#\-\[\]{},'"]|"[^"\n]*"|'[^'\n]*')[^\n]*?:(?:[ \t]|$)""")
_ENTRY = re.compile(r"""(?m)^  (?:[^\s#\-\[\]{},'"]|"[^"\n]*"|'[^'\n]*')[^\n]*?:(?:[ \t]|$)""")
_WINDOW = 1 << 14


def _last(pattern: re.Pattern[str], text: str, end: int) -> re.Match[str] | None:
    """The last match of ``pattern`` before ``end`` (a line's start), searched backwards
    a window of whole lines at a time: only as much text as it takes is read."""
    stop = end
    while stop > 0:
        start = max(0, stop - _WINDOW)
        start = max(text.rfind("\n", 0, start), text.rfind("\r", 0, start)) + 1
        found = None
        for found in pattern.finditer(text, start, stop):  # noqa: B007 - the last one counts
            pass
        if found is not None:
            return found
        stop = start
    return None


def _scan_start(text: str, line_start: int) -> tuple[int, list[_Block]]:
    """Where reading may begin, and what is open there: the last entry (a key at column
    2, under a section's key at column 0) or section before the cursor's line. A long
    file is then read from the person or task the cursor is in, not from its top."""
    section = _last(_SECTION, text, line_start)
    entry = _last(_ENTRY, text, line_start)
    if entry is not None and (section is None or section.start() < entry.start()):
        above = _last(_SECTION, text, entry.start())
        if above is not None:
            key = _KEY.match(above.group(0))
            if key is not None:
                name = key.group(1) if key.group(1) is not None else key.group(2)
                name = name if name is not None else key.group(3).strip()
                return entry.start(), [_Block(0, name, opens=True)]
    if section is not None:
        return section.start(), []
    return 0, []


def _after_dashes(line: str, at: int) -> int:
    """The index in ``line`` after the ``- `` markers that start at ``at``."""
    while line.startswith("-", at) and (at + 1 == len(line) or line[at + 1] in " \t"):
        at += 1
        while at < len(line) and line[at] in " \t":
            at += 1
    return at


def _pop(stack: list[_Block], column: int, dash: bool) -> None:
    """Close what a line starting at ``column`` ends. A list item may stand at its key's
    own indentation (``contributors:`` then ``- carla`` below it, not indented)."""
    while stack:
        top = stack[-1]
        if top.column > column or (top.column == column and not (dash and top.opens)):
            stack.pop()
        else:
            break


def _line(
    line: str, at: int, stack: list[_Block], cursor: bool = False
) -> tuple[str, int, int] | None:
    """Read one line's dashes and key into ``stack``; returns its value (comment
    included), where the value starts, and the column its block text would be indented
    past. None when the line holds no key: a value on its own, or (at the cursor) a key
    not finished."""
    first = True
    column = at
    while line.startswith("-", column) and (column + 1 == len(line) or line[column + 1] in " \t"):
        _pop(stack, column, dash=first)
        stack.append(_Block(column, ITEM))
        first = False
        column += 1
        while column < len(line) and line[column] in " \t":
            column += 1
        if column >= len(line):
            return ("", len(line), stack[-1].column)
    rest = line[column:]
    if rest.startswith(("[", "{", "|", ">", '"', "'")) and not _KEY.match(rest):
        return (rest, column, stack[-1].column if stack else -1)
    match = _KEY.match(rest)
    if match is None:
        if cursor:
            return None
        return (rest, column, stack[-1].column if stack else -1)
    key = match.group(1) if match.group(1) is not None else match.group(2)
    if key is None:
        key = match.group(3).strip()
    elif match.group(2) is not None:
        key = key.replace("''", "'")
    _pop(stack, column, dash=False)
    value_at = column + match.end()
    while value_at < len(line) and line[value_at] in " \t":
        value_at += 1
    value = line[value_at:]
    stack.append(_Block(column, key, opens=not value or value.startswith("#")))
    return (value, value_at, column)


def _value_context(text: str, start: int, index: int, steps: tuple[str, ...]) -> Context | None:
    """The context of a value that starts at ``start`` on the cursor's line."""
    piece = text[start:index]
    if piece.startswith(("[", "{")):
        return _flow_context(text, start, index, steps)
    if piece.startswith(("|", ">", "&", "*", "!")):
        return None
    if piece.startswith(('"', "'")):
        quote = piece[0]
        closed = _closing_quote(piece, 0)
        if closed is not None:
            return None  # after a finished quoted value
        return Context(steps, False, _unquote(piece[1:], quote), start, quote)
    if re.search(r"(^|[ \t])#", piece):
        return None  # in a comment
    return Context(steps, False, piece, start)


def _closing_quote(text: str, at: int, stop: int | None = None) -> int | None:
    """The index of the quote that closes the one at ``at`` (before ``stop``), or None
    (still open)."""
    quote = text[at]
    i = at + 1
    stop = len(text) if stop is None else stop
    while i < stop:
        char = text[i]
        if quote == '"' and char == "\\":
            i += 2
            continue
        if char == quote:
            if quote == "'" and i + 1 < stop and text[i + 1] == "'":
                i += 2
                continue
            return i
        i += 1
    return None


def _unquote(text: str, quote: str) -> str:
    if quote == "'":
        return text.replace("''", "'")
    return re.sub(r"\\(.)", r"\1", text)


def _flow_end(text: str, start: int, stop: int) -> int | None:
    """Where the flow collection opened at ``start`` closes (before ``stop``), or None."""
    state = _scan(text, start, stop, ())
    return state if isinstance(state, int) else None


def _flow_context(text: str, start: int, index: int, steps: tuple[str, ...]) -> Context | None:
    state = _scan(text, start, index, steps)
    return state if isinstance(state, Context) else None


def _scan(text: str, start: int, stop: int, steps: tuple[str, ...]) -> Context | int | None:
    """Follow a flow collection from its opening bracket at ``start`` to ``stop``: the
    index after its closing bracket if it closes first, else the context at ``stop``
    (None inside a comment)."""
    frames: list[_Frame] = []
    i = start
    quoted: tuple[str, int] | None = None  # the quote of the scalar at the cursor
    while i < stop:
        char = text[i]
        frame = frames[-1] if frames else None
        if char in "\"'" and frame is not None and not text[frame.token : i].strip():
            close = _closing_quote(text, i, stop)
            if close is None:
                quoted = (char, i)
                break
            i = close + 1
            continue
        if char == "#" and (i == start or text[i - 1] in " \t\r\n"):
            newline = _BREAK.search(text, i, stop)
            if newline is None:
                return None
            i = newline.end()
            continue
        if char in "[{":
            inner = _inner_steps(frame) if frame is not None else steps
            frames.append(
                _Frame(char == "{", inner, token=i + 1, listed=[] if char == "[" else None)
            )
            i += 1
            continue
        if frame is None:
            return None
        if char in "]}":
            frames.pop()
            if not frames:
                return i + 1
            frames[-1].token = i + 1
        elif char == ",":
            if frame.listed is not None:
                item = _plain(text[frame.token : i])
                if item:
                    frame.listed.append(item)
            frame.key, frame.at_key = None, True
            frame.token = i + 1
        elif (
            char == ":"
            and frame.mapping
            and frame.at_key
            and (i + 1 >= len(text) or text[i + 1] in " \t\r\n,[]{}")
        ):
            frame.key = _plain(text[frame.token : i])
            frame.at_key = False
            frame.token = i + 1
        i += 1
    if not frames:
        return None
    frame = frames[-1]
    if quoted is not None:
        quote, at = quoted
        word = _unquote(text[at + 1 : stop], quote)
        return Context(_inner_steps(frame), frame.mapping and frame.at_key, word, at, quote,
                       tuple(frame.listed or ()))  # fmt: skip
    raw = text[frame.token : stop]
    lead = len(raw) - len(raw.lstrip())
    word = raw[lead:]
    if frame.mapping and frame.at_key:
        return Context(frame.steps, True, word, frame.token + lead)
    return Context(_inner_steps(frame), False, word, frame.token + lead, "",
                   tuple(frame.listed or ()))  # fmt: skip


def _inner_steps(frame: _Frame) -> tuple[str, ...]:
    """The steps of a value inside ``frame``: an item of a list, a key's value."""
    if not frame.mapping:
        return (*frame.steps, ITEM)
    return (*frame.steps, frame.key or "")


def _plain(raw: str) -> str:
    """A finished flow scalar as written: spaces around it dropped, quotes taken off."""
    value = raw.strip()
    if len(value) >= 2 and value[0] == value[-1] and value[0] in "\"'":
        return _unquote(value[1:-1], value[0])
    return value


def key_at(text: str, index: int) -> tuple[int, int, str] | None:
    """The key the cursor at ``index`` is on: its start, end and text, or None."""
    line_start = text.rfind("\n", 0, index) + 1
    line_start = max(line_start, text.rfind("\r", 0, index) + 1)
    newline = _BREAK.search(text, index)
    line_end = newline.start() if newline is not None else len(text)
    line = text[line_start:line_end]
    at = index - line_start
    for match in re.finditer(r"[^\s:,\[\]{}#\"']+", line):
        if match.start() <= at <= match.end():
            after = line[match.end() :]
            if re.match(r"[ \t]*:(?=[ \t]|$|[,\]}])", after) is None:
                return None
            return line_start + match.start(), line_start + match.end(), match.group(0)
    return None


def word_at(text: str, index: int) -> tuple[int, int, str] | None:
    """The plain word (an id, a value) the cursor at ``index`` is on, or None."""
    line_start = max(text.rfind("\n", 0, index), text.rfind("\r", 0, index)) + 1
    newline = _BREAK.search(text, index)
    line_end = newline.start() if newline is not None else len(text)
    line = text[line_start:line_end]
    at = index - line_start
    for match in re.finditer(r"[^\s:,\[\]{}#\"']+", line):
        if match.start() <= at <= match.end():
            return line_start + match.start(), line_start + match.end(), match.group(0)
    return None
