"""What each key and each fixed value of the organisation file means, in both languages.

The words live in the terminology tables (``server.key.*`` and ``server.value.*`` in
``coordgraph/terminology/``); this module names a key by its place in the format and
finds its words, so the JSON Schema (titles, descriptions, enum descriptions) and the
editor (hover, completion) say the same thing. A key's *doc path* is its section and
fields joined by dots, with ids and list items left out: ``tasks.mandate.granted_by``,
``people.role``, ``organisation.direction.values``.
"""

from __future__ import annotations

from collections.abc import Sequence

from coordgraph.terms import table, term

#: Keys with a fixed set of values -> the group of ``server.value`` that says what each
#: value means (two keys spelled alike can mean different things: a task's ``kind``
#: and a success criterion's ``kind``).
VALUE_GROUPS = {
    "organisation.language": "language",
    "people.role": "role",
    "forums.frequency": "frequency",
    "tasks.kind": "task_kind",
    "tasks.complexity": "complexity",
    "tasks.mandate.form": "form",
    "tasks.resources.form": "form",
    "tasks.success_criteria.kind": "criterion",
    "tasks.follow_up.every": "frequency",
    "tasks.recurs.every": "frequency",
    "links.frequency": "frequency",
    "links.trust": "trust",
}
#: Value groups whose values already have an everyday word in the terminology
#: (``role.leader`` is "leder"): shown beside the value as written.
_WORDS = {"role": "role", "frequency": "frequency"}


def doc_path(steps: Sequence[str]) -> str:
    """The doc path of a key, from the field names on the way to it."""
    return ".".join(steps)


def known(path: str) -> bool:
    """Whether the key at ``path`` is documented (every key of the format is; a test
    holds the format and the tables together)."""
    return f"server.key.{path}.title" in table("en")


def title(path: str, lang: str) -> str:
    return term(f"server.key.{path}.title", lang)


def text(path: str, lang: str) -> str:
    return term(f"server.key.{path}.text", lang)


def value_group(path: str) -> str | None:
    """The group of ``server.value`` for the key at ``path``, or None (free values)."""
    return VALUE_GROUPS.get(path)


def meaning(path: str, value: object, lang: str) -> str | None:
    """What ``value`` means for the key at ``path`` (None for an empty value: see
    :func:`empty_meaning`), or None when the key has no fixed values."""
    group = value_group(path)
    if group is None:
        return None
    if value is None:
        return empty_meaning(lang)
    key = f"server.value.{group}.{value}"
    return term(key, lang) if key in table("en") else None


def empty_meaning(lang: str) -> str:
    """What an empty value means anywhere in the file."""
    return term("server.value.empty", lang)


def word(path: str, value: str, lang: str) -> str | None:
    """The everyday word for a value (``leader`` -> "leder"), where there is one."""
    group = _WORDS.get(value_group(path) or "")
    if group is None:
        return None
    key = f"{group}.{value}"
    return term(key, lang) if key in table("en") else None


def schema_title(path: str) -> str:
    """The JSON Schema title: the English title and the Danish one (one when alike)."""
    english, danish = title(path, "en"), title(path, "da")
    return english if english.casefold() == danish.casefold() else f"{english} · {danish}"


def schema_description(path: str) -> str:
    """The JSON Schema description: the English text (it names the Danish words that
    matter, such as handlerum and rammer)."""
    return text(path, "en")
