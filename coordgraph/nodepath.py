"""Node paths: the logical anchor of a finding, built and taken apart in one place.

A node path names a part of the organisation file by section, id and field, never by
line: ``people/bo``, ``tasks/icdp/mandate/granted_by``, ``tasks/icdp/contributors/2``,
``links/3``, ``direction/icdp``, ``units/egern``, ``organisation``. Fingerprints (and so
baselines and CI systems) are built from them, so their shape is part of the output
contract. An id cannot contain "/" (the file format refuses it), which makes every path
unambiguous: :func:`split` always gives back the steps it was joined from.
"""

from __future__ import annotations

SEPARATOR = "/"

#: The sections whose entries are declared by id, and the kind of thing each declares.
ID_SECTIONS = {
    "people": "person",
    "forums": "forum",
    "tasks": "task",
    "units": "unit",
    "direction": "direction",
}


def join(*steps: str | int | None) -> str:
    """``join("tasks", "icdp", "mandate")`` -> ``tasks/icdp/mandate``; empty steps and
    None are left out, so a field of the root is just its name."""
    if None in steps or "" in steps:
        steps = tuple(step for step in steps if step is not None and step != "")
    return SEPARATOR.join(map(str, steps))


def child(parent: str | None, step: str | int) -> str:
    """The path of ``step`` inside ``parent`` (the root when ``parent`` is empty)."""
    return f"{parent}{SEPARATOR}{step}" if parent else str(step)


def split(path: str) -> tuple[str, ...]:
    """The steps of a path (list indexes stay text: ``("links", "3")``)."""
    return tuple(path.split(SEPARATOR)) if path else ()


def parent(path: str) -> str:
    """The enclosing path (``tasks/icdp/mandate`` -> ``tasks/icdp``); the root is ``""``."""
    cut = path.rfind(SEPARATOR)
    return path[:cut] if cut > 0 else ""


def ancestors(path: str) -> list[str]:
    """The path and every enclosing one, innermost first (the root not included)."""
    result = []
    current = path
    while current:
        result.append(current)
        current = parent(current)
    return result


def person(ident: str, *fields: str | int) -> str:
    return join("people", ident, *fields) if fields else "people/" + ident


def task(ident: str, *fields: str | int) -> str:
    return join("tasks", ident, *fields) if fields else "tasks/" + ident


def forum(ident: str, *fields: str | int) -> str:
    return join("forums", ident, *fields) if fields else "forums/" + ident


def unit(ident: str, *fields: str | int) -> str:
    return join("units", ident, *fields) if fields else "units/" + ident


def direction(ident: str) -> str:
    return "direction/" + ident


def link(index: int, *fields: str | int) -> str:
    return join("links", index, *fields)


def entity(path: str) -> tuple[str, str] | None:
    """``(section, id)`` of the declared entry a path lies in, or None (``links/3``,
    ``organisation``, ``line/4``)."""
    steps = split(path)
    if len(steps) >= 2 and steps[0] in ID_SECTIONS:
        return steps[0], steps[1]
    return None


def list_index(step: str) -> int | None:
    """A step as a list index (``3``), or None when it is not one (``03``, ``x``)."""
    if not (step.isascii() and step.isdigit()) or (len(step) > 1 and step[0] == "0"):
        return None
    return int(step)
