"""From validated values to the model: references resolved, cycles cut, entries built.

The validator (:mod:`coordgraph.validate`) hands over plain values, each already checked
against its spec. Here the file is read as a whole: references to ids declared anywhere
(CG004, with "did you mean"), look-alike ids, ``reports_to`` and ``part_of`` cycles.
Then :class:`~coordgraph.model.Organisation` is built, always consistent: entries whose
required fields are broken are left out, references that do not resolve are dropped and
cycles are cut, so the rules only ever see a sound model.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import Any

from coordgraph import nodepath
from coordgraph.findings import Hit
from coordgraph.frozen import direct_constructor
from coordgraph.model import (
    DirectionElement,
    FollowUp,
    Forum,
    Link,
    Mandate,
    Organisation,
    Person,
    Recurrence,
    Resources,
    SuccessCriterion,
    Task,
    Unit,
)
from coordgraph.places import Places
from coordgraph.schema import KIND_TERMS, Validator, close_match
from coordgraph.terms import Term

#: Total work for "did you mean" on unknown references (candidates compared), so a file
#: with thousands of broken references stays linear instead of quadratic.
SUGGESTION_BUDGET = 50_000
_INVISIBLE = re.compile("[\u200b\u200c\u200d\u2060\ufeff\u00ad]")
_ODD_SPACE = re.compile("[\u00a0\u2007\u202f\u3000]")


@dataclass
class Built:
    """The model (None when nothing could be modelled), the findings of validation and
    model building (CG003, CG004), and where things are written."""

    org: Organisation | None
    hits: list[Hit]
    places: Places


def _normalised(ident: str) -> str:
    if ident.isascii():  # nothing invisible, no odd space, already NFC
        return ident.strip()
    return unicodedata.normalize("NFC", _ODD_SPACE.sub(" ", _INVISIBLE.sub("", ident))).strip()


def assemble(raw: Any, v: Validator) -> Built:
    """From validated values to the model: version, look-alike ids, references, cycles."""
    if not isinstance(raw, dict):  # the root is not a mapping (reported), or no document
        v.summary()
        return Built(None, v.hits, v.places)
    if raw.get("version", 1) != 1:
        span = v.places.span("version")
        if span is not None:
            v.hit("bad_version", "version", span, value=raw["version"])
    _check_lookalikes(v)
    _check_refs(v)
    org = _assemble(raw, v)
    v.summary()
    return Built(org, v.hits, v.places)


#: Whitespace where :func:`_normalised` strips it: at the start or end of an id, once
#: the ids are joined by newlines (``\\s`` is what ``str.strip`` strips).
_PADDED = re.compile(r"(?:^|\n)\s|\s(?:\n|$)")


def _check_lookalikes(v: Validator) -> None:
    # All ids at once: a line break composes with nothing, so the joined ids are their
    # own normal form exactly when each id is (padding within is looked for apart).
    joined = "\n".join(v.ids)
    if _PADDED.search(joined) is None and _normalised(joined) == joined:
        return  # every id is its own normal form, and the ids differ: no look-alikes
    seen: dict[str, str] = {}
    for ident, (_kind, path, place) in v.ids.items():
        norm = _normalised(ident)
        other = seen.get(norm)
        if other is not None and other != ident:
            v.hit("lookalike_id", path, v.lines.span(place), id=ident, other=other)
        else:
            seen.setdefault(norm, ident)


def _check_refs(v: Validator) -> None:
    ids = v.ids
    by_kind: dict[str, list[str]] = {}  # the declared ids of each kind, once one is needed
    # per accepted kinds: (candidate ids, normalised id -> first id with that form)
    lookup: dict[tuple[str, ...], tuple[list[str], dict[str, str]]] = {}
    budget = SUGGESTION_BUDGET
    for prefix, last, ident, kinds, place in v.refs:
        declared = ids.get(ident)
        if declared is not None and declared[0] in kinds:
            continue
        path = nodepath.child(prefix, last)
        span = v.lines.span(place)
        kind_word = (
            Term("kind.person-or-forum") if kinds == ("person", "forum") else KIND_TERMS[kinds[0]]
        )
        if declared is None:
            close = None
            if not v.full:  # suggestions only for findings that will be listed
                entry = lookup.get(kinds)
                if entry is None:
                    if not by_kind:
                        for declared_id, (kind, _path, _key) in ids.items():
                            by_kind.setdefault(kind, []).append(declared_id)
                    candidates = [i for k in kinds for i in by_kind.get(k, ())]
                    normal: dict[str, str] = {}
                    for candidate in candidates:
                        normal.setdefault(_normalised(candidate), candidate)
                    entry = lookup[kinds] = (candidates, normal)
                candidates, normal = entry
                # A look-alike (invisible or odd spaces) first, else a spelling neighbour.
                close = normal.get(_normalised(ident))
                if close is None and len(candidates) <= budget:
                    budget -= len(candidates)
                    matches = close_match(ident, candidates)
                    close = matches[0] if matches else None
            if close is not None:
                v.hit(
                    "unknown_suggest",
                    path,
                    span,
                    code="CG004",
                    id=ident,
                    kind=kind_word,
                    suggestion=close,
                )
            else:
                v.add(
                    Hit("CG004", path, {"where": path, "id": ident, "kind": kind_word}, span=span)
                )
        elif declared[0] not in kinds:
            variant = "wrong_kind"
            if declared[0] == "forum" and nodepath.split(path)[:1] == ("links",):
                variant = "wrong_kind_link"  # a forum as one end of a link
            elif declared[0] == "unit" and "person" in kinds:
                variant = "wrong_kind_unit"
            v.hit(
                variant,
                path,
                span,
                code="CG004",
                id=ident,
                kind=kind_word,
                actual=KIND_TERMS[declared[0]],
            )


def _assemble(raw: dict[str, Any], v: Validator) -> Organisation | None:
    organisation = raw.get("organisation")
    if not isinstance(organisation, dict) or "id" not in organisation or "name" not in organisation:
        # Without the organisation's identity we still check the rest.
        organisation = {"id": "?", "name": "?", **(organisation or {})}
    duplicates = v.duplicates  # paths of entries that reused an id: left out
    direction: dict[str, DirectionElement] = {}
    for kind in ("pedagogical_line", "values", "goals"):
        group = (organisation.get("direction") or {}).get(kind) or {}
        for ident, text in group.items():
            if not isinstance(text, str):
                continue
            if not (duplicates and nodepath.direction(ident) in duplicates):
                direction.setdefault(ident, DirectionElement(ident, kind, text))

    unit_entries = _entries(raw.get("units"), ("name",), nodepath.unit, duplicates)
    unit_parent = _hierarchy(unit_entries, "part_of", "units", v)
    units: dict[str, Unit] = {
        ident: Unit(
            id=ident,
            name=entry["name"],
            kind=entry.get("kind"),
            part_of=unit_parent[ident],
            leader=entry.get("leader"),
            forum=entry.get("forum"),
        )
        for ident, entry in unit_entries.items()
    }

    person_entries = _entries(raw.get("people"), ("name", "role"), nodepath.person, duplicates)
    boss = _hierarchy(person_entries, "reports_to", "people", v)
    people: dict[str, Person] = {}
    for ident, entry in person_entries.items():
        home = entry.get("unit")
        also_in = entry.get("also_in")
        people[ident] = _new_person(
            id=ident,
            name=entry["name"],
            role=entry["role"],
            title=entry.get("title"),
            reports_to=boss[ident],
            leadership_hours=entry.get("leadership_hours"),
            unit=home if home in units else None,
            also_in=tuple([u for u in also_in if u in units]) if also_in else (),
            started=entry.get("started"),
        )

    forums: dict[str, Forum] = {}
    for ident, entry in (raw.get("forums") or {}).items():
        if not isinstance(entry, dict) or "members" not in entry or "frequency" not in entry:
            continue
        if duplicates and nodepath.forum(ident) in duplicates:
            continue
        forums[ident] = Forum(
            id=ident,
            members=tuple(m for m in entry["members"] if m in people),
            frequency=entry["frequency"],
            name=entry.get("name"),
        )
    for ident, unit in list(units.items()):
        if (unit.leader is not None and unit.leader not in people) or (
            unit.forum is not None and unit.forum not in forums
        ):
            units[ident] = replace(
                unit,
                leader=unit.leader if unit.leader in people else None,
                forum=unit.forum if unit.forum in forums else None,
            )

    task_entries = {
        ident: entry
        for ident, entry in _entries(
            raw.get("tasks"), ("title",), nodepath.task, duplicates
        ).items()
        if entry.get("owner") in people
    }
    parent = _hierarchy(task_entries, "part_of", "tasks", v)
    tasks: dict[str, Task] = {
        ident: _task(ident, entry, parent[ident], task_entries, people, forums, direction)
        for ident, entry in task_entries.items()
    }

    links: list[Link] = []
    for index, entry in enumerate(raw.get("links") or []):
        if not isinstance(entry, dict) or "frequency" not in entry:
            continue
        between = entry.get("between")
        if not isinstance(between, list) or len(between) != 2:
            continue
        a, b = between
        if a == b or a not in people or b not in people:
            continue
        links.append(
            Link(
                index=index,
                between=(a, b),
                frequency=entry["frequency"],
                channel=entry.get("channel"),
                trust=entry.get("trust"),
            )
        )
    return Organisation(
        id=organisation["id"],
        name=organisation["name"],
        direction=direction,
        people=people,
        forums=forums,
        tasks=tasks,
        links=tuple(links),
        units=units,
        language=organisation.get("language"),
    )


def _entries(
    section: Any, required: tuple[str, ...], path: Callable[[str], str], duplicates: set[str]
) -> dict[str, dict[str, Any]]:
    """A section's entries that can be modelled: a mapping with every required field,
    under an id no other section declared first."""
    if not isinstance(section, dict):
        return {}
    needed = frozenset(required)
    return {
        ident: entry
        for ident, entry in section.items()
        if isinstance(entry, dict)
        and entry.keys() >= needed
        and not (duplicates and path(ident) in duplicates)
    }


def _hierarchy(
    entries: dict[str, dict[str, Any]], attr: str, section: str, v: Validator
) -> dict[str, str | None]:
    """Each entry's parent by ``attr`` (``reports_to``, ``part_of``): kept only when it
    is an entry too, and with every cycle reported and cut, so the model is a forest."""
    parent: dict[str, str | None] = {}
    for ident, entry in entries.items():
        up = entry.get(attr)
        parent[ident] = up if up in entries else None
    if list(parent.values()).count(None) < len(parent):  # a cycle needs a parent
        _break_cycles(parent, attr, section, v)
    return parent


def _task(
    ident: str,
    entry: dict[str, Any],
    part_of: str | None,
    tasks: dict[str, Any],
    people: dict[str, Person],
    forums: dict[str, Forum],
    direction: dict[str, DirectionElement],
) -> Task:
    get = entry.get
    mandate = None
    m = get("mandate")
    if isinstance(m, dict):
        granted_by = m.get("granted_by")
        told = tuple([a for a in m.get("announced_to") or () if a in people or a in forums])
        mandate = _new_mandate(  # by position, in Mandate's order (see the task below)
            granted_by if granted_by in people else None,  # granted_by
            tuple([d for d in m.get("decides") or () if isinstance(d, str)]),  # decides
            m.get("limits"),  # limits
            m.get("valid_until"),  # valid_until
            bool(m.get("may_delegate", False)),  # may_delegate
            told,  # announced_to
            m.get("form"),  # form
        )
    resources = None
    r = get("resources")
    if isinstance(r, dict):
        resources = _new_resources(
            r.get("hours_per_week"), r.get("budget_dkk"), r.get("note"), r.get("form")
        )
    recurs = None
    c = get("recurs")
    if isinstance(c, dict):
        recurs = Recurrence(every=c.get("every"), last=c.get("last"))
    follow_up = None
    f = get("follow_up")
    if isinstance(f, dict):
        with_ = f.get("with")
        follow_up = _new_follow_up(
            with_ if with_ in people else None, f.get("every"), f.get("last")
        )
    criteria = []
    for item in get("success_criteria") or ():
        if isinstance(item, str):
            criteria.append(_new_criterion(item))
        elif isinstance(item, dict) and "text" in item:
            criteria.append(_new_criterion(item["text"], item.get("kind")))
    contributors: tuple[str, ...] = ()
    depends_on: tuple[str, ...] = ()
    contributors_index: tuple[int, ...] = ()
    depends_on_index: tuple[int, ...] = ()
    written = get("contributors")
    if written:
        contributors, contributors_index = _kept(written, people.__contains__)
    written = get("depends_on")
    if written:
        depends_on, depends_on_index = _kept(written, tasks.__contains__)
    serves = get("serves")
    venue = get("venue")
    # Every field, in Task's order: a call by position takes half the time of one by
    # keyword, and a large file builds tens of thousands (tests/test_model.py holds
    # the order to Task's).
    return _new_task(
        ident,  # id
        entry["title"],  # title
        entry["owner"],  # owner
        get("kind"),  # kind
        get("description"),  # description
        contributors,  # contributors
        get("complexity"),  # complexity
        part_of,  # part_of
        depends_on,  # depends_on
        mandate,  # mandate
        resources,  # resources
        tuple(criteria),  # success_criteria
        follow_up,  # follow_up
        tuple([s for s in serves if s in direction]) if serves else (),  # serves
        contributors_index,  # contributors_index
        depends_on_index,  # depends_on_index
        venue if venue in forums else None,  # venue
        bool(get("informal", False)),  # informal
        recurs,  # recurs
    )


def _kept(
    written: list[Any], keep: Callable[[Any], bool]
) -> tuple[tuple[Any, ...], tuple[int, ...]]:
    """The items of a list to keep, and the index each was written at (empty when every
    item is kept: each then stands where it was written, see ``Task.contributor_node``)."""
    if all(map(keep, written)):  # the usual case
        return tuple(written), ()
    kept = [(item, i) for i, item in enumerate(written) if keep(item)]
    return tuple([item for item, _ in kept]), tuple([i for _, i in kept])


_new_task = direct_constructor(Task)
_new_mandate = direct_constructor(Mandate)
_new_resources = direct_constructor(Resources)
_new_follow_up = direct_constructor(FollowUp)
_new_criterion = direct_constructor(SuccessCriterion)
_new_person = direct_constructor(Person)


def _break_cycles(parent: dict[str, str | None], attr: str, section: str, v: Validator) -> None:
    """Report each cycle of ``attr`` links once (CG004) and cut it so the model is a forest.

    Each entry has at most one parent, so one walk per entry, each visiting an entry
    once at most, finds every cycle in linear time. A cycle is reported at its member
    written first in the file, listed from there.
    """
    order: dict[str, int] = {}  # each entry's place in the file, once a cycle needs it
    state: dict[str, int] = {}  # 1 = on the current walk, 2 = done
    for start in parent:
        if start in state:
            continue
        walk: list[str] = []
        current: str | None = start
        while current is not None and current not in state:
            state[current] = 1
            walk.append(current)
            current = parent[current]
        if current is not None and state.get(current) == 1:
            cycle = walk[walk.index(current) :]
            if not order:
                order.update((ident, index) for index, ident in enumerate(parent))
            first = min(cycle, key=order.__getitem__)
            path = nodepath.join(section, first, attr)
            if v.full and v.first_dropped is not None:
                v.dropped += 1  # counted only: no place to look up, no message to build
            else:
                at = cycle.index(first)
                order_from_first = cycle[at:] + cycle[:at]
                v.add(
                    Hit(
                        "CG004",
                        path,
                        {"field": attr, "cycle": " → ".join([*order_from_first, first])},
                        variant="cycle",
                        span=v.places.resolve(path),
                    )
                )
            for member in cycle:
                parent[member] = None
        for item in walk:
            state[item] = 2
