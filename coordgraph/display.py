"""Text from files and file names made safe to show: no terminal control, always encodable.

Names, titles and messages come from organisation files and file names, which anyone
can write. Shown raw on a terminal, an escape sequence (``\\x1b]0;…\\a``) could retitle
the window or hide output, a bidi override could reorder what is read, and a line
break could start a line that a CI runner takes for a command. :func:`printable` shows
every such character as an escape instead (``\\x1b``, ``\\u202e``).

A file name that is not valid UTF-8 reaches Python with its bad bytes as lone
surrogates, which no output encoding accepts; :func:`display_path` shows each such
byte percent-encoded, ``%FF`` (deterministic: the same name always gives the same
text; not a backslash escape, which the CI formats would take for a Windows path
separator).
"""

from __future__ import annotations

import re

#: C0 controls (tab and line breaks included), DEL, C1 controls, the bidi marks,
#: embeddings, overrides and isolates, the Unicode line and paragraph separators, and
#: surrogates (only a non-UTF-8 file name carries those).
_UNSAFE = re.compile(
    "[\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069\ud800-\udfff]"
)
_UNSAFE_BUT_BREAKS = re.compile(
    "[\x00-\x09\x0b\x0c\x0e-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069\ud800-\udfff]"
)
_SURROGATE = re.compile("[\ud800-\udfff]")


_NAMED = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}


def _escape(match: re.Match[str]) -> str:
    char = match.group()
    named = _NAMED.get(char)
    if named is not None:
        return named
    code = ord(char)
    if 0xDC80 <= code <= 0xDCFF:  # a byte of a file name that is not UTF-8
        return f"\\x{code - 0xDC00:02x}"
    if code < 0x100:
        return f"\\x{code:02x}"
    return f"\\u{code:04x}"


def printable(text: str, keep_breaks: bool = False) -> str:
    """``text`` with every control, bidi and line-separating character escaped.

    ``keep_breaks`` leaves CR and LF alone, for formats that escape them their own way
    (GitHub's workflow commands turn them into ``%0D`` / ``%0A``).
    """
    pattern = _UNSAFE_BUT_BREAKS if keep_breaks else _UNSAFE
    return pattern.sub(_escape, text) if pattern.search(text) else text


def _percent(match: re.Match[str]) -> str:
    code = ord(match.group())
    if 0xDC80 <= code <= 0xDCFF:
        return f"%{code - 0xDC00:02X}"
    return f"%u{code:04X}"  # not from a file name; never seen in practice


def display_path(path: str) -> str:
    """A path as shown in every format: bytes that are not UTF-8 as ``%FF``."""
    return _SURROGATE.sub(_percent, path) if _SURROGATE.search(path) else path
