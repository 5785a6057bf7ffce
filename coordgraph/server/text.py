"""Positions and edits as the Language Server Protocol counts them.

Lines end at ``\\n``, ``\\r\\n`` or ``\\r`` (the protocol's rule, and how coordgraph
counts lines in its findings), never at NEL, U+2028 or U+2029, which editors show
inside a line. Columns count code units of the position encoding agreed with the
editor: UTF-16 unless the editor offers UTF-8 or UTF-32. coordgraph itself counts code
points; every conversion goes through a character index into the text, so an emoji or
a Danish letter never shifts a range.
"""

from __future__ import annotations

import bisect
import re

UTF8 = "utf-8"
UTF16 = "utf-16"
UTF32 = "utf-32"

_BREAK = re.compile(r"\r\n|\r|\n")


def units(text: str, encoding: str) -> int:
    """How many code units ``text`` is in ``encoding``."""
    if encoding == UTF32 or text.isascii():
        return len(text)
    if encoding == UTF8:
        return len(text.encode("utf-8", "surrogatepass"))
    return len(text) + sum(1 for char in text if ord(char) > 0xFFFF)


#: Characters that take more code units than one, by encoding: (pattern, extra units).
_WIDE = {
    UTF16: ((re.compile("[\U00010000-\U0010ffff]"), 1),),
    UTF8: (
        (re.compile("[\u0080-\u07ff]"), 1),
        (re.compile("[\u0800-\uffff]"), 2),
        (re.compile("[\U00010000-\U0010ffff]"), 3),
    ),
}


class Lines:
    """Where each line of a text starts, and conversions between character indexes and
    the protocol's (line, character) positions. Made once per text version.

    Where the wide characters (those of more than one code unit) stand is found once
    per encoding, so a conversion costs a binary search, not a walk along the line: a
    file of one 5 MB line with a thousand findings must not take a thousand walks.
    """

    def __init__(self, text: str) -> None:
        self.text = text
        self.starts = [0, *(match.end() for match in _BREAK.finditer(text))]
        self._wide: dict[str, tuple[tuple[list[int], int], ...]] = {}

    def __len__(self) -> int:
        return len(self.starts)

    def content(self, line: int) -> str:
        """Line ``line`` (0-based) without its line break."""
        start = self.starts[line]
        return self.text[start : self.end(line)]

    def end(self, line: int) -> int:
        """The index where line ``line``'s content ends (before its line break)."""
        if line + 1 < len(self.starts):
            end = self.starts[line + 1]
            text = self.text
            if text.startswith("\r\n", end - 2) and end - 2 >= self.starts[line]:
                return end - 2
            return end - 1
        return len(self.text)

    def _classes(self, encoding: str) -> tuple[tuple[list[int], int], ...]:
        found = self._wide.get(encoding)
        if found is None:
            if encoding == UTF32 or self.text.isascii():
                found = ()
            else:
                found = tuple(
                    ([m.start() for m in pattern.finditer(self.text)], extra)
                    for pattern, extra in _WIDE.get(encoding, _WIDE[UTF16])
                )
            self._wide[encoding] = found
        return found

    def units(self, start: int, end: int, encoding: str) -> int:
        """How many code units the text between two indexes is in ``encoding``."""
        total = end - start
        for indexes, extra in self._classes(encoding):
            total += extra * (bisect.bisect_left(indexes, end) - bisect.bisect_left(indexes, start))
        return total

    def offset(self, line: int, character: int, encoding: str) -> int:
        """The index of a protocol position, clamped into the text as the protocol asks
        (a line past the last is the end of the text, a character past the line's end
        is the line's end, a character inside a wide one is that one's start)."""
        if line < 0:
            return 0
        if line >= len(self.starts):
            return len(self.text)
        start, end = self.starts[line], self.end(line)
        if not self._classes(encoding):
            return start + max(0, min(character, end - start))
        low, high = start, end  # the last index whose units from the start fit
        while low < high:
            middle = (low + high + 1) // 2
            if self.units(start, middle, encoding) <= character:
                low = middle
            else:
                high = middle - 1
        return low

    def position(self, index: int, encoding: str) -> tuple[int, int]:
        """The protocol position (line, character) of the character at ``index``."""
        index = max(0, min(index, len(self.text)))
        line = bisect.bisect_right(self.starts, index) - 1
        start = self.starts[line]
        return line, self.units(start, min(index, self.end(line)), encoding)

    def line_of(self, index: int) -> int:
        return bisect.bisect_right(self.starts, max(0, min(index, len(self.text)))) - 1


def apply_change(
    lines: Lines, start: tuple[int, int], end: tuple[int, int], new: str, encoding: str
) -> str:
    """The text after an editor's change: ``new`` in place of the range ``start`` to
    ``end`` (protocol positions; a reversed range is read forwards)."""
    first = lines.offset(start[0], start[1], encoding)
    last = lines.offset(end[0], end[1], encoding)
    if last < first:
        first, last = last, first
    text = lines.text
    return text[:first] + new + text[last:]
