"""Hypothesis strategies for organisation files, valid and broken.

A generated organisation is a plain Python structure shaped exactly like the YAML file
(dicts in file order, lists, ``str``, ``int``, ``float``, ``bool``, ``date``, ``None``),
so tests can change it (add a link, rename ids, shuffle sections) and emit it again.
:func:`emit` writes it as block YAML and always double-quotes strings, escaping
everything that is not plainly printable, so no YAML 1.1 trap (``no``, ``1.10``,
``2024-01-02``) can sneak into a "valid" file; a value wrapped in :class:`Raw` is written
as is (that is how broken files get their traps).

Valid means: no CG0 finding at all. Broken organisations are valid ones with one
mutation that must produce a known input finding (:func:`broken_orgs` returns the code).

Profiles: by default every property file stays well under a minute; the ``ci`` profile
(``HYPOTHESIS_PROFILE=ci``) runs five times as many examples. Tests size themselves
with :func:`tuned`.
"""

from __future__ import annotations

import copy
import gc
import os
import random
from dataclasses import dataclass
from datetime import date
from typing import Any

from click.testing import CliRunner
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st

# -- profiles ---------------------------------------------------------------------------
# Only ``HYPOTHESIS_PROFILE=ci`` changes hypothesis' global settings (more examples for
# every test in the run). Without it nothing global changes: this suite's tests take
# their settings from :func:`tuned`, so other test files keep hypothesis' own defaults.

_COMMON = {
    # ms per example: a hang still fails, a slow moment of a shared 2-core machine does
    # not (one run of the suite failed at 2 s and did not fail again)
    "deadline": 10_000,
    "suppress_health_check": [HealthCheck.too_slow, HealthCheck.data_too_large],
    "print_blob": True,
}
settings.register_profile("ci", max_examples=200, **_COMMON)
PROFILE = os.environ.get("HYPOTHESIS_PROFILE", "default")
if PROFILE == "ci":
    settings.load_profile("ci")
BASE_EXAMPLES = 200 if PROFILE == "ci" else 40


def budget(share: float = 1.0) -> int:
    """Examples for one test: ``share`` of the run's base (40, or 200 with ``ci``)."""
    return max(5, round(BASE_EXAMPLES * share))


def tuned(share: float = 1.0) -> settings:
    """The settings of one property test: its share of examples, a 10 s deadline."""
    return settings(max_examples=budget(share), **_COMMON)


# -- the model's vocabulary (kept here on purpose: a test must not derive its
# -- expectations from the code under test) ---------------------------------------------

ROLES = ("leader", "inbetweener", "staff", "external")
FREQUENCIES = ("daily", "weekly", "biweekly", "monthly", "quarterly", "halfyearly", "yearly")
FOLLOW_UP_EVERY = FREQUENCIES[1:]
COMPLEXITIES = ("low", "medium", "high")
TRUST = ("low", "medium", "high")
TASK_KINDS = ("leadership", "practice")
CRITERION_KINDS = ("outcome", "output")
DIRECTION_KINDS = ("pedagogical_line", "values", "goals")
SECTIONS = ("people", "forums", "tasks", "direction")


# -- emitting ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Raw:
    """A scalar written exactly as given (unquoted): for traps and odd values."""

    text: str


_BREAKS = {"\x85", "\u2028", "\u2029", "\ufeff"}


def quote(text: str) -> str:
    """A YAML double-quoted scalar that reads back as exactly ``text``."""
    out = ['"']
    for ch in text:
        code = ord(ch)
        if ch == '"':
            out.append('\\"')
        elif ch == "\\":
            out.append("\\\\")
        elif 0x20 <= code < 0x7F or (
            code >= 0xA0 and ch.isprintable() and ch not in _BREAKS and not 0xD800 <= code < 0xE000
        ):
            out.append(ch)
        elif code <= 0xFFFF:
            out.append(f"\\u{code:04x}")
        else:
            out.append(f"\\U{code:08x}")
    out.append('"')
    return "".join(out)


def scalar(value: Any) -> str:
    if isinstance(value, Raw):
        return value.text
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        text = repr(value)
        if "e" in text or "n" in text:  # YAML 1.1 floats need a dot and no bare exponent
            text = f"{value:.6f}"
        return text
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, str):
        return quote(value)
    raise TypeError(f"cannot emit {type(value).__name__}")


def _is_collection(value: Any) -> bool:
    return isinstance(value, (dict, list)) and bool(value)


def _emit_value(value: Any, indent: int, lines: list[str], head: str) -> None:
    """Write ``head`` (``key:`` or ``-``) followed by ``value`` at ``indent``."""
    pad = " " * indent
    if isinstance(value, dict) and value:
        lines.append(f"{pad}{head}")
        _emit_mapping(value, indent + 2, lines)
    elif isinstance(value, list) and value:
        lines.append(f"{pad}{head}")
        _emit_sequence(value, indent + 2, lines)
    elif isinstance(value, dict):
        lines.append(f"{pad}{head} {{}}")
    elif isinstance(value, list):
        lines.append(f"{pad}{head} []")
    else:
        lines.append(f"{pad}{head} {scalar(value)}")


# The format's own keys are written plain, as people write them; ids are quoted.
FIELD_NAMES = frozenset(
    [
        "version",
        "organisation",
        "id",
        "name",
        "direction",
        "pedagogical_line",
        "values",
        "goals",
        "people",
        "role",
        "title",
        "reports_to",
        "leadership_hours",
        "forums",
        "members",
        "frequency",
        "tasks",
        "kind",
        "description",
        "owner",
        "contributors",
        "complexity",
        "part_of",
        "depends_on",
        "mandate",
        "granted_by",
        "decides",
        "limits",
        "valid_until",
        "may_delegate",
        "announced_to",
        "resources",
        "hours_per_week",
        "budget_dkk",
        "note",
        "success_criteria",
        "text",
        "follow_up",
        "with",
        "every",
        "last",
        "serves",
        "links",
        "between",
        "channel",
        "trust",
    ]
)


def key_text(key: Any) -> str:
    return key if isinstance(key, str) and key in FIELD_NAMES else scalar(key)


def _emit_mapping(mapping: dict, indent: int, lines: list[str]) -> None:
    for key, value in mapping.items():
        _emit_value(value, indent, lines, f"{key_text(key)}:")


def _emit_sequence(items: list, indent: int, lines: list[str]) -> None:
    pad = " " * indent
    for item in items:
        if isinstance(item, dict) and item:
            first = True
            for key, value in item.items():
                head = f"{key_text(key)}:"
                if first:
                    # "- key: value" on the dash line, the rest aligned under the key
                    sub: list[str] = []
                    _emit_value(value, indent + 2, sub, head)
                    sub[0] = f"{pad}- {sub[0].lstrip()}"
                    lines.extend(sub)
                    first = False
                else:
                    _emit_value(value, indent + 2, lines, head)
        else:
            _emit_value(item, indent, lines, "-")


HEADER = "# yaml-language-server: $schema=../coordgraph/org.schema.json\n"


def emit(doc: dict) -> str:
    """The organisation as block YAML text (keys as written, strings double-quoted)."""
    lines: list[str] = []
    _emit_mapping(doc, 0, lines)
    return HEADER + "\n".join(lines) + "\n"


# -- building blocks --------------------------------------------------------------------

# Ids: unique, never blank, no leading or trailing space, nothing invisible, nothing that
# normalises onto another id (so a valid file never has look-alike ids).
_ID_FIRST = "abcdefghijklmnopqrstuvwxyzæøåABCDEFGHIJKLMNOPQRSTUVWXYZÆØÅ"
_ID_REST = _ID_FIRST + "0123456789-_."
tame_ids = st.builds(
    lambda first, rest: first + rest,
    st.sampled_from(_ID_FIRST),
    st.text(alphabet=_ID_REST, max_size=8),
)
# Wilder ids for renaming: spaces inside, punctuation that YAML cares about, other scripts.
wild_ids = st.builds(
    lambda first, rest: first + rest,
    st.sampled_from(_ID_FIRST + "ÉéßΩжあ#:&*!|>%@`'\"-?,[]{}"),
    st.text(alphabet=_ID_REST + " :#&*!|>%@`'\",[]{}ÉéßΩжあ\\/", max_size=10),
).filter(lambda s: s == s.strip())

# Free text: anything a person might type, including YAML's special characters,
# Danish letters, newlines, tabs and the odd control character (emitted as escapes).
free_text = st.text(
    alphabet=st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00"),
    min_size=1,
    max_size=30,
).filter(lambda s: s.strip() != "")
names = st.one_of(
    st.sampled_from(["Anne Holm", "Bo Berg", "Åse Ørsted", "no", "yes", "1.10", "2024-01-02"]),
    free_text,
)
dates = st.dates(min_value=date(1, 1, 1), max_value=date(9999, 12, 31)) | st.dates(
    min_value=date(2020, 1, 1), max_value=date(2030, 12, 31)
)
hours = st.one_of(
    st.integers(min_value=0, max_value=80),
    st.integers(min_value=0, max_value=8000).map(lambda n: n / 100),
)
money = st.integers(min_value=0, max_value=10**9)


def _subset(draw: st.DrawFn, items: list[str], max_size: int = 4) -> list[str]:
    if not items:
        return []
    return draw(st.lists(st.sampled_from(items), max_size=max_size, unique=True))


def _maybe(draw: st.DrawFn, entry: dict, key: str, strategy: st.SearchStrategy) -> None:
    if draw(st.booleans()):
        entry[key] = draw(strategy)


@st.composite
def organisations(
    draw: st.DrawFn,
    max_people: int = 7,
    max_tasks: int = 6,
    max_forums: int = 3,
    max_links: int = 8,
) -> dict:
    """A valid organisation file as a structure (see the module doc)."""
    n_people = draw(st.integers(min_value=1, max_value=max_people))
    n_tasks = draw(st.integers(min_value=0, max_value=max_tasks))
    n_forums = draw(st.integers(min_value=0, max_value=max_forums))
    n_direction = draw(st.integers(min_value=0, max_value=5))
    ids = draw(
        st.lists(
            tame_ids,
            min_size=n_people + n_tasks + n_forums + n_direction + 1,
            max_size=n_people + n_tasks + n_forums + n_direction + 1,
            unique_by=str.casefold,
        )
    )
    people_ids = ids[:n_people]
    task_ids = ids[n_people : n_people + n_tasks]
    forum_ids = ids[n_people + n_tasks : n_people + n_tasks + n_forums]
    direction_ids = ids[n_people + n_tasks + n_forums : -1]
    org_id = ids[-1]

    organisation: dict[str, Any] = {"id": org_id, "name": draw(names)}
    direction: dict[str, dict[str, str]] = {}
    for ident in direction_ids:
        kind = draw(st.sampled_from(DIRECTION_KINDS))
        direction.setdefault(kind, {})[ident] = draw(names)
    if direction or draw(st.booleans()):
        organisation["direction"] = direction

    people: dict[str, dict] = {}
    for index, ident in enumerate(people_ids):
        person: dict[str, Any] = {"name": draw(names), "role": draw(st.sampled_from(ROLES))}
        _maybe(draw, person, "title", names)
        if index and draw(st.booleans()):  # a tree: only earlier people, never a cycle
            person["reports_to"] = draw(st.sampled_from(people_ids[:index]))
        _maybe(draw, person, "leadership_hours", hours)
        people[ident] = person

    forums: dict[str, dict] = {}
    for ident in forum_ids:
        forum: dict[str, Any] = {
            "members": draw(st.lists(st.sampled_from(people_ids), min_size=1, max_size=5)),
            "frequency": draw(st.sampled_from(FREQUENCIES)),
        }
        _maybe(draw, forum, "name", names)
        forums[ident] = forum

    tasks: dict[str, dict] = {}
    for index, ident in enumerate(task_ids):
        tasks[ident] = draw(_task(people_ids, task_ids, index, forum_ids, direction_ids))

    links = []
    if n_people >= 2:
        for _ in range(draw(st.integers(min_value=0, max_value=max_links))):
            links.append(draw(_link(people_ids)))

    doc: dict[str, Any] = {"version": 1, "organisation": organisation, "people": people}
    if forums or draw(st.booleans()):
        doc["forums"] = forums
    if tasks or draw(st.booleans()):
        doc["tasks"] = tasks
    if links or draw(st.booleans()):
        doc["links"] = links
    return doc


@st.composite
def organisations_with_units(draw: st.DrawFn) -> dict:
    """A valid organisation with a units tree: each unit may have a leader and a forum,
    each person may have a home unit and other units (``also_in``).

    Unit ids are ``enhed0`` .. ``enhed3`` (fresh in the file), so a test can find them in
    a finding's text; units come before people, as in a written file.
    """
    doc = draw(organisations(max_people=6, max_tasks=4))
    people_ids = list(doc["people"])
    forum_ids = list(doc.get("forums") or {})
    unit_ids: list[str] = []
    for _ in range(draw(st.integers(min_value=1, max_value=4))):
        unit_ids.append(fresh_id({**doc, "units": dict.fromkeys(unit_ids)}, "enhed"))
    units: dict[str, dict] = {}
    for index, ident in enumerate(unit_ids):
        unit: dict[str, Any] = {"name": draw(names)}
        if index and draw(st.booleans()):  # a tree over earlier units, never a cycle
            unit["part_of"] = draw(st.sampled_from(unit_ids[:index]))
        _maybe(draw, unit, "leader", st.sampled_from(people_ids))
        if forum_ids:
            _maybe(draw, unit, "forum", st.sampled_from(forum_ids))
        units[ident] = unit
    for person in doc["people"].values():
        _maybe(draw, person, "unit", st.sampled_from(unit_ids))
        if draw(st.booleans()):
            person["also_in"] = _subset(draw, unit_ids, 2)
    doc = {"version": doc["version"], "organisation": doc["organisation"], "units": units} | {
        k: v for k, v in doc.items() if k not in ("version", "organisation")
    }
    return doc


@st.composite
def _link(draw: st.DrawFn, people_ids: list[str]) -> dict:
    a, b = draw(st.lists(st.sampled_from(people_ids), min_size=2, max_size=2, unique=True))
    link: dict[str, Any] = {"between": [a, b], "frequency": draw(st.sampled_from(FREQUENCIES))}
    _maybe(draw, link, "channel", names)
    _maybe(draw, link, "trust", st.sampled_from(TRUST))
    return link


@st.composite
def _task(
    draw: st.DrawFn,
    people_ids: list[str],
    task_ids: list[str],
    index: int,
    forum_ids: list[str],
    direction_ids: list[str],
) -> dict:
    task: dict[str, Any] = {"title": draw(names), "owner": draw(st.sampled_from(people_ids))}
    _maybe(draw, task, "kind", st.sampled_from(TASK_KINDS))
    _maybe(draw, task, "description", names)
    _maybe(draw, task, "contributors", st.just(_subset(draw, people_ids)))
    _maybe(draw, task, "complexity", st.sampled_from(COMPLEXITIES))
    if index and draw(st.booleans()):  # part_of: a tree over earlier tasks
        task["part_of"] = draw(st.sampled_from(task_ids[:index]))
    others = [t for t in task_ids if t != task_ids[index]]
    _maybe(draw, task, "depends_on", st.just(_subset(draw, others, 3)))
    if draw(st.booleans()):
        mandate: dict[str, Any] = {}
        _maybe(draw, mandate, "granted_by", st.sampled_from(people_ids))
        _maybe(draw, mandate, "decides", st.lists(names, max_size=3))
        _maybe(draw, mandate, "limits", names)
        _maybe(draw, mandate, "valid_until", dates)
        _maybe(draw, mandate, "may_delegate", st.booleans())
        _maybe(draw, mandate, "announced_to", st.just(_subset(draw, people_ids + forum_ids)))
        task["mandate"] = mandate
    if draw(st.booleans()):
        resources: dict[str, Any] = {}
        _maybe(draw, resources, "hours_per_week", hours)
        _maybe(draw, resources, "budget_dkk", money)
        _maybe(draw, resources, "note", names)
        task["resources"] = resources
    if draw(st.booleans()):
        criterion = st.one_of(
            names,
            st.builds(lambda text: {"text": text}, names),
            st.builds(
                lambda text, kind: {"text": text, "kind": kind},
                names,
                st.sampled_from(CRITERION_KINDS),
            ),
        )
        task["success_criteria"] = draw(st.lists(criterion, max_size=3))
    if draw(st.booleans()):
        follow_up: dict[str, Any] = {}
        _maybe(draw, follow_up, "with", st.sampled_from(people_ids))
        _maybe(draw, follow_up, "every", st.sampled_from(FOLLOW_UP_EVERY))
        _maybe(draw, follow_up, "last", dates)
        task["follow_up"] = follow_up
    _maybe(draw, task, "serves", st.just(_subset(draw, direction_ids)))
    return task


# -- operations on a structure ----------------------------------------------------------


def declared_ids(doc: dict) -> list[str]:
    """Every id the file declares, in one namespace (people, forums, tasks, direction)."""
    result = list(doc.get("people") or {})
    result += list(doc.get("units") or {})
    result += list(doc.get("forums") or {})
    result += list(doc.get("tasks") or {})
    for group in (doc["organisation"].get("direction") or {}).values():
        result += list(group)
    return result


def rename_ids(doc: dict, mapping: dict[str, str]) -> dict:
    """The same organisation with ids renamed everywhere (declarations and references)."""

    def r(ident: str) -> str:
        return mapping.get(ident, ident)

    def rl(items: list[str]) -> list[str]:
        return [r(i) for i in items]

    new = copy.deepcopy(doc)
    direction = new["organisation"].get("direction")
    if direction:
        for kind, group in direction.items():
            direction[kind] = {r(k): v for k, v in group.items()}
    new["people"] = {
        r(k): ({**v, "reports_to": r(v["reports_to"])} if "reports_to" in v else v)
        for k, v in new["people"].items()
    }
    if "forums" in new:
        new["forums"] = {r(k): {**v, "members": rl(v["members"])} for k, v in new["forums"].items()}
    if "tasks" in new:
        tasks = {}
        for key, task in new["tasks"].items():
            task["owner"] = r(task["owner"])
            for field in ("contributors", "depends_on", "serves"):
                if field in task:
                    task[field] = rl(task[field])
            if "part_of" in task:
                task["part_of"] = r(task["part_of"])
            mandate = task.get("mandate")
            if mandate is not None:
                if "granted_by" in mandate:
                    mandate["granted_by"] = r(mandate["granted_by"])
                if "announced_to" in mandate:
                    mandate["announced_to"] = rl(mandate["announced_to"])
            follow_up = task.get("follow_up")
            if follow_up is not None and "with" in follow_up:
                follow_up["with"] = r(follow_up["with"])
            tasks[r(key)] = task
        new["tasks"] = tasks
    for link in new.get("links") or []:
        link["between"] = rl(link["between"])
    return new


def shuffled(doc: dict, rnd: random.Random) -> tuple[dict, list[int]]:
    """The same organisation with people, forums, tasks and links in another order.

    Returns the new structure and the permutation of links (new index -> old index).
    """
    new = copy.deepcopy(doc)
    for section in ("people", "forums", "tasks"):
        if section in new:
            items = list(new[section].items())
            rnd.shuffle(items)
            new[section] = dict(items)
    order = list(range(len(new.get("links") or [])))
    rnd.shuffle(order)
    if "links" in new:
        new["links"] = [doc["links"][i] for i in order]
        new["links"] = copy.deepcopy(new["links"])
    return new, order


def fresh_id(doc: dict, stem: str = "ekstra") -> str:
    taken = {i.casefold() for i in declared_ids(doc)} | {doc["organisation"]["id"].casefold()}
    n = 0
    while f"{stem}{n}".casefold() in taken:
        n += 1
    return f"{stem}{n}"


# -- broken organisations ---------------------------------------------------------------


def _first(doc: dict, section: str) -> str | None:
    return next(iter(doc.get(section) or {}), None)


def _mutations(doc: dict) -> list[tuple[str, str]]:
    """The (name, expected code) of every mutation that applies to ``doc``."""
    names_ = [
        ("drop_version", "CG003"),
        ("unknown_top_key", "CG003"),
        ("person_without_role", "CG003"),
        ("bad_role", "CG003"),
        ("trap_in_name", "CG003"),
        ("trap_as_id", "CG003"),
        ("unknown_reports_to", "CG004"),
        ("duplicate_key", "CG002"),
        ("people_as_list", "CG003"),
        ("id_reused", "CG003"),
        ("bad_date", "CG003"),
        ("custom_tag", "CG003"),
        ("negative_hours", "CG003"),
        ("lookalike_id", "CG003"),
    ]
    if len(doc["people"]) >= 2:
        names_ += [("reports_to_cycle", "CG004"), ("link_to_self", "CG003")]
    if doc.get("tasks"):
        names_ += [
            ("unknown_owner", "CG004"),
            ("task_without_title", "CG003"),
            ("owner_is_a_task", "CG004"),
            ("mandate_as_list", "CG003"),
            ("unknown_dependency", "CG004"),
            ("part_of_self", "CG004"),
        ]
    return names_


def mutate(doc: dict, name: str) -> dict:
    """Apply one named mutation to a copy of ``doc``. Raw text mutations return a marker."""
    new = copy.deepcopy(doc)
    person = _first(new, "people")
    assert person is not None
    task = _first(new, "tasks")
    if name == "drop_version":
        del new["version"]
    elif name == "unknown_top_key":
        new["peoples"] = {}
    elif name == "person_without_role":
        del new["people"][person]["role"]
    elif name == "bad_role":
        new["people"][person]["role"] = "leder"
    elif name == "trap_in_name":
        new["people"][person]["name"] = Raw("no")
    elif name == "trap_as_id":
        new["people"][Raw("off")] = {"name": "Olaf", "role": "staff"}
    elif name == "unknown_reports_to":
        new["people"][person]["reports_to"] = fresh_id(new, "ukendt")
    elif name == "duplicate_key":
        new["people"][person][Raw('"name"')] = "Igen"  # the same key, written differently
    elif name == "people_as_list":
        new["people"] = list(new["people"])
    elif name == "id_reused":
        new.setdefault("forums", {})
        new["forums"] = {**new["forums"], person: {"members": [person], "frequency": "weekly"}}
    elif name == "bad_date":
        new.setdefault("tasks", {})
        new["tasks"] = {
            **new["tasks"],
            fresh_id(new, "t"): {
                "title": "T",
                "owner": person,
                "mandate": {"valid_until": Raw("2027-02-30")},
            },
        }
    elif name == "custom_tag":
        new["people"][person]["name"] = Raw("!custom Anne")
    elif name == "negative_hours":
        new["people"][person]["leadership_hours"] = -3
    elif name == "lookalike_id":
        new["people"][person + "\u200b"] = {"name": "Skygge", "role": "staff"}
    elif name == "reports_to_cycle":
        a, b = list(new["people"])[:2]
        new["people"][a]["reports_to"] = b
        new["people"][b]["reports_to"] = a
    elif name == "link_to_self":
        new.setdefault("links", [])
        new["links"] = [*new["links"], {"between": [person, person], "frequency": "weekly"}]
    elif name == "unknown_owner":
        new["tasks"][task]["owner"] = fresh_id(new, "ingen")
    elif name == "task_without_title":
        del new["tasks"][task]["title"]
    elif name == "owner_is_a_task":
        new["tasks"][task]["owner"] = task
    elif name == "mandate_as_list":
        new["tasks"][task]["mandate"] = ["anne"]
    elif name == "unknown_dependency":
        new["tasks"][task]["depends_on"] = [fresh_id(new, "opgave")]
    elif name == "part_of_self":
        new["tasks"][task]["part_of"] = task
    else:  # pragma: no cover - a typo in a test
        raise ValueError(name)
    return new


@st.composite
def broken_orgs(draw: st.DrawFn) -> tuple[dict, str, str]:
    """``(structure, mutation name, expected CG0 code)``: a valid organisation, broken once."""
    doc = draw(organisations())
    name, code = draw(st.sampled_from(_mutations(doc)))
    return mutate(doc, name), name, code


# -- YAML-ish noise ---------------------------------------------------------------------

_FRAGMENTS = [
    "version: 1\n",
    "organisation: {id: x, name: X}\n",
    "people:\n",
    "  anne: {name: Anne, role: leader}\n",
    "  bo:\n    name: Bo\n    role: inbetweener\n    reports_to: anne\n",
    "tasks:\n  t:\n    title: T\n    owner: bo\n",
    "links:\n  - between: [anne, bo]\n    frequency: weekly\n",
    "forums:\n  f: {members: [anne, bo], frequency: monthly}\n",
    "- ",
    "? ",
    ": ",
    "&a ",
    "*a ",
    "!!str ",
    "!!int ",
    "!!binary ",
    "!!python/object:os.system ",
    "<<: ",
    "[",
    "]",
    "{",
    "}",
    ",",
    '"',
    "'",
    "#",
    "|\n",
    ">-\n",
    "\t",
    "  ",
    "\n",
    "---\n",
    "...\n",
    "%YAML 1.1\n",
    "no",
    "2024-13-45",
    "0x1F",
    "1_000",
    "~",
    ".inf",
    "\u200b",
    "\u00a0",
    "æøå",
    "\\ud800",
    "\x00",
    "\x1b",
]
yamlish_text = st.lists(st.sampled_from(_FRAGMENTS) | st.text(max_size=5), max_size=40).map("".join)


# -- running the command line in this process ------------------------------------------


def run_cli(*args: str) -> tuple[int, str, str]:
    """``coordgraph ARGS`` through the real entry point: (exit code, stdout, stderr).

    ``main`` ends with ``sys.exit``; the code is taken from that. It also switches the
    cyclic garbage collector off for its short life, so it is switched back on here.
    """
    from coordgraph.cli import main

    code: int | None = None
    with CliRunner().isolation() as streams:
        try:
            main(list(args))
        except SystemExit as exc:
            code = exc.code if isinstance(exc.code, int) else -1
        finally:
            gc.enable()
        out = streams[0].getvalue().decode("utf-8", "replace")
        err = streams[1].getvalue().decode("utf-8", "replace")
    assert code is not None, "main() returned without sys.exit"
    return code, out, err
