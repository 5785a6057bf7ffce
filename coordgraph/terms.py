"""coordgraph's words: one terminology table per language.

``coordgraph/terminology/da.yaml`` and ``en.yaml`` hold every word and phrase a user
sees that is not a rule's own text (those are in ``coordgraph/prose/``): types and
kinds in messages, roles, frequencies, severities, families, headings, summary lines,
picture labels. Keys are dotted paths (``frequency.biweekly``), the same in both
tables (a test keeps them in step), so a word is chosen once and used everywhere.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

import yaml

LANGUAGES = ("da", "en")


@dataclass(frozen=True, slots=True)
class Term:
    """A word of the terminology in a message argument, translated with the message."""

    key: str  # "frequency.biweekly"

    def __str__(self) -> str:
        return self.key


@cache
def table(lang: str) -> dict[str, str]:
    """Every word of one language, by dotted key."""
    text = resources.files("coordgraph").joinpath(f"terminology/{lang}.yaml").read_text("utf-8")
    return read_table(text)


def read_table(text: str) -> dict[str, str]:
    """A terminology file's nested keys, flattened to dotted ones, each with its text.

    Read from libyaml's events: the file is mappings of text only, so nothing needs
    resolving (a plain ``no`` stays the word 'no'), and it takes a third of the time of
    ``yaml.load``, which every start of the command line pays. A list, an alias or a
    second document has no place in it and is refused.
    """
    loader = _Loader(text)
    result: dict[str, str] = {}
    path: list[str] = []
    key: str | None = None
    depth = 0
    try:
        while True:
            event = loader.get_event()
            cls = type(event)
            if cls is yaml.ScalarEvent:
                if key is None:
                    key = event.value
                else:
                    result[".".join([*path, key])] = event.value
                    key = None
            elif cls is yaml.MappingStartEvent:
                depth += 1
                if key is not None:
                    path.append(key)
                    key = None
            elif cls is yaml.MappingEndEvent:
                depth -= 1
                if path and depth > 0:
                    path.pop()
            elif cls is yaml.StreamEndEvent:
                return result
            elif cls is yaml.DocumentStartEvent and result:
                raise ValueError("a terminology file holds one document")
            elif cls not in (yaml.StreamStartEvent, yaml.DocumentStartEvent, yaml.DocumentEndEvent):
                raise ValueError(
                    f"a terminology file holds mappings of text only, not {cls.__name__}"
                )
    finally:
        loader.dispose()


_Loader: Any = getattr(yaml, "CSafeLoader", None) or yaml.SafeLoader


def term(key: str, lang: str) -> str:
    """The word for ``key`` in ``lang``: English when the language or the word is not
    there, the key itself as a last resort (tests keep every key used in the tables)."""
    found = table(lang if lang in LANGUAGES else "en").get(key)
    if found is None:
        found = table("en").get(key, key)
    return found


def translate(value: object, lang: str) -> object:
    """A message argument as shown: a :class:`Term` in ``lang``, anything else as is."""
    return term(value.key, lang) if isinstance(value, Term) else value


_FIELD = re.compile(r"\{([A-Za-z_][A-Za-z0-9_]*)\}")


#: A template as (text, field after it) pairs.
Parts = tuple[tuple[str, str | None], ...]


@cache
def _parts(template: str) -> Parts:
    """A template as (text, field after it) pairs, parsed once."""
    parts: list[tuple[str, str | None]] = []
    at = 0
    for match in _FIELD.finditer(template):
        parts.append((template[at : match.start()], match.group(1)))
        at = match.end()
    parts.append((template[at:], None))
    return tuple(parts)


def fill(template: str, args: Mapping[str, object], lang: str) -> str:
    """A message: each ``{name}`` in ``template`` replaced by its argument (a
    :class:`Term` in ``lang``). Only plain names are filled, never attributes, indexes
    or format specs, so no template can reach into an object; a name without an
    argument stays as written."""
    return fill_parts(_parts(template), args, lang)


def template_parts(template: str) -> Parts:
    """A template parsed once, for :func:`fill_parts` (a check fills one per finding)."""
    return _parts(template)


def fill_parts(parts: Parts, args: Mapping[str, object], lang: str) -> str:
    """:func:`fill` of a template already parsed by :func:`template_parts`."""
    pieces: list[str] = []
    append, get = pieces.append, args.get
    for text, name in parts:
        append(text)
        if name is None:
            continue
        value = get(name, _UNSET)
        if type(value) is str:  # most arguments are labels already
            append(value)
        elif value is _UNSET:
            append("{" + name + "}")
        else:
            append(term(value.key, lang) if isinstance(value, Term) else str(value))
    return "".join(pieces)


_UNSET = object()
