"""Ids in the text: where each is declared and used, how to write one, which one was
meant.

People, forums, tasks, units and direction elements share one namespace of ids. The
check keeps where each id is declared (``validator.ids``) and, asked for every
reference, where each is used (``validator.refs``); here they become *occurrences*,
sorted by where they stand, so the id under the cursor is found by bisection.
"""

from __future__ import annotations

import bisect
import json
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass

from coordgraph.scalars import STR, implicit_tag
from coordgraph.schema import close_match
from coordgraph.server.documents import Check, Document

_INVISIBLE = re.compile("[\u200b\u200c\u200d\u2060\ufeff\u00ad]")
_ODD_SPACE = re.compile("[\u00a0\u2007\u202f\u3000]")
#: Characters that cannot start a plain scalar, or end one in a flow list or after a key.
_PLAIN_START = set("-?:,[]{}#&*!|>'\"%@`")
_PLAIN_UNSAFE = re.compile(r"[,\[\]{}#]|: |:$|\s$|^\s")


@dataclass(frozen=True, slots=True)
class Occurrence:
    """An id where it is written: its declaration (a key under ``people``, ``tasks``…)
    or a reference to it (``owner: bo``). ``start`` and ``end`` index the document's
    text (quotes included)."""

    start: int
    end: int
    ident: str
    declaration: bool
    kinds: tuple[str, ...]  # what it is (a declaration) or may be (a reference)
    duplicate: bool = False  # a second declaration of an id already declared


def occurrences(check: Check) -> list[Occurrence]:
    """Every declaration and reference of an id in the checked text, by position."""
    if check._occurrences is not None:
        return check._occurrences
    found: dict[tuple[int, int], Occurrence] = {}
    validator = check.validator
    shift = check.shift
    if validator is not None:
        for ident, (kind, _path, place) in validator.ids.items():
            found[(place[0], place[1])] = Occurrence(
                place[0] + shift, place[1] + shift, ident, True, (kind,)
            )
        keys = validator.places.keys
        for path in validator.duplicates:
            second = keys.get(path)
            ident = path.split("/", 1)[-1]
            if second is not None and (second[0], second[1]) not in found:
                kind = validator.ids[ident][0] if ident in validator.ids else ""
                found[(second[0], second[1])] = Occurrence(
                    second[0] + shift, second[1] + shift, ident, True, (kind,), duplicate=True
                )
        for _prefix, _step, ident, kinds, place in validator.refs:
            # an alias repeats the anchored node's references: one occurrence each
            found.setdefault(
                (place[0], place[1]),
                Occurrence(place[0] + shift, place[1] + shift, ident, False, kinds),
            )
    result = sorted(found.values(), key=lambda o: o.start)
    check._occurrences = result
    return result


def occurrence_at(check: Check, index: int) -> Occurrence | None:
    """The occurrence the cursor at ``index`` is on (its end counts: the cursor just
    after a word is on it)."""
    found = occurrences(check)
    if check._occurrence_starts is None:
        check._occurrence_starts = [o.start for o in found]
    at = bisect.bisect_right(check._occurrence_starts, index) - 1
    if at >= 0 and found[at].start <= index <= found[at].end:
        return found[at]
    return None


def uses(check: Check, ident: str) -> list[Occurrence]:
    """The declaration and every reference of ``ident`` (not a second declaration of
    the same id: that is another entry, wrongly named alike)."""
    return [o for o in occurrences(check) if o.ident == ident and not o.duplicate]


def scalar(ident: str) -> str:
    """``ident`` as YAML reads it back as the same text, in a key or in a flow list:
    plain when that is safe, else double-quoted (a YAML 1.1 trap such as ``no``, a
    comma, a leading dash)."""
    if (
        ident
        and ident[0] not in _PLAIN_START
        and not _PLAIN_UNSAFE.search(ident)
        and ident.isprintable()
        and implicit_tag(ident) == STR
    ):
        return ident
    return json.dumps(ident, ensure_ascii=False)


def _normalised(ident: str) -> str:
    """An id as it looks: invisible characters dropped, odd spaces made plain."""
    if ident.isascii():
        return ident.strip()
    return unicodedata.normalize("NFC", _ODD_SPACE.sub(" ", _INVISIBLE.sub("", ident))).strip()


def suggestion(ident: str, candidates: Iterable[str]) -> str | None:
    """The declared id that ``ident`` was meant to be: one that looks the same, else the
    nearest spelling (as the check's "did you mean" finds it)."""
    pool = list(candidates)
    wanted = _normalised(ident)
    for candidate in pool:
        if candidate != ident and _normalised(candidate) == wanted:
            return candidate
    matches = close_match(ident, [c for c in pool if c != ident])
    return matches[0] if matches else None


def known_ids(document: Document) -> dict[str, str]:
    """Declared ids and their kinds, for completion: those of the current text when it
    was read to its end; while it is half-typed, also those of the last check that
    could model the organisation (so ids further down stay offered)."""
    current = document.check
    sources: list[Check] = []
    if (current is None or not current.read_whole) and document.modelled is not None:
        sources.append(document.modelled)
    if current is not None:
        sources.append(current)
    result: dict[str, str] = {}
    for source in sources:
        if source.validator is not None:
            for ident, (kind, _path, _place) in source.validator.ids.items():
                result[ident] = kind
    return result
