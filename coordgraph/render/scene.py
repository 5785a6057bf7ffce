"""What a diagram shows, decided once and independent of how it is drawn.

A :class:`Scene` is the single source of the matplotlib drawing and of the Mermaid and DOT
text exports, so a picture and its text cannot disagree about who is shown, which lines
exist and where the findings sit. Building a scene needs no matplotlib.

Views:

* ``org`` - people in layers, communication links, forums, delegation arrows granter ->
  owner labelled with the task;
* ``tasks`` - people and the tasks they own and contribute to, mandates, dependencies and
  ``part_of`` between tasks.

Units (``units:`` in the file) become groups: nested boxes titled with the unit's name,
its own forum as the subtitle instead of a line per member. Other forums get one line
per unit they reach (bundled), not one per member. A large organisation is drawn with its
units folded into one card each (counts and findings); ``--focus UNIT`` unfolds one.

Findings become codes on the node they name (a task finding sits on the task, or in the
org view on the task's owner) and, for the coordination rules CG101/CG103/CG104, a
"missing" edge between the two people who should talk but do not.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace

from coordgraph import nodepath
from coordgraph.checks import registry
from coordgraph.findings import Finding
from coordgraph.graph import OrgGraph
from coordgraph.model import FREQUENCY_RANK, Forum, Organisation, Task
from coordgraph.render import texts

PERSON, TASK, FORUM, UNIT = "person", "task", "forum", "unit"
VIEWS = ("org", "tasks")

#: Layer (row) of each kind of node, top to bottom. Forum hubs sit in the row just below
#: their most senior member, so a team meeting hangs between its coordinator and its team.
#: Externals (parents' representatives, consultants) get a row of their own below the
#: staff, so they are never mistaken for colleagues.
#: Units (boxes, or cards when folded) sit in :data:`UNIT_LAYER`, between the people who
#: lead them and the staff who belong to no unit below.
ROLE_LAYER = {"leader": 0, "inbetweener": 2, "staff": 4, "external": 6}
HUB_OFFSET = 1
UNIT_LAYER = 3
TASK_LAYER0 = 8

#: More person cards than this and the overview folds units into cards (drill down with
#: ``--focus UNIT``): beyond it a whole picture is no longer readable on a projector.
MAX_UNFOLDED = 60

#: Rules whose finding is a missing communication between two people.
MISSING_CODES = frozenset(code for code, rule in registry().items() if rule.missing_link)
#: Edge kinds drawn with an arrow head.
DIRECTED = frozenset({"delegation", "mandate", "depends", "part_of"})
EDGE_KINDS = (
    "link",
    "member",
    "delegation",
    "mandate",
    "owns",
    "contributes",
    "depends",
    "part_of",
    "missing",
)


class UnknownFocus(ValueError):
    """``--focus`` names neither a person, a task nor a unit of the organisation."""


@dataclass(frozen=True, slots=True)
class SceneNode:
    """A person card, a task box, a forum hub or a folded unit."""

    key: str  # people/<id> | tasks/<id> | forums/<id> | units/<id>: the node path
    kind: str  # PERSON | TASK | FORUM | UNIT
    heading: str
    lines: tuple[str, ...]
    layer: int
    style: str  # the role for people, the task kind for tasks, "forum", "unit"
    codes: tuple[str, ...] = ()  # finding codes marked on this node, sorted
    focus: bool = False
    group: str | None = None  # units/<id> of the box the card sits in
    rank: int = 0  # file order of a folded unit among its sibling units


@dataclass(frozen=True, slots=True)
class SceneGroup:
    """A unit drawn as a box around its members' cards."""

    key: str  # units/<id>
    title: str
    lines: tuple[str, ...]  # the unit's own forum; who else works or meets in it
    parent: str | None  # units/<id> of the enclosing box
    codes: tuple[str, ...] = ()  # findings about the unit's own forum
    rank: int = 0  # file order among sibling units
    focus: bool = False


@dataclass(frozen=True, slots=True)
class SceneEdge:
    kind: str  # one of EDGE_KINDS
    source: str
    target: str  # a node key, or a group key for a forum's bundled line to a unit
    label: str = ""
    frequency: str | None = None
    codes: tuple[str, ...] = ()
    weight: int = 1  # members a forum's bundled line to a unit stands for

    @property
    def directed(self) -> bool:
        return self.kind in DIRECTED


@dataclass(frozen=True, slots=True)
class Scene:
    title: str
    subtitle: str
    view: str
    lang: str
    nodes: tuple[SceneNode, ...]
    edges: tuple[SceneEdge, ...]
    show_findings: bool
    unplaced: int = 0  # findings that could not be drawn on any node or edge
    groups: tuple[SceneGroup, ...] = ()
    folded: bool = False  # units were folded into cards to keep the picture readable

    def index(self) -> dict[str, SceneNode]:
        return {node.key: node for node in self.nodes}


# -- focus ------------------------------------------------------------------------------


def resolve_focus(org: Organisation, focus: str) -> str:
    """The node key (``people/<id>``, ``tasks/<id>`` or ``units/<id>``) ``--focus`` names.

    Accepts a bare id or a node path; ids are one namespace, so a bare id is unambiguous.
    Raises :class:`UnknownFocus` with a "did you mean" suggestion.
    """
    key = focus.strip()
    sections: tuple[tuple[str, Mapping[str, object]], ...] = (
        ("people", org.people),
        ("tasks", org.tasks),
        ("units", org.units),
    )
    for section, mapping in sections:
        if key.startswith(section + "/") and key[len(section) + 1 :] in mapping:
            return key
    for section, mapping in sections:
        if key in mapping:
            return f"{section}/{key}"
    candidates = list(org.people) + list(org.tasks) + list(org.units)
    close = difflib.get_close_matches(key, candidates, n=1)
    hint = f" (did you mean '{close[0]}'?)" if close else ""
    raise UnknownFocus(
        f"--focus: '{focus}' is neither a person, a task nor a unit of the file{hint}"
    )


@dataclass(frozen=True, slots=True)
class _Visible:
    people: frozenset[str]
    tasks: frozenset[str]
    forums: frozenset[str]


def _tasks_of_person(org: Organisation, person: str) -> list[str]:
    """Tasks a person owns, contributes to or granted a mandate for, in file order."""
    result = []
    for task in org.tasks.values():
        granted = task.mandate is not None and task.mandate.granted_by == person
        if task.owner == person or person in task.contributors or granted:
            result.append(task.id)
    return result


def _people_on(task: Task, graph: OrgGraph) -> list[str]:
    people = [task.owner, *task.contributors]
    if task.mandate is not None and task.mandate.granted_by is not None:
        people.append(task.mandate.granted_by)
    leader = graph.accountable_leader(task)
    if leader is not None:
        people.append(leader)
    return people


def _dependents(org: Organisation) -> dict[str, list[str]]:
    """Task id -> the tasks that depend on it (one pass over the file)."""
    result: dict[str, list[str]] = {}
    for task in org.tasks.values():
        for dep in dict.fromkeys(task.depends_on):
            result.setdefault(dep, []).append(task.id)
    return result


def _with_dependencies(org: Organisation, graph: OrgGraph, tasks: Iterable[str]) -> set[str]:
    """``tasks`` plus what they depend on, what depends on them, parents and sub-tasks."""
    dependents = _dependents(org)
    related: set[str] = set()
    for ident in tasks:
        task = org.tasks[ident]
        related.add(ident)
        related.update(task.depends_on)
        related.update(dependents.get(ident, ()))
        if task.part_of is not None:
            related.add(task.part_of)
        related.update(graph.subtasks.get(ident, ()))
    return related


def unit_members(org: Organisation, unit: str) -> list[str]:
    """People whose home unit is ``unit`` or one of its sub-units, in file order."""
    inside = _descendants(org, unit)
    return [p.id for p in org.people.values() if p.unit in inside]


def _descendants(org: Organisation, unit: str) -> set[str]:
    children: dict[str, list[str]] = {}
    for u in org.units.values():
        if u.part_of is not None:
            children.setdefault(u.part_of, []).append(u.id)
    inside = {unit}
    stack = [unit]
    while stack:
        for child in children.get(stack.pop(), ()):
            if child not in inside:
                inside.add(child)
                stack.append(child)
    return inside


def _neighbourhood(
    org: Organisation, graph: OrgGraph, focus: str, findings: Sequence[Finding], view: str
) -> _Visible:
    """Who and what is drawn around one person, task or unit (``--focus``)."""
    section, _, ident = focus.partition("/")
    people: set[str] = set()
    tasks: set[str] = set()
    forums: set[str] = set()
    if section == "people":
        people.add(ident)
        own = _tasks_of_person(org, ident)
        tasks.update(own)
        if view == "tasks":
            # the person's tasks and the tasks they build on or that build on them
            tasks.update(_with_dependencies(org, graph, own))
            people.update(org.tasks[t].owner for t in tasks)
        for link in org.links:
            if ident in link.between:
                people.update(link.between)
        for forum_id in graph.forums_of.get(ident, ()):
            forums.add(forum_id)
            people.update(org.forums[forum_id].members)
        for task_id in own:
            people.update(_people_on(org.tasks[task_id], graph))
    elif section == "units":
        inside = _descendants(org, ident)
        people.update(p.id for p in org.people.values() if p.unit in inside)
        people.update(p.id for p in org.people.values() if any(u in inside for u in p.also_in))
        leader = org.units[ident].leader
        if leader is not None:
            people.add(leader)
        # the unit from inside: its people, their tasks (and, in the tasks view, who else
        # is on those tasks), the forums they meet in
        own = [t.id for t in org.tasks.values() if t.owner in people]
        tasks.update(own)
        if view == "tasks":
            for task_id in own:
                people.update(_people_on(org.tasks[task_id], graph))
        for forum in org.forums.values():
            if any(m in people for m in forum.members):
                forums.add(forum.id)
    else:
        task = org.tasks[ident]
        related = _with_dependencies(org, graph, [ident])
        tasks.update(related)
        people.update(_people_on(task, graph))
        if task.follow_up is not None and task.follow_up.with_ is not None:
            people.add(task.follow_up.with_)
        people.update(org.tasks[t].owner for t in related)
        for forum in org.forums.values():
            if sum(1 for m in dict.fromkeys(forum.members) if m in people) >= 2:
                forums.add(forum.id)
    # the people a finding about the focus names must be on its picture
    for finding in findings:
        if finding.node == focus or finding.node.startswith(focus + "/"):
            for rel in finding.related:
                rel_section, _, rel_id = rel.node.partition("/")
                if rel_section == "people" and rel_id in org.people:
                    people.add(rel_id)
    return _Visible(frozenset(people & set(org.people)), frozenset(tasks), frozenset(forums))


# -- findings -----------------------------------------------------------------------------


def _subject(node: str, section: str, ids: Mapping[str, object]) -> str | None:
    """The id in ``ids`` that a node path like ``tasks/<id>/mandate`` is about.

    Ids may contain ``/``, so the longest known prefix wins.
    """
    if not node.startswith(section + "/"):
        return None
    parts = node[len(section) + 1 :].split("/")
    for end in range(len(parts), 0, -1):
        candidate = "/".join(parts[:end])
        if candidate in ids:
            return candidate
    return None


def task_of_finding(finding: Finding, org: Organisation | None) -> str | None:
    """The task a finding belongs to (its node starts with ``tasks/<id>``), if any."""
    if not finding.node.startswith("tasks/"):
        return None
    if org is not None:
        known = _subject(finding.node, "tasks", org.tasks)
        if known is not None:
            return known
    rest = finding.node[len("tasks/") :]
    return rest.split("/", 1)[0] or None


def person_of_finding(finding: Finding, org: Organisation) -> str | None:
    """The person a finding is about (its node starts with ``people/<id>``), if any."""
    return _subject(finding.node, "people", org.people)


def _missing_pair(finding: Finding, org: Organisation) -> tuple[str, str] | None:
    if finding.code not in MISSING_CODES:
        return None
    people = []
    for rel in finding.related:
        person = _subject(rel.node, "people", org.people)
        if person is not None and person not in people:
            people.append(person)
    return (people[0], people[1]) if len(people) == 2 else None


# -- building ------------------------------------------------------------------------------


def task_layers(org: Organisation, shown: Iterable[str]) -> dict[str, int]:
    """Row of each shown task: below everything it depends on and below its parent.

    Longest-path layering in one depth-first pass, linear in tasks plus dependencies (each
    task's predecessors are listed once, when it is first entered); a ``depends_on``
    cycle (not forbidden by the format) is broken at the edge that closes it, so the
    result is always finite and deterministic.
    """
    shown_set = set(shown)
    depth: dict[str, int] = {}

    def predecessors(task_id: str) -> list[str]:
        task = org.tasks[task_id]
        preds = [d for d in task.depends_on if d in shown_set]
        if task.part_of is not None and task.part_of in shown_set:
            preds.append(task.part_of)
        return preds

    for start in (t for t in org.tasks if t in shown_set):
        if start in depth:
            continue
        stack: list[tuple[str, list[str], int]] = [(start, predecessors(start), 0)]
        on_stack = {start}
        while stack:
            task_id, preds, i = stack[-1]
            if i < len(preds):
                stack[-1] = (task_id, preds, i + 1)
                pred = preds[i]
                if pred not in depth and pred not in on_stack:
                    stack.append((pred, predecessors(pred), 0))
                    on_stack.add(pred)
                continue
            depth[task_id] = 1 + max((depth[p] for p in preds if p in depth), default=-1)
            stack.pop()
            on_stack.discard(task_id)
    return depth


def _task_lines(task: Task, org: Organisation, lang: str) -> tuple[str, ...]:
    """The owner, then kind and complexity only where the file writes them."""
    owner = org.people[task.owner].name if task.owner in org.people else task.owner
    lines = [f"{texts.text('owner', lang)}: {owner}"]
    written = []
    if task.kind is not None:
        written.append(texts.text("kind." + task.kind, lang))
    if task.complexity is not None:
        written.append(texts.text("complexity." + task.complexity, lang))
    if written:
        lines.append(" · ".join(written))
    return tuple(lines)


@dataclass(slots=True)
class _Units:
    """Which units are drawn, where each card goes, and the forums the boxes carry."""

    shown: dict[str, int]  # unit id -> depth (0 = top level among those drawn)
    parent: dict[str, str | None]
    home: dict[str, str | None]  # person id -> the unit box their card sits in
    unit_forums: dict[str, str]  # forum id -> unit whose subtitle it is


def _plan_units(org: Organisation, visible: _Visible, focus: str | None) -> _Units:
    """Units that hold something visible (with their ancestors), and each card's box."""
    shown_units: set[str] = set()

    def climb(unit: str | None) -> None:
        seen: set[str] = set()
        while unit is not None and unit not in shown_units and unit not in seen:
            seen.add(unit)
            shown_units.add(unit)
            unit = org.units[unit].part_of

    if focus is None:
        for unit in org.units:
            climb(unit)
    else:
        for pid in visible.people:
            climb(org.people[pid].unit)
        if focus.startswith("units/"):
            climb(focus.partition("/")[2])
    parent: dict[str, str | None] = {}
    depth: dict[str, int] = {}
    for unit in org.units:
        if unit not in shown_units:
            continue
        chain = []
        up: str | None = unit
        while up is not None and up in shown_units and up not in chain:
            chain.append(up)
            up = org.units[up].part_of
        parent[unit] = org.units[unit].part_of if org.units[unit].part_of in shown_units else None
        depth[unit] = len(chain) - 1
    home = {
        pid: (org.people[pid].unit if org.people[pid].unit in shown_units else None)
        for pid in visible.people
    }
    unit_forums: dict[str, str] = {}
    for unit in parent:
        forum = org.units[unit].forum
        if forum is not None and forum in org.forums and forum not in unit_forums:
            unit_forums[forum] = unit
    return _Units({u: depth[u] for u in parent}, parent, home, unit_forums)


def _common_group(groups: Sequence[str | None], parent: Mapping[str, str | None]) -> str | None:
    """The innermost unit box that holds every one of ``groups`` (None: the page)."""
    if not groups:
        return None
    chains = []
    for group in groups:
        chain: list[str] = []
        while group is not None and group not in chain:
            chain.append(group)
            group = parent.get(group)
        chains.append(chain[::-1])
    common: str | None = None
    for level in zip(*chains, strict=False):
        if all(x == level[0] for x in level):
            common = level[0]
        else:
            break
    return common


def build_scene(
    org: Organisation,
    graph: OrgGraph,
    findings: Sequence[Finding] | None,
    *,
    view: str = "org",
    focus: str | None = None,
    lang: str = "en",
    with_tasks: bool | None = None,
    max_unfolded: int = MAX_UNFOLDED,
) -> Scene:
    """Decide what to draw.

    ``findings=None`` draws no findings (``--no-findings``). ``focus`` is a node key from
    :func:`resolve_focus`. ``with_tasks`` adds task nodes to the org view (the text
    exports use it so every person and task appears); by default only the tasks view
    has task nodes. Without a focus, an organisation with units and more than
    ``max_unfolded`` cards is drawn with units folded into cards (a negative limit: never).
    """
    if view not in VIEWS:
        raise ValueError(f"unknown view {view!r}")
    show_tasks = view == "tasks" if with_tasks is None else with_tasks or view == "tasks"
    show_communication = view == "org"
    found = tuple(findings or ())
    if focus is None:
        visible = _Visible(frozenset(org.people), frozenset(org.tasks), frozenset(org.forums))
        focus_tasks: frozenset[str] | None = None
    else:
        visible = _neighbourhood(org, graph, focus, found, view)
        focus_tasks = visible.tasks
        if not show_communication:
            # the tasks view has no links or forums: keep the people its tasks involve
            keep = {focus.partition("/")[2]} if focus.startswith("people/") else set()
            if focus.startswith("units/"):
                keep.update(visible.people)
            for task_id in visible.tasks:
                keep.update(_people_on(org.tasks[task_id], graph))
                keep.add(org.tasks[task_id].owner)
            for finding in found:
                if finding.node == focus or finding.node.startswith(focus + "/"):
                    for rel in finding.related:
                        person = _subject(rel.node, "people", org.people)
                        if person is not None:
                            keep.add(person)
            visible = _Visible(visible.people & keep, visible.tasks, frozenset())
    if focus is None and view == "tasks":
        # people and the tasks they own and contribute to: someone with no task (and no
        # finding) would only be a card without lines
        keep = set()
        for task in org.tasks.values():
            keep.update(_people_on(task, graph))
        for finding in found:
            person = _subject(finding.node, "people", org.people)
            if person is not None:
                keep.add(person)
            pair = _missing_pair(finding, org)
            if pair is not None:
                keep.update(pair)
        visible = _Visible(visible.people & keep, visible.tasks, visible.forums)
    people = [p for p in org.people.values() if p.id in visible.people]
    forums = (
        [f for f in org.forums.values() if f.id in visible.forums] if show_communication else []
    )
    tasks = [t for t in org.tasks.values() if t.id in visible.tasks] if show_tasks else []
    units = _plan_units(org, visible, focus)
    unit_key = {u: nodepath.unit(u) for u in units.parent}
    unit_rank = {u: i for i, u in enumerate(org.units)}

    # findings -> codes per scene node, missing-coordination edges
    codes: dict[str, set[str]] = {}
    missing: dict[tuple[str, str], set[str]] = {}
    unplaced = 0
    shown_tasks = {t.id for t in tasks}
    shown_forums = {f.id for f in forums}
    person_order = {pid: i for i, pid in enumerate(org.people)}
    for finding in found:
        placed = False
        subject = _subject(finding.node, "people", org.people)
        task_ref = _subject(finding.node, "tasks", org.tasks)
        forum_id = _subject(finding.node, "forums", org.forums)
        unit_id = _subject(finding.node, "units", org.units)
        key = None
        if subject is not None and subject in visible.people:
            key = nodepath.person(subject)
        elif task_ref is not None and task_ref in shown_tasks:
            key = nodepath.task(task_ref)
        elif (
            task_ref is not None and not show_tasks and org.tasks[task_ref].owner in visible.people
        ):
            if focus_tasks is None or task_ref in focus_tasks:
                key = nodepath.person(org.tasks[task_ref].owner)
        elif forum_id is not None and forum_id in shown_forums and forum_id in units.unit_forums:
            key = unit_key[units.unit_forums[forum_id]]
        elif forum_id is not None and forum_id in shown_forums:
            key = nodepath.forum(forum_id)
        elif unit_id is not None and unit_id in unit_key:
            key = unit_key[unit_id]
        if key is not None:
            codes.setdefault(key, set()).add(finding.code)
            placed = True
        pair = _missing_pair(finding, org)
        if pair is not None and pair[0] in visible.people and pair[1] in visible.people:
            a, b = sorted(pair, key=person_order.__getitem__)
            missing.setdefault((a, b), set()).add(finding.code)
            placed = True
        if not placed:
            unplaced += 1

    nodes: list[SceneNode] = []
    focus_key = focus
    group_of: dict[str, str | None] = {}
    for p in people:
        lines = tuple(x for x in (p.title, texts.role(p.role, lang)) if x)
        key = nodepath.person(p.id)
        home = units.home.get(p.id)
        group_of[key] = unit_key[home] if home is not None else None
        nodes.append(
            SceneNode(
                key=key,
                kind=PERSON,
                heading=p.name,
                lines=lines,
                # the tasks view is about who carries what: people in one band above it
                layer=0 if view == "tasks" else ROLE_LAYER.get(p.role, ROLE_LAYER["staff"]),
                style=p.role,
                codes=tuple(sorted(codes.get(key, ()))),
                focus=key == focus_key,
                group=group_of[key],
            )
        )
    group_parent = {unit_key[u]: (unit_key[p] if p else None) for u, p in units.parent.items()}
    everyone = _everyone_forums(org, forums, visible, lang)
    for f in forums:
        if f.id in units.unit_forums:
            continue  # the subtitle of its unit's box, not a hub with a line per member
        member_keys = [nodepath.person(m) for m in dict.fromkeys(f.members) if m in visible.people]
        if f.id in everyone:
            member_keys = []  # no lines: the card says who
        member_layers = [ROLE_LAYER.get(org.people[k[7:]].role, 4) for k in member_keys]
        key = nodepath.forum(f.id)
        group = _common_group([group_of[k] for k in member_keys], group_parent)
        group_of[key] = group
        nodes.append(
            SceneNode(
                key=key,
                kind=FORUM,
                heading=f.name or f.id,
                lines=(texts.frequency(f.frequency, lang), *everyone.get(f.id, ())),
                layer=min(member_layers, default=0 if f.id in everyone else 4) + HUB_OFFSET,
                style="forum",
                codes=tuple(sorted(codes.get(key, ()))),
                group=group,
            )
        )
    layers = task_layers(org, (t.id for t in tasks))
    for t in tasks:
        key = nodepath.task(t.id)
        group_of[key] = group_of.get(nodepath.person(t.owner))
        nodes.append(
            SceneNode(
                key=key,
                kind=TASK,
                heading=t.title,
                lines=_task_lines(t, org, lang),
                layer=TASK_LAYER0 + layers[t.id],
                style=t.effective_kind,
                codes=tuple(sorted(codes.get(key, ()))),
                focus=key == focus_key,
                group=group_of[key],
            )
        )

    edges: list[SceneEdge] = []
    vis_people = visible.people
    if show_communication:
        for link in org.links:
            a, b = link.between
            if a in vis_people and b in vis_people and a != b:
                label = texts.frequency(link.frequency, lang)
                if link.channel:
                    label = f"{label}, {link.channel}"
                edges.append(
                    SceneEdge("link", nodepath.person(a), nodepath.person(b), label, link.frequency)
                )
        for f in forums:
            if f.id in units.unit_forums or f.id in everyone:
                continue
            edges.extend(_forum_lines(f, vis_people, group_of, group_parent, lang))
    for t in org.tasks.values():
        if focus_tasks is not None and t.id not in focus_tasks:
            continue
        granter = t.mandate.granted_by if t.mandate is not None else None
        if show_tasks:
            if t.id not in shown_tasks:
                continue
            key = nodepath.task(t.id)
            if granter is not None and granter in vis_people:
                edges.append(
                    SceneEdge("mandate", nodepath.person(granter), key, texts.text("mandate", lang))
                )
            if t.owner in vis_people:
                edges.append(
                    SceneEdge("owns", nodepath.person(t.owner), key, texts.text("owns", lang))
                )
            for c in dict.fromkeys(t.contributors):
                if c in vis_people and c != t.owner:
                    edges.append(
                        SceneEdge(
                            "contributes", nodepath.person(c), key, texts.text("contributes", lang)
                        )
                    )
            for dep in dict.fromkeys(t.depends_on):
                if dep in shown_tasks and dep != t.id:
                    edges.append(
                        SceneEdge("depends", key, nodepath.task(dep), texts.text("depends", lang))
                    )
            if t.part_of is not None and t.part_of in shown_tasks:
                edges.append(
                    SceneEdge("part_of", key, nodepath.task(t.part_of), texts.text("part_of", lang))
                )
        elif (
            granter is not None
            and granter != t.owner
            and granter in vis_people
            and t.owner in vis_people
        ):
            edges.append(
                SceneEdge("delegation", nodepath.person(granter), nodepath.person(t.owner), t.title)
            )
    for (a, b), found_codes in missing.items():
        edges.append(
            SceneEdge(
                "missing",
                nodepath.person(a),
                nodepath.person(b),
                texts.text("missing", lang),
                codes=tuple(sorted(found_codes)),
            )
        )

    groups = []
    for unit in units.parent:
        u = org.units[unit]
        key = unit_key[unit]
        heading: list[str] = []
        forum = org.forums.get(u.forum) if u.forum is not None else None
        if forum is not None and units.unit_forums.get(forum.id) == unit:
            heading.append(f"{forum.name or forum.id} · {texts.frequency(forum.frequency, lang)}")
        also = _also_here(org, unit, forum.members if forum is not None else (), visible)
        if also:
            heading.append(f"{texts.text('also_here', lang)}: {', '.join(also)}")
        groups.append(
            SceneGroup(
                key=key,
                title=u.name or u.id,
                lines=tuple(heading),
                parent=group_parent[key],
                codes=tuple(sorted(codes.get(key, ()))),
                rank=unit_rank[unit],
                focus=key == focus_key,
            )
        )

    subtitle = texts.text(f"view.{view}", lang)
    if focus is not None:
        section, _, ident = focus.partition("/")
        if section == "people":
            name = org.people[ident].name
        elif section == "tasks":
            name = org.tasks[ident].title
        else:
            name = org.units[ident].name or ident
        subtitle = f"{subtitle} · {texts.text('focus', lang)}: {name}"
    scene = Scene(
        title=org.name,
        subtitle=subtitle,
        view=view,
        lang=lang,
        nodes=tuple(nodes),
        edges=tuple(edges),
        show_findings=findings is not None,
        unplaced=unplaced if focus is None else 0,
        groups=tuple(groups),
    )
    persons = sum(1 for n in nodes if n.kind in (PERSON, TASK))
    unit_focus = focus is not None and focus.startswith("units/")
    if (focus is None or unit_focus) and groups and 0 <= max_unfolded < persons:
        # a unit in focus stays open; its sub-units fold
        inner = units.shown.get(focus.partition("/")[2], -1) + 1 if unit_focus and focus else 0
        scene = fold(scene, max_unfolded, lang, inner)
    return scene


#: A forum with at least this many members in the picture, and at most
#: :data:`EVERYONE_BUT` people of the picture outside it, is everyone's meeting: its card
#: says so ("alle undtagen Tove Ravn") instead of a line to each member.
EVERYONE_MIN = 8
EVERYONE_BUT = 3


def _everyone_forums(
    org: Organisation, forums: Sequence[Forum], visible: _Visible, lang: str
) -> dict[str, tuple[str, ...]]:
    """Forums that (nearly) everyone drawn attends, with the line their card carries."""
    result: dict[str, tuple[str, ...]] = {}
    for forum in forums:
        members = set(forum.members) & visible.people
        if len(members) < EVERYONE_MIN:
            continue
        outside = [p.name for p in org.people.values() if p.id in visible.people - members]
        if len(outside) > EVERYONE_BUT:
            continue
        if outside:
            result[forum.id] = (texts.text("everyone_but", lang, names=", ".join(outside)),)
        else:
            result[forum.id] = (texts.text("everyone", lang),)
    return result


def _forum_lines(
    forum: Forum,
    visible: frozenset[str],
    group_of: Mapping[str, str | None],
    group_parent: Mapping[str, str | None],
    lang: str,
) -> list[SceneEdge]:
    """One line per unit box the forum reaches (with the count), one per member beside it.

    A staff meeting with 18 members in three units is three lines, not eighteen. Members
    in the box the forum itself sits in get a line each: they are its neighbours.
    """
    source = nodepath.forum(forum.id)
    home = group_of.get(source)
    by_box: dict[str | None, list[str]] = {}
    for member in dict.fromkeys(forum.members):
        if member not in visible:
            continue
        key = nodepath.person(member)
        box = group_of.get(key)
        # the outermost box under the forum's own box that holds the member
        while box is not None and group_parent.get(box) != home:
            box = group_parent.get(box)
        by_box.setdefault(box, []).append(key)
    edges = []
    for box, keys in by_box.items():
        if box is None or len(keys) == 1:
            for key in keys:
                edges.append(
                    SceneEdge("member", source, key, texts.text("member", lang), forum.frequency)
                )
        else:
            label = texts.text("members_n", lang, n=len(keys))
            edges.append(SceneEdge("member", source, box, label, forum.frequency, (), len(keys)))
    return edges


def _also_here(
    org: Organisation, unit: str, forum_members: Sequence[str], visible: _Visible
) -> list[str]:
    """People who work in ``unit`` (``also_in``) or attend its forum from outside it.

    Their card stays in their home unit's box; the box names them instead.
    """
    inside = _descendants(org, unit)
    names: list[str] = []
    for p in org.people.values():
        if p.id not in visible.people or p.unit in inside:
            continue
        if unit in p.also_in or p.id in forum_members:
            names.append(p.name)
    return names


def _unit_depths(groups: Sequence[SceneGroup]) -> dict[str, int]:
    parent = {g.key: g.parent for g in groups}
    depth: dict[str, int] = {}
    for g in groups:
        d, up, seen = 0, g.parent, {g.key}
        while up is not None and up not in seen:
            seen.add(up)
            d += 1
            up = parent.get(up)
        depth[g.key] = d
    return depth


def fold(scene: Scene, limit: int, lang: str, shallowest: int = 0) -> Scene:
    """Units folded into one card each (people, tasks and findings counted on it).

    Folds at the deepest level of the unit tree that keeps the picture within ``limit``
    cards (level ``shallowest`` if none does). Lines to folded members go to the unit's
    card, one line per pair and kind; missing-coordination lines keep their codes.
    """
    depth = _unit_depths(scene.groups)
    parent = {g.key: g.parent for g in scene.groups}
    levels = max(depth.values(), default=0) + 1
    cards_at: list[int] = [0] * (levels + 1)
    for node in scene.nodes:
        d = depth.get(node.group, -1) if node.group is not None else -1
        # unfolded at level L when every unit on its chain is shallower than L
        for level in range(levels + 1):
            if d < level:
                cards_at[level] += 1
    units_at = [sum(1 for d in depth.values() if d == level) for level in range(levels + 1)]
    shallowest = min(shallowest, levels)
    level = shallowest
    for candidate in range(levels, shallowest - 1, -1):
        if cards_at[candidate] + units_at[candidate] <= limit:
            level = candidate
            break

    def folded_into(group: str | None) -> str | None:
        """The folded unit card a member of ``group`` is drawn as, if any."""
        chain = []
        while group is not None:
            chain.append(group)
            group = parent.get(group)
        for g in chain:
            if depth[g] == level:
                return g
        return None

    target: dict[str, str] = {}
    counts: dict[str, dict[str, int]] = {}
    found: dict[str, set[str]] = {}
    kept: list[SceneNode] = []
    for node in scene.nodes:
        into = folded_into(node.group)
        if into is None:
            kept.append(node)
            continue
        target[node.key] = into
        tally = counts.setdefault(into, {})
        tally[node.kind] = tally.get(node.kind, 0) + 1
        found.setdefault(into, set()).update(node.codes)
    groups = []
    for g in scene.groups:
        if depth[g.key] < level:
            groups.append(g)
            continue
        into = folded_into(g.key)
        if into is not None:
            found.setdefault(into, set()).update(g.codes)
    for g in scene.groups:
        if depth[g.key] != level:
            continue
        tally = counts.get(g.key, {})
        line = texts.text("people_n", lang, n=tally.get(PERSON, 0))
        if tally.get(TASK):
            line += " · " + texts.text("tasks_n", lang, n=tally[TASK])
        lines = [line]
        kept.append(
            SceneNode(
                key=g.key,
                kind=UNIT,
                heading=g.title,
                lines=tuple(lines),
                layer=UNIT_LAYER,
                style="unit",
                codes=tuple(sorted(found.get(g.key, ()))),
                group=g.parent,
                rank=g.rank,
            )
        )
    edges: dict[tuple[str, str, str], SceneEdge] = {}
    for edge in scene.edges:
        source = target.get(edge.source, edge.source)
        tgt = target.get(edge.target, edge.target)
        if depth.get(tgt, -1) > level:
            tgt = folded_into(tgt) or tgt
        if source == tgt:
            continue
        if edge.kind == "delegation":
            # several tasks to one folded unit: one arrow, the tasks listed on it
            key = (edge.kind, source, tgt + "\0" + edge.label)
        else:
            key = (edge.kind, source, tgt)
        before = edges.get(key)
        if before is None:
            edges[key] = replace(edge, source=source, target=tgt)
            if edge.kind == "member" and tgt != edge.target:
                label = texts.text("members_n", lang, n=edge.weight)
                edges[key] = replace(edges[key], label=label)
            continue
        frequency = before.frequency
        if edge.frequency is not None and (
            frequency is None or FREQUENCY_RANK[edge.frequency] < FREQUENCY_RANK[frequency]
        ):
            frequency = edge.frequency
        merged = tuple(sorted(set(before.codes) | set(edge.codes)))
        weight = before.weight + edge.weight if edge.kind == "member" else before.weight
        label = texts.text("members_n", lang, n=weight) if edge.kind == "member" else before.label
        edges[key] = replace(before, frequency=frequency, codes=merged, weight=weight, label=label)
    return replace(
        scene, nodes=tuple(kept), edges=tuple(edges.values()), groups=tuple(groups), folded=True
    )


def units_only(scene: Scene, limit: int, lang: str, shallowest: int = 0) -> Scene:
    """The picture reduced to its unit boxes, folded units and leaders, then folded to at
    most ``limit`` cards: the overview of last resort for a page, when the people outside
    the units and the forums that cut across them do not fit."""
    kept = tuple(
        n for n in scene.nodes if n.style == "leader" or (n.group is not None and n.kind != FORUM)
    )
    keys = {n.key for n in kept} | {g.key for g in scene.groups}
    edges = tuple(e for e in scene.edges if e.source in keys and e.target in keys)
    reduced = replace(scene, nodes=kept, edges=edges, unplaced=0)
    if sum(1 for n in kept if n.kind in (PERSON, TASK)) > limit and scene.groups:
        reduced = fold(reduced, limit, lang, shallowest)
    return reduced


def flat(scene: Scene) -> Scene:
    """The scene without unit boxes (every card on the page itself): a task's own
    picture on a page of the pack, when the boxes around its people take the room."""
    groups = {g.key for g in scene.groups}
    nodes = tuple(replace(n, group=None) for n in scene.nodes if n.kind != UNIT)
    keys = {n.key for n in nodes}
    edges = tuple(
        e for e in scene.edges if e.source in keys and e.target in keys and e.target not in groups
    )
    return replace(scene, nodes=nodes, edges=edges, groups=())


def leadership_only(scene: Scene) -> Scene:
    """Leaders and inbetweeners and the lines between them: the overview for a page of an
    organisation without units that is too large to draw whole there."""
    kept = tuple(
        n for n in scene.nodes if n.kind == PERSON and n.style in ("leader", "inbetweener")
    )
    keys = {n.key for n in kept}
    edges = tuple(e for e in scene.edges if e.source in keys and e.target in keys)
    return replace(scene, nodes=kept, edges=edges, unplaced=0, groups=())
