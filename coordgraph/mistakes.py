"""Common authoring mistakes, explained: what happened, where, and what to write instead.

People who write an organisation file by hand make the same few mistakes: a tab, a
colon or a comma in a value, a quote or a bracket left open, a line indented one space
wrong, a list item without "-", a Danish word where the file wants its English one, a
date written 15/09/2026, a file saved as Windows-1252. The parser notices them late
(often a line or two after) and in its own words. The functions here look at the line
where reading stopped and a bounded stretch around it, and name the mistake: a variant
of the rule's message, its arguments (the corrected text to write), and the place where
it was made.

Everything here runs only when something is already wrong, looks at most
:data:`MAX_LINES` lines above an error, and never reads the whole file for a finding.
The words are the rule's (``coordgraph/prose``) and the terminology's
(``input.*`` in ``coordgraph/terminology``); nothing here is shown as written.
"""

from __future__ import annotations

import calendar
import datetime
import re
from collections.abc import Iterator, Mapping
from functools import cache
from typing import NamedTuple

from coordgraph.places import LineIndex
from coordgraph.terms import LANGUAGES, Term, table

#: Lines looked at above an error, at most.
MAX_LINES = 200
#: Characters of a value or a line shown in a message, at most.
MAX_SHOWN = 120


class Explained(NamedTuple):
    """A mistake recognised: the message variant, its arguments, and where it is."""

    variant: str
    args: dict[str, object]
    at: int  # a character index of the text: where the mistake was made


class Line(NamedTuple):
    """One line of the text, without its line break."""

    start: int
    end: int
    text: str

    @property
    def indent(self) -> int:
        return len(self.text) - len(self.text.lstrip(" "))

    @property
    def blank(self) -> bool:
        """Empty, only spaces, or only a comment: nothing YAML reads."""
        stripped = self.text.strip()
        return not stripped or stripped.startswith("#")


def _short(text: str, limit: int = 40) -> str:
    text = text.strip()
    return f"'{text}'" if len(text) <= limit else f"'{text[: limit - 1]}…'"


def shown(text: str) -> str:
    """A piece of the file as a message quotes it: cut short when long."""
    text = text.strip()
    return text if len(text) <= MAX_SHOWN else text[: MAX_SHOWN - 1] + "…"


# -- lines ------------------------------------------------------------------------------


def _break_at(text: str, index: int) -> int:
    """The index of the first line break at or after ``index`` (or the text's end)."""
    newline = text.find("\n", index)
    limit = newline if newline >= 0 else len(text)
    carriage = text.find("\r", index, limit)
    return carriage if carriage >= 0 else limit


def line_at(text: str, index: int) -> Line:
    """The line holding the character at ``index``."""
    index = max(0, min(index, len(text)))
    start = max(text.rfind("\n", 0, index), text.rfind("\r", 0, index)) + 1
    end = _break_at(text, index)
    return Line(start, end, text[start:end])


def _before(text: str, line: Line) -> Line | None:
    if line.start == 0:
        return None
    end = line.start - 1
    if text[end] == "\n" and end > 0 and text[end - 1] == "\r":
        end -= 1
    start = max(text.rfind("\n", 0, end), text.rfind("\r", 0, end)) + 1
    return Line(start, end, text[start:end])


def _after(text: str, line: Line) -> Line | None:
    if line.end >= len(text):
        return None
    start = line.end + (2 if text.startswith("\r\n", line.end) else 1)
    return Line(start, _break_at(text, start), text[start : _break_at(text, start)])


def above(text: str, line: Line, limit: int = MAX_LINES) -> Iterator[Line]:
    """The lines above ``line`` that YAML reads (not blank, not only a comment),
    nearest first, at most ``limit`` lines back."""
    current: Line | None = line
    for _ in range(limit):
        current = _before(text, current) if current is not None else None
        if current is None:
            return
        if not current.blank:
            yield current


def _below(text: str, line: Line, limit: int = 20) -> Line | None:
    current: Line | None = line
    for _ in range(limit):
        current = _after(text, current) if current is not None else None
        if current is None or not current.blank:
            return current
    return None


def _nearest_above(text: str, line: Line) -> Line | None:
    return next(above(text, line), None)


# -- the parts of a line ----------------------------------------------------------------

_LEAD = re.compile(r"[ \t]*(?:-[ \t]+)*")
_KEY_COLON = re.compile(r":(?=[ \t]|$)")
_COMMENT = re.compile(r"[ \t]#")


def content_column(text: str) -> int:
    """Where a line's content begins: after its indentation and any "- "."""
    match = _LEAD.match(text)
    return match.end() if match is not None else 0


def is_item(text: str) -> bool:
    """The line is an item of a list written with "- "."""
    return text.lstrip(" ").startswith("- ") or text.strip() == "-"


def without_comment(value: str) -> str:
    """A plain value as YAML reads it: up to a comment (a '#' after a space)."""
    match = _COMMENT.search(value)
    return (value[: match.start()] if match is not None else value).rstrip()


def split_key(content: str) -> tuple[str, int] | None:
    """The key of a line's content (``title: Pædagog`` -> ``title``) and where its
    value begins, or None when the content is no ``key: value``."""
    if not content or content[0] in "\"'[{#-":
        return None
    match = _KEY_COLON.search(content)
    if match is None:
        return None
    key = content[: match.start()].strip()
    if not key or any(mark in key for mark in "#{}[],"):
        return None
    value = match.end()
    while value < len(content) and content[value] in " \t":
        value += 1
    return key, value


def in_flow(text: str, column: int) -> bool:
    """Whether ``column`` of a line is inside a ``{ }`` or ``[ ]`` opened on it."""
    depth = 0
    for char in text[:column]:
        if char in "[{":
            depth += 1
        elif char in "]}" and depth:
            depth -= 1
    return depth > 0


def flow_end(text: str, start: int, limit: int | None = None) -> int:
    """Where a value inside ``{ }`` or ``[ ]`` that begins at ``start`` ends: at the
    comma or closing bracket at its own depth, else at ``limit`` (the end of ``text``)."""
    end = len(text) if limit is None else limit
    depth = 0
    for index in range(start, end):
        char = text[index]
        if char in "[{":
            depth += 1
        elif char in "]}":
            if depth == 0:
                return index
            depth -= 1
        elif char == "," and depth == 0:
            return index
    return end


def quoted(value: str) -> str:
    """``value`` as YAML text in quotes: double quotes, or single ones when it holds a
    double quote and no single one."""
    if '"' in value and "'" not in value:
        return f"'{value}'"
    return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'


_PLAIN_SAFE = re.compile(r"[^\s\-?:,\[\]{}#&*!|>'\"%@`][^:#,\[\]{}]*")


def plain_or_quoted(value: str) -> str:
    """``value`` as written in a ``{ }``: as it is when YAML reads it back as that text,
    else in quotes."""
    value = value.strip()
    return value if _PLAIN_SAFE.fullmatch(value) and not value.endswith(" ") else quoted(value)


def single_quoted(value: str) -> str:
    """``value`` in single quotes, where a backslash is only a backslash."""
    return "'" + value.replace("'", "''") + "'"


def _key_before(text: str, column: int) -> tuple[str | None, bool]:
    """The key whose value begins at ``column`` of a line (None when there is none),
    and whether the value is an item of a list."""
    if in_flow(text, column):
        start = max(text.rfind(mark, 0, column) for mark in "{[,") + 1
        segment = text[start:column].strip()
        if segment.endswith(":"):
            return segment[:-1].strip() or None, False
        return None, text[start - 1 : start] in ("[", ",")
    begin = content_column(text)
    segment = text[begin:column].strip()
    if segment.endswith(":"):
        return segment[:-1].strip() or None, False
    return None, is_item(text)


def _written(text: str, column: int, value: str) -> str:
    """How a value that begins at ``column`` of a line is written with its key."""
    key, item = _key_before(text, column)
    if key is not None:
        return f"{key}: {value}"
    return f"- {value}" if item and not in_flow(text, column) else value


def value_at(text: str, index: int) -> tuple[str | None, str, str]:
    """The key, the value as written and the value in quotes with its key, for the
    value that begins at ``index`` (a character YAML read as something else)."""
    line = line_at(text, index)
    column = index - line.start
    if in_flow(line.text, column):
        value = line.text[column : flow_end(line.text, column)].strip()
    else:
        value = without_comment(line.text[column:])
    key, _item = _key_before(line.text, column)
    return key, value, shown(_written(line.text, column, quoted(value)))


def _expected_indent(text: str, line: Line) -> int:
    """The indentation a line most likely needs: one level under a line that opens a
    block (``bo:``), else the same as the line above."""
    previous = _nearest_above(text, line)
    if previous is None:
        return 0
    content = without_comment(previous.text[content_column(previous.text) :])
    if content.endswith(":") or content.endswith((": |", ": >", ":|", ":>")):
        return content_column(previous.text) + 2
    if split_key(content) is not None:
        return content_column(previous.text)
    return previous.indent


# -- syntax errors ------------------------------------------------------------------------


def explain_syntax(
    text: str,
    lines: LineIndex,
    problem: str,
    context: str,
    at: int,
    opened: int | None,
    top_keys: frozenset[str] = frozenset(),
) -> Explained | None:
    """The mistake behind a parser error, or None when it is not one of the common
    ones. ``problem`` and ``context`` are the parser's words, ``at`` where it noticed,
    ``opened`` where the construct it was reading began (a quote, a bracket, a key);
    ``top_keys`` are the keys of the file's top level."""
    at = max(0, min(at, len(text)))
    if opened is not None:
        opened = max(0, min(opened, len(text)))
    line = line_at(text, at)
    found = _tab(text, line, top_keys)
    if found is not None:
        return found
    if "quoted scalar" in context and opened is not None:
        return _quoted_scalar(text, problem, opened)
    if "mapping values are not allowed" in problem:
        return _after_quote(text, at) or _colon(text, lines, line, at, top_keys)
    if "could not find expected ':'" in problem and opened is not None:
        return _key_without_colon(text, lines, opened)
    if ("flow mapping" in context or "flow sequence" in context) and opened is not None:
        return _after_quote(text, at) or _flow(text, at, opened)
    found = _special(text, problem, context, at, opened)
    if found is not None:
        return found
    if "<document start>" in problem or "document indicator" in problem:
        return _outside_document(text, line)
    if "expected key" in problem or "<block end>" in problem or "expected '-'" in problem:
        return (
            _after_quote(text, at)
            or _bracket_start(text, line, at)
            or _indentation(text, lines, line, top_keys)
        )
    return None


def _tab(text: str, line: Line, top_keys: frozenset[str]) -> Explained | None:
    """A tab in a line's indentation: YAML indents with spaces only."""
    lead = line.text[: len(line.text) - len(line.text.lstrip(" \t"))]
    if "\t" not in lead:
        return None
    found = split_key(line.text.lstrip(" \t"))
    spaces = 0 if found is not None and found[0] in top_keys else _expected_indent(text, line)
    fixed = shown(line.text.lstrip(" \t"))
    variant = "tab" if spaces else "tab_zero"
    return Explained(variant, {"spaces": spaces, "fixed": fixed}, line.start + lead.index("\t"))


def _quoted_scalar(text: str, problem: str, opened: int) -> Explained | None:
    """An error inside quotes: a quote never closed, or a backslash escape."""
    quote = text[opened : opened + 1]
    if quote not in ('"', "'"):
        return None
    if "escape" in problem or "hexdecimal" in problem or "hexadecimal" in problem:
        line = line_at(text, opened)
        column = opened - line.start
        close = _closing_quote(line.text, column)
        inner = line.text[column + 1 : close if close is not None else len(line.text)]
        slash = inner.find("\\")
        escape = inner[slash : slash + 2] if slash >= 0 else "\\"
        fixed = shown(_written(line.text, column, single_quoted(inner)))
        return Explained("bad_escape", {"escape": escape, "fixed": fixed}, opened)
    if "end of stream" in problem or "document" in problem:
        return _unclosed_quote(text, opened)
    return None


def _closing_quote(text: str, column: int) -> int | None:
    """The column of the quote that closes the one at ``column`` on the same line."""
    quote = text[column]
    index = column + 1
    while index < len(text):
        char = text[index]
        if quote == '"' and char == "\\":
            index += 2
            continue
        if char == quote:
            if quote == "'" and text[index + 1 : index + 2] == "'":
                index += 2
                continue
            return index
        index += 1
    return None


def _unclosed_quote(text: str, opened: int) -> Explained:
    """A quote that begins a value and is never closed (on its line)."""
    line = line_at(text, opened)
    column = opened - line.start
    quote = line.text[column]
    rest = line.text[column + 1 :]
    if in_flow(line.text, column):
        ends = [at for at in (rest.find(","), rest.find("}"), rest.find("]")) if at >= 0]
        rest = rest[: min(ends)] if ends else rest
    fixed = shown(_written(line.text, column, quote + rest.rstrip() + quote))
    variant = "unclosed_double" if quote == '"' else "unclosed_single"
    return Explained(variant, {"fixed": fixed}, opened)


def _opening_quote(text: str, close: int) -> int | None:
    """The quote that the quote at ``close`` closes, looking back."""
    quote = text[close]
    index = close
    while True:
        index = text.rfind(quote, 0, index)
        if index < 0:
            return None
        if quote == '"':
            slashes = 0
            while index - slashes - 1 >= 0 and text[index - slashes - 1] == "\\":
                slashes += 1
            if slashes % 2:
                continue
        elif index > 0 and text[index - 1] == "'":
            index -= 1  # '' is a quote inside single quotes
            continue
        return index


def _after_quote(text: str, at: int) -> Explained | None:
    """Reading stopped right after a closing quote: either the quote was opened lines
    above and never closed there, or text follows the quoted value on its line."""
    close = at - 1
    while close >= 0 and text[close] in " \t":
        close -= 1
    if close < 0 or text[close] not in "\"'":
        return None
    opening = _opening_quote(text, close)
    if opening is None:
        return None
    line = line_at(text, opening)
    column = opening - line.start
    before = line.text[:column].rstrip()
    if before and before[-1] not in ":-[{,":
        return None  # not a quote that begins a value: no guess
    if close >= line.end:
        return _unclosed_quote(text, opening)
    quote = text[close]
    flow = in_flow(line.text, column)
    end = flow_end(line.text, column) if flow else len(without_comment(line.text))
    end = max(end, close - line.start + 1)
    raw = line.text[column:end].strip()
    if len(raw) > 1 and raw.endswith(quote):
        inner = raw[1:-1]  # the quote is used inside a value quoted with it
    elif quote == "'" and raw.count("'") == 2:
        inner = raw[1:]  # an apostrophe: 'Bo's
    else:
        inner = raw
    rest = line.text[close - line.start + 1 : end].strip()
    fixed = shown(_written(line.text, column, quoted(inner)))
    return Explained("text_after_quote", {"rest": shown(rest), "fixed": fixed}, opening)


def _colon(
    text: str, lines: LineIndex, line: Line, at: int, top_keys: frozenset[str]
) -> Explained | None:
    """': ' where YAML cannot begin a key: in a value, or on a line that continues the
    one above (a key without ':' or without a space after it, or indented too far)."""
    own = line.text
    begin = content_column(own)
    first = _KEY_COLON.search(own, begin)
    if first is not None and first.start() < at - line.start:
        key = own[begin : first.start()].strip()
        start = first.end()
        while start < len(own) and own[start] in " \t":
            start += 1
        value = without_comment(own[start:])
        fixed = shown(f"{key}: {quoted(value)}")
        return Explained("colon_in_value", {"key": key, "fixed": fixed}, line.start + start)
    previous = _nearest_above(text, line)
    if previous is None:
        return None
    content = without_comment(previous.text[content_column(previous.text) :])
    if ":" in content and _KEY_COLON.search(content) is None:
        return _missing_space(previous, content)
    if ":" not in content and not is_item(previous.text) and previous.indent == line.indent:
        return (
            _value_below(text, lines, previous, content)
            or _missing_colon(previous, content)
            or _stray_text(previous)
        )
    return _indentation(text, lines, line, top_keys)


def _stray_text(line: Line) -> Explained | None:
    """A line of text that is no key, no value and no comment."""
    content = line.text[content_column(line.text) :].strip()
    if not content or content[0] in "[{&*!|>'\"":
        return None
    return Explained("stray_text", {"text": shown(content)}, line.start + content_column(line.text))


def _missing_space(line: Line, content: str) -> Explained:
    colon = content.index(":")
    fixed = shown(content[:colon] + ": " + content[colon + 1 :].lstrip())
    index = line.start + content_column(line.text) + colon
    return Explained("missing_space", {"text": shown(content), "fixed": fixed}, index)


_KEY_LIKE = re.compile(r"[^\W\d][\w-]*")


def _missing_colon(line: Line, content: str) -> Explained | None:
    """A line that reads as a key without ':' (``name Bo``): when its first word looks
    like a key (a lower-case word), the ':' after it; else no guess."""
    words = content.split(None, 1)
    if not words or not _KEY_LIKE.fullmatch(words[0]) or words[0] != words[0].lower():
        return None
    fixed = f"{words[0]}: {words[1]}" if len(words) == 2 else f"{content}: …"
    index = line.start + content_column(line.text) + len(words[0])
    return Explained("missing_colon", {"text": shown(content), "fixed": shown(fixed)}, index)


def _value_below(text: str, lines: LineIndex, line: Line, content: str) -> Explained | None:
    """A value written on the line under its key (``title:`` then the title) without
    being indented under it: it reads as a key of its own."""
    previous = _nearest_above(text, line)
    if previous is None or previous.indent < line.indent or ":" in content:
        return None
    above_content = without_comment(previous.text[content_column(previous.text) :])
    found = split_key(above_content)
    if found is None or not above_content.endswith(":"):
        return None
    args: dict[str, object] = {
        "key": found[0],
        "key_line": lines.position(previous.start)[0],
        "fixed": shown(f"{found[0]}: {content}"),
    }
    return Explained("value_not_indented", args, line.start + content_column(line.text))


def _key_without_colon(text: str, lines: LineIndex, opened: int) -> Explained | None:
    """A line YAML took for a key, and found no ':' after: an item of a list without
    its '-', a value under its key, a key without ':', or a ':' without a space."""
    line = line_at(text, opened)
    begin = content_column(line.text)
    content = without_comment(line.text[begin:])
    if not content:
        return None
    if content[0] in "\"'":
        if _closing_quote(line.text, begin) is None:
            return _unclosed_quote(text, line.start + begin)
        return None
    if ":" in content and _KEY_COLON.search(content) is None:
        return _missing_space(line, content)
    neighbours = [_nearest_above(text, line), _below(text, line)]
    if any(n is not None and n.indent == line.indent and is_item(n.text) for n in neighbours):
        fixed = shown("- " + content)
        return Explained("missing_dash", {"fixed": fixed}, line.start + line.indent)
    return _value_below(text, lines, line, content) or _missing_colon(line, content)


def _flow(text: str, at: int, opened: int) -> Explained | None:
    """A ``{ }`` or ``[ ]`` that YAML could not read to its end."""
    bracket = text[opened : opened + 1]
    if bracket not in ("[", "{"):
        return None
    closer = "]" if bracket == "[" else "}"
    opening = line_at(text, opened)
    own = opening.text
    start = opened - opening.start
    comment = _COMMENT.search(own, start)
    if comment is not None and '"' not in own[start : comment.start()]:
        return _comment_in_flow(opening, comment.start() + 1, closer)
    stopped = line_at(text, at)
    if stopped.start == opening.start:
        column = at - opening.start
        char = own[column : column + 1]
        begin = max(own.rfind(mark, start, column) for mark in "{[,") + 1
        segment = own[begin:column]
        key = _KEY_COLON.search(segment)
        if char in (":", "[", "{") and key is not None and segment[key.end() :].strip():
            name = segment[: key.start()].strip()
            value_start = (
                begin + key.end() + len(segment[key.end() :]) - len(segment[key.end() :].lstrip())
            )
            value = own[value_start : flow_end(own, column)].strip()
            fixed = shown(f"{name}: {quoted(value)}")
            index = opening.start + value_start
            if char == ":":
                return Explained("colon_in_value", {"key": name, "fixed": fixed}, index)
            shape = Term("input.shape.map" if bracket == "{" else "input.shape.list")
            return Explained("flow_special", {"char": char, "shape": shape, "fixed": fixed}, index)
        if char in ("[", "{"):
            return None  # a bracket where none can begin: no guess
        if char in ("]", "}") and char != closer and not _open_before(text, at, char):
            # a closer of the other kind with nothing of its kind open: typed by mistake
            fixed = shown(own[:column] + own[column + 1 :])
            return Explained("stray_closer", {"char": char, "fixed": fixed}, opening.start + column)
    return _unclosed_bracket(text, opening, start, closer, stopped, at)


def _open_before(text: str, at: int, closer: str) -> bool:
    """Whether a bracket that ``closer`` closes may be open before ``at``: counted over
    all the text before it, quotes and comments too, so a doubt keeps it open."""
    opener = "[" if closer == "]" else "{"
    depth = 0
    for char in text[:at]:
        if char == opener:
            depth += 1
        elif char == closer and depth:
            depth -= 1
    return depth > 0


_NEXT_KEY = re.compile(r",\s*[^\s,\[\]{}:'\"]+:\s")


def _unclosed_bracket(
    text: str, opening: Line, start: int, closer: str, stopped: Line, at: int
) -> Explained:
    """A bracket never closed: the line as it reads with the closing bracket added."""
    own = opening.text
    same_line = stopped.start == opening.start
    limit = at - opening.start if same_line else len(without_comment(own))
    next_key = _NEXT_KEY.search(own, start, limit) if closer == "]" else None
    if next_key is not None or same_line:
        insert = next_key.start() if next_key is not None else limit
        while insert > start + 1 and own[insert - 1] == " ":
            insert -= 1
        fixed = own[:insert] + closer + own[insert:]
    else:
        body = without_comment(own)
        if body.endswith(","):  # the list goes on over the next lines: close the last
            last = _nearest_above(text, stopped)
            body = without_comment(last.text) if last is not None else body
        fixed = body + closer
    variant = "unclosed_list" if closer == "]" else "unclosed_map"
    shape = Term("input.shape.list" if closer == "]" else "input.shape.map")
    args: dict[str, object] = {"shape": shape, "closer": closer, "fixed": shown(fixed)}
    return Explained(variant, args, opening.start + start)


def _comment_in_flow(line: Line, hash_column: int, closer: str) -> Explained:
    own = line.text
    begin = max(own.rfind(mark, 0, hash_column) for mark in "{[,") + 1
    stop = [at for at in (own.find(",", hash_column), own.find(closer, hash_column)) if at >= 0]
    piece = own[begin : min(stop) if stop else len(own)].strip()
    found = split_key(piece)
    if found is not None:
        key, value_start = found
        fixed = f"{key}: {quoted(piece[value_start:].strip())}"
    else:
        fixed = quoted(piece)
    return Explained(
        "comment_in_flow", {"closer": closer, "fixed": shown(fixed)}, line.start + hash_column
    )


_MARKER = re.compile(r"(?:---|\.\.\.)(?:[ \t]|$)|%")


def _outside_document(text: str, line: Line) -> Explained | None:
    """Text after the organisation has ended: a line ``---``, ``...`` or ``%...`` above
    (YAML's marks for the start and end of a document, and its instructions), or a
    first line that is no key, which YAML reads as the whole document."""
    for other in (line, *above(text, line)):
        if other.indent == 0 and _MARKER.match(other.text):
            args: dict[str, object] = {"text": shown(other.text)}
            return Explained("document_marker", args, other.start)
    first: Line | None = Line(0, _break_at(text, 0), text[: _break_at(text, 0)])
    for _ in range(MAX_LINES):
        if first is None or not first.blank:
            break
        first = _after(text, first)
    if first is None or first.start >= line.start or split_key(first.text.strip()) is not None:
        return None
    return _stray_text(first)


def _special(
    text: str, problem: str, context: str, at: int, opened: int | None
) -> Explained | None:
    """A value that begins with a character YAML reads as something else."""
    index: int | None
    if "cannot start any token" in problem:
        index, reason = at, "reserved"
        if text[at : at + 1] not in ("@", "`", "%"):
            return None
    elif "block scalar" in context:
        index, reason = opened, "block"
    elif "an anchor" in context:
        index, reason = opened, "anchor"
    elif "an alias" in context:
        index, reason = opened, "alias"
    elif "a tag" in context:
        index, reason = opened, "tag"
    elif "mapping keys are not allowed" in problem:
        index, reason = at, "key"
    elif "block sequence entries are not allowed" in problem:
        index, reason = at, "dash"
    else:
        return None
    if index is None or index >= len(text):
        return None
    _key, _value, fixed = value_at(text, index)
    args: dict[str, object] = {
        "char": text[index],
        "reason": Term(f"input.char.{reason}"),
        "fixed": fixed,
    }
    return Explained("special_start", args, index)


def _bracket_start(text: str, line: Line, at: int) -> Explained | None:
    """A value that begins with '[' or '{' and goes on after the closing bracket."""
    begin = content_column(line.text)
    found = split_key(line.text[begin:])
    if found is None:
        return None
    start = begin + found[1]
    if line.text[start : start + 1] not in ("[", "{") or at <= line.start + start:
        return None
    fixed = value_at(text, line.start + start)[2]
    args: dict[str, object] = {
        "char": line.text[start],
        "reason": Term("input.char.flow"),
        "fixed": fixed,
    }
    return Explained("special_start", args, line.start + start)


def _opens_block(line: Line) -> bool:
    """The line is a key with nothing after it (``mandate:``): the lines under it are
    its value."""
    content = without_comment(line.text[content_column(line.text) :])
    return content.endswith(":") and split_key(content) is not None


def _indentation(
    text: str, lines: LineIndex, line: Line, top_keys: frozenset[str]
) -> Explained | None:
    """A line indented to no level of the lines above it: the level it most likely
    belongs to, and the line that has it. When the line above is the odd one (the
    first line under a key indented too far, or not at all), that line is reported."""
    nearest = list(above(text, line, 2))
    if nearest and _opens_block(nearest[0]) and line.indent > nearest[0].indent:
        return None  # the first line under a key may be indented as far as it likes
    if len(nearest) == 2:
        previous, parent = nearest
        step = parent.indent + 2
        if _opens_block(parent) and line.indent == step and previous.indent != step:
            return _indented_as(lines, previous, line)
    levels: dict[int, Line] = {}
    smallest: int | None = None
    for other in above(text, line):
        if split_key(other.text[content_column(other.text) :]) is None and not is_item(other.text):
            continue  # a value going on over lines: no level of its own
        indent = other.indent
        if smallest is None:
            levels.setdefault(indent, other)
            levels.setdefault(content_column(other.text), other)
            smallest = indent
        elif indent < smallest:
            levels.setdefault(indent, other)
            smallest = indent
        if indent == 0:
            break
    actual = line.indent
    if not levels or actual in levels:
        return None
    found = split_key(line.text.strip())
    key = found[0] if found is not None else None
    if key in top_keys and 0 in levels:
        expected = 0
    else:
        expected = min(levels, key=lambda level: (abs(level - actual), -level))
    if expected == 0 and top_keys and key not in top_keys:
        stray = _left_edge_run(text, lines, line, top_keys)
        if stray is not None:
            return stray
    odd = _odd_first_child(text, levels[expected], line)
    if odd is not None:
        return _indented_as(lines, odd, line)
    return _indented_as(lines, line, levels[expected], expected)


def _odd_first_child(text: str, sibling: Line, line: Line) -> Line | None:
    """The first line under a key that set an odd indentation for the lines after it,
    when ``line`` has the usual one (two spaces further than the key): that line is
    the one to move."""
    parent = next((other for other in above(text, sibling) if other.indent < sibling.indent), None)
    if parent is None or not _opens_block(parent) or line.indent != parent.indent + 2:
        return None
    child = _below(text, parent)
    return child if child is not None and child.indent == sibling.indent else None


def _indented_as(
    lines: LineIndex, line: Line, sibling: Line, expected: int | None = None
) -> Explained:
    """``line`` written with the indentation of ``sibling`` (its own, unless given)."""
    expected = sibling.indent if expected is None else expected
    content = sibling.text[content_column(sibling.text) :]
    found = split_key(content)
    args: dict[str, object] = {
        "column": line.indent + 1,
        "expected_column": expected + 1,
        "expected": expected,
        "sibling": found[0] if found is not None else _short(content),
        "sibling_line": lines.position(sibling.start)[0],
        "fixed": shown(line.text),
    }
    variant = "indentation" if expected else "indentation_zero"
    return Explained(variant, args, line.start + line.indent)


def _left_edge_run(
    text: str, lines: LineIndex, line: Line, top_keys: frozenset[str]
) -> Explained | None:
    """Lines at the left edge right above ``line`` whose keys are not keys of the top
    level (a block moved left): the first of them is where it went wrong."""
    first: Line | None = None
    for other in above(text, line):
        if other.indent:
            break
        found = split_key(other.text)
        if found is None or found[0] in top_keys:
            break
        first = other
    if first is None:
        return None
    previous = _nearest_above(text, first)
    if previous is None or (previous.indent == 0 and not _opens_block(previous)):
        return None
    key = split_key(first.text)
    parent = split_key(previous.text[content_column(previous.text) :])
    if key is None or parent is None:
        return None
    if _opens_block(previous):
        return under(lines, first.start, key[0], parent[0], previous.start + previous.indent)
    return _indented_as(lines, first, previous)


#: The parser's problems (libyaml's and PyYAML's own words) -> the terminology's words
#: for them, for a mistake none of the explanations above recognises. First match wins.
_PARSER_WORDS = (
    ("tab", "tab"),
    ("cannot start any token", "cannot_start"),
    ("mapping values are not allowed", "colon"),
    ("expected key", "indentation"),
    ("<block end>", "indentation"),
    ("expected '-'", "dash"),
    ("node content", "missing_value"),
    ("expected ':'", "missing_colon"),
    ("end of stream", "end_of_file"),
    ("',' or ']'", "open_list"),
    ("',' or '}'", "open_map"),
    ("block sequence entries", "list_here"),
    ("mapping keys are not allowed", "key_here"),
    ("escape", "escape"),
    ("hexdecimal", "escape"),
    ("hexadecimal", "escape"),
    ("alphabetic or numeric", "anchor"),
    ("comment or line break", "block"),
    ("tag", "tag"),
    ("document", "document"),
    ("directive", "document"),
    ("control character", "control"),
    ("special character", "control"),
)


#: The parser's contexts whose place is where the mistake is (the key, quote, bracket or
#: sign that began what could not be read), rather than where the parser gave up.
_BEGUN = (
    "simple key",
    "quoted scalar",
    "block scalar",
    "an anchor",
    "an alias",
    "a tag",
    "flow mapping",
    "flow sequence",
    "a directive",
)


def plain_place(context: str, at: int, opened: int | None) -> int:
    """Where a mistake no explanation recognised is reported: where the construct the
    parser was reading began, when that is where such mistakes are made; else where the
    parser noticed."""
    if opened is not None and any(begun in context for begun in _BEGUN):
        return opened
    return at


def parser_words(problem: str) -> Term:
    """The parser's ``problem`` in the terminology's words (a plain fallback)."""
    for words, key in _PARSER_WORDS:
        if words in problem:
            return Term(f"input.parser.{key}")
    return Term("input.parser.unknown")


# -- reading bytes -----------------------------------------------------------------------


def _looks_utf16(data: bytes) -> bool:
    """Text saved as UTF-16 without a BOM: every other byte of its ASCII is zero."""
    sample = data[:400]
    if len(sample) < 4:
        return False
    zeros_even = sample[0::2].count(0)
    zeros_odd = sample[1::2].count(0)
    half = len(sample) // 2
    return max(zeros_even, zeros_odd) > half // 2


def explain_bytes(data: bytes, bad: int) -> Explained:
    """Why ``data`` is not UTF-8 (``bad`` is the first byte that cannot be read): UTF-16,
    Windows-1252 (ANSI, as older Windows programs save), or some other bytes."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")) or _looks_utf16(data):
        return Explained("utf16", {}, 0)
    byte = data[bad]
    start = data.rfind(b"\n", 0, bad) + 1
    end = data.find(b"\n", bad)
    piece = data[start : end if end >= 0 else len(data)][:2000]
    shown_line = piece.decode("cp1252", "replace").rstrip("\r")
    char = bytes([byte]).decode("cp1252", "replace")
    args: dict[str, object] = {"byte": f"{byte:02x}"}
    if byte >= 0x80 and char.isalpha():
        at = min(bad - start, len(shown_line))
        left, right = at, at
        while left > 0 and not shown_line[left - 1].isspace():
            left -= 1
        while right < len(shown_line) and not shown_line[right].isspace():
            right += 1
        word = shown_line[left:right].strip(",:{}[]\"'")
        args.update(char=char, word=shown(word or char))
        return Explained("windows_1252", args, bad)
    return Explained("not_utf8", args, bad)


def explain_control(text: str, index: int) -> Explained:
    """A control character YAML refuses: NULs all over are UTF-16 read as UTF-8."""
    char = text[index : index + 1] or "\x00"
    if char == "\x00" and _looks_utf16(text[:400].encode("utf-8", "replace")):
        return Explained("utf16", {}, 0)
    return Explained("control_character", {"code": f"U+{ord(char):04X}"}, index)


# -- words understood ------------------------------------------------------------------


def normalised(word: str) -> str:
    """A word as it is looked up: lower case, '_' and '-' as spaces, spaces single."""
    return " ".join(word.lower().replace("_", " ").replace("-", " ").split()).strip(" .")


@cache
def _understood(group: str) -> dict[str, tuple[str, ...]]:
    """Every word understood in ``group`` (value, key, bool, month) -> what it means,
    from both languages' tables."""
    prefix = f"input.understood.{group}."
    found: dict[str, tuple[str, ...]] = {}
    for lang in LANGUAGES:
        for name, words in table(lang).items():
            if not name.startswith(prefix):
                continue
            meaning = name[len(prefix) :]
            for word in words.split(","):
                key = normalised(word)
                if key and meaning not in found.get(key, ()):
                    found[key] = (*found.get(key, ()), meaning)
    return found


def understood(group: str, word: str, allowed: tuple[str, ...] | None = None) -> str | None:
    """What ``word`` (written in the file) means in ``group``, among ``allowed``."""
    if len(word) > MAX_SHOWN:
        return None
    for meaning in _understood(group).get(normalised(word), ()):
        if allowed is None or meaning in allowed:
            return meaning
    return None


# -- dates -------------------------------------------------------------------------------

_DAY_MONTH_YEAR = re.compile(r"(\d{1,2})\s*[./-]\s*(\d{1,2})\s*[./-]\s*(\d{4}|\d{2})")
_YEAR_MONTH_DAY = re.compile(r"(\d{4})\s*[./-]\s*(\d{1,2})\s*[./-]\s*(\d{1,2})")
_DAY_NAME_YEAR = re.compile(r"(\d{1,2})\.?\s*([^\W\d_]+)\.?,?\s*(\d{4})")
_NAME_YEAR = re.compile(r"([^\W\d_]+)\.?,?\s*(\d{4})")
_MONTH_YEAR = re.compile(r"(\d{1,2})\s*[./-]\s*(\d{4})")
_YEAR_MONTH = re.compile(r"(\d{4})\s*[./-]\s*(\d{1,2})")


def _day(year: int, month: int, day: int) -> str | None:
    try:
        return datetime.date(year, month, day).isoformat()
    except ValueError:
        return None


def _month(year: int, month: int) -> str | None:
    return f"{year:04d}-{month:02d}" if 1 <= month <= 12 and year >= 1 else None


def read_date(value: str) -> tuple[str, str] | None:
    """A date written the Danish way (``15/09/2026``, ``15.09.2026``, ``15-09-2026``,
    ``15. september 2026``, ``2026-9-15``) as ``("day", "2026-09-15")``, a month
    (``september 2026``, ``09/2026``) as ``("month", "2026-09")``; else None."""
    text = value.strip()
    if len(text) > 40:
        return None
    match = _DAY_MONTH_YEAR.fullmatch(text)
    if match is not None:
        day, month, year = (int(part) for part in match.groups())
        year += 2000 if year < 100 else 0
        found = _day(year, month, day) or _day(year, day, month)  # 09/15/2026 read US-wise
        return ("day", found) if found else None
    match = _YEAR_MONTH_DAY.fullmatch(text)
    if match is not None:
        found = _day(*(int(part) for part in match.groups()))
        return ("day", found) if found else None
    match = _DAY_NAME_YEAR.fullmatch(text)
    if match is not None:
        name = understood("month", match.group(2))
        found = _day(int(match.group(3)), int(name), int(match.group(1))) if name else None
        return ("day", found) if found else None
    match = _NAME_YEAR.fullmatch(text)
    if match is not None:
        name = understood("month", match.group(1))
        found = _month(int(match.group(2)), int(name)) if name else None
        return ("month", found) if found else None
    match = _MONTH_YEAR.fullmatch(text) or _YEAR_MONTH.fullmatch(text)
    if match is not None:
        numbers = [int(part) for part in match.groups()]
        year, month = (numbers[1], numbers[0]) if match.re is _MONTH_YEAR else numbers
        found = _month(year, month)
        return ("month", found) if found else None
    return None


def last_day(month: str) -> str:
    """The last day of a month written ``2026-09``."""
    year, number = (int(part) for part in month.split("-"))
    return f"{month}-{calendar.monthrange(year, number)[1]:02d}"


# -- values that read as something else ---------------------------------------------------


def under(lines: LineIndex, key_index: int, key: str, parent: str, parent_index: int) -> Explained:
    """A key written at the indentation of ``parent`` (above it) where it belongs under
    it: the line as it should be written, two spaces further in."""
    text = lines.text
    own = line_at(text, key_index)
    spaces = parent_index - line_at(text, parent_index).start + 2
    args: dict[str, object] = {
        "key": key,
        "parent": parent,
        "parent_line": lines.position(parent_index)[0],
        "spaces": spaces,
        "fixed": shown(own.text),
    }
    return Explained("not_indented", args, key_index)


def entry_not_indented(
    lines: LineIndex, key_index: int, key: str, fields: Mapping[str, object]
) -> Explained | None:
    """An id under ``people:`` (or ``tasks:``...) that is one of an entry's own keys
    (``name``, ``role``), written at the ids' indentation under an entry left empty
    (``bo:``): the key explained as not indented under it."""
    if key not in fields:
        return None
    text = lines.text
    own = line_at(text, key_index)
    column = key_index - own.start
    for other in above(text, own):
        if other.indent < column:
            return None
        if other.indent > column:
            continue
        found = split_key(other.text[column:])
        if found is None:
            return None
        if found[0] in fields:
            continue
        if without_comment(other.text[column + found[1] :]):
            return None  # an entry with its own value: no guess
        return under(lines, key_index, key, found[0], other.start + column)
    return None


def keys_below(text: str, key_index: int, fields: Mapping[str, object]) -> bool:
    """The line after an entry's key (``bo:``) is one of the entry's own keys written at
    the same indentation: the entry was left empty by mistake (the keys' findings say
    so)."""
    own = line_at(text, key_index)
    column = key_index - own.start
    following = _below(text, own)
    if following is None or following.indent != column:
        return False
    found = split_key(following.text[column:])
    return found is not None and found[0] in fields


def flow_pieces(text: str, index: int, limit: int = 50) -> list[tuple[int, str]]:
    """The pieces after ``index`` inside a ``{ }`` that are no ``key: value`` (a value
    cut by its commas): their indexes and text, up to the next key or the closing
    bracket."""
    pieces: list[tuple[int, str]] = []
    end_of_text = min(len(text), index + 20_000)
    for _ in range(limit):
        while index < end_of_text and text[index] in " \t\r\n":
            index += 1
        if index >= end_of_text or text[index] != ",":
            break
        start = index + 1
        while start < end_of_text and text[start] in " \t\r\n":
            start += 1
        index = flow_end(text, start, end_of_text)
        piece = " ".join(text[start:index].split())
        if not piece or _KEY_COLON.search(piece) or piece[0] in "[{\"'#":
            break
        pieces.append((start, piece))
    return pieces


def comma_in_flow(text: str, opened: int, key_index: int) -> tuple[Explained, list[int]] | None:
    """A key without a value inside ``{ }`` that is the rest of the value before it,
    cut at a comma (``title: Pædagog (ny, startet sidste måned)``): the value in quotes,
    and the indexes of the other pieces of it (explained by the same finding)."""
    comma = key_index - 1
    while comma > opened and text[comma] in " \t\r\n":
        comma -= 1
    if text[comma] != ",":
        return None
    depth = 0
    start = comma - 1
    while start > opened:
        char = text[start]
        if char in "]}":
            depth += 1
        elif char in "[{":
            depth -= 1
        elif char == "," and depth == 0:
            break
        start -= 1
    piece = text[start + 1 : comma]
    lead = len(piece) - len(piece.lstrip())
    found = split_key(piece.strip())
    if found is None:
        return None
    key, value_at_ = found
    value_start = start + 1 + lead + value_at_
    cut = " ".join(text[value_start:comma].split())
    pieces = [(key_index, " ".join(text[key_index : flow_end(text, key_index, len(text))].split()))]
    pieces += flow_pieces(text, flow_end(text, key_index, min(len(text), key_index + 20_000)))
    whole = ", ".join([cut, *(piece for _, piece in pieces)])
    args: dict[str, object] = {
        "key": key,
        "value": shown(whole),
        "cut": shown(cut),
        "shape": Term("input.shape.map"),
        "fixed": shown(f"{key}: {quoted(whole)}"),
    }
    return Explained("comma_in_flow", args, value_start), [index for index, _ in pieces]


def list_written_as_text(
    text: str, start: int, end: int, value: str, plain: bool, key: str
) -> tuple[Explained, list[int]] | None:
    """A text where a list belongs (``members: anne, bo``; ``-anne``; items without
    "-"): the list it was most likely meant to be, and the indexes of pieces of it that
    YAML read as keys of their own (inside ``{ }``)."""
    if not value.strip():
        return None
    if plain and value.startswith("-") and value[1:2] not in ("", " ", "\t"):
        first = value.split()[0]
        args: dict[str, object] = {"value": shown(first), "fixed": shown("- " + first[1:])}
        return Explained("dash_without_space", args, start), []
    line = line_at(text, start)
    pieces = flow_pieces(text, end) if plain and in_flow(line.text, start - line.start) else []
    source = text[start:end] if plain else value
    if "," in value:
        items = value.split(",")
    elif plain and ("\n" in source or "\r" in source):
        items = [part.strip().removeprefix("- ") for part in source.splitlines()]
    else:
        items = [value]
    items = [item.strip() for item in items if item.strip()]
    items += [piece for _, piece in pieces]
    written = ", ".join(items) if pieces else value
    args = {
        "value": shown(" ".join(written.split())),
        "fixed": shown(f"{key}: [{', '.join(items)}]"),
    }
    return Explained("list_as_text", args, start), [index for index, _ in pieces]


_BLOCK_START = re.compile(r"(?:^|[:\-][ \t]*)[|>][-+0-9]*$")
_UNQUOTED = re.compile(r"[^\s\"'|>&*!%@`\[{#,-]")


def cut_by_comment(
    text: str, hash_index: int, keys: frozenset[str], max_lines: int = 50
) -> Explained | None:
    """A text field whose value YAML cut at a '#' written after a space without a space
    after it (``title: Pædagog #1`` reads as 'Pædagog'); None for anything else: a
    comment after a space, a '#' in quotes or in a text block."""
    line = line_at(text, hash_index)
    own = line.text
    hash_column = hash_index - line.start
    begin = content_column(own)
    found = split_key(own[begin:])
    if found is None or found[0] not in keys:
        return None
    key, value = found
    value_start = begin + value
    if value_start >= hash_column or not _UNQUOTED.match(own, value_start):
        return None
    first_comment = _COMMENT.search(own, value_start)
    if first_comment is None or first_comment.start() != hash_column - 1:
        return None  # another comment comes first: this '#' is inside it
    smallest = line.indent
    for other in above(text, line, max_lines):
        if smallest == 0:
            break
        if other.indent < smallest:
            if _BLOCK_START.search(without_comment(other.text)):
                return None  # the line is in a text block: '#' is text there
            smallest = other.indent
    if smallest:
        return None  # too far to tell: no guess
    cut = own[value_start:hash_column].strip()
    rest = own[hash_column:].strip()
    args: dict[str, object] = {
        "key": key,
        "cut": shown(cut),
        "rest": shown(rest),
        "fixed": shown(f"{key}: {quoted(own[value_start:].strip())}"),
    }
    return Explained("hash_in_value", args, hash_index)
