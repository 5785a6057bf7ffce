"""Ranges in the protocol's terms, from what the check gives: character indexes into
the text and 1-based spans (lines and code-point columns, end column exclusive)."""

from __future__ import annotations

from lsprotocol import types

from coordgraph.findings import Span
from coordgraph.server.text import Lines


def position(lines: Lines, index: int, encoding: str) -> types.Position:
    line, character = lines.position(index, encoding)
    return types.Position(line=line, character=character)


def index_range(lines: Lines, start: int, end: int, encoding: str) -> types.Range:
    return types.Range(
        start=position(lines, start, encoding), end=position(lines, max(start, end), encoding)
    )


def span_indexes(lines: Lines, span: Span, shift: int = 0) -> tuple[int, int]:
    """The character indexes a span covers. ``shift`` is what stands before the checked
    text on its first line (a byte order mark the engine read past)."""
    return _index(lines, span.line, span.column, shift), _index(
        lines, span.end_line, span.end_column, shift
    )


def _index(lines: Lines, line: int, column: int, shift: int) -> int:
    if line > len(lines):
        return len(lines.text)
    row = max(0, line - 1)
    start = lines.starts[row] + (shift if row == 0 else 0)
    return min(start + max(0, column - 1), lines.end(row))


def span_range(lines: Lines, span: Span, shift: int, encoding: str) -> types.Range:
    start, end = span_indexes(lines, span, shift)
    return index_range(lines, start, end, encoding)


def index_at(lines: Lines, at: types.Position, encoding: str) -> int:
    return lines.offset(at.line, at.character, encoding)
