"""What a diagram shows, decided once and independent of how it is drawn.

A :class:`Scene` is the single source of the matplotlib drawing and of the Mermaid and DOT
text exports, so a picture and its text cannot disagree about who is shown, which lines
exist and where the findings sit. Building a scene needs no matplotlib.

Views (DESIGN section 8):

* ``org`` - people in layers, communication links, forums as hub nodes (not all pairwise
  edges), delegation arrows granter -> owner labelled with the task;
* ``tasks`` - people and the tasks they own and contribute to, mandates, dependencies and
  ``part_of`` between tasks.

Findings become codes on the node they name (a task finding sits on the task, or in the
org view on the task's owner) and, for the coordination rules CG101/CG103/CG104, a
"missing" edge between the two people who should talk but do not.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from coordgraph.findings import Finding
from coordgraph.graph import OrgGraph
from coordgraph.model import Organisation, Task
from coordgraph.render import texts

PERSON, TASK, FORUM = "person", "task", "forum"
VIEWS = ("org", "tasks")

#: Layer (row) of each kind of node, top to bottom. Forum hubs sit in the row just below
#: their most senior member, so a team meeting hangs between its coordinator and its team.
ROLE_LAYER = {"leader": 0, "inbetweener": 2, "staff": 4, "external": 4}
HUB_OFFSET = 1
TASK_LAYER0 = 6

#: Rules whose finding is a missing communication between two people (DESIGN section 3).
MISSING_CODES = frozenset({"CG101", "CG103", "CG104"})
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
    """``--focus`` names neither a person nor a task of the organisation."""


@dataclass(frozen=True, slots=True)
class SceneNode:
    """A person card, a task box or a forum hub."""

    key: str  # people/<id> | tasks/<id> | forums/<id>: the node path findings use
    kind: str  # PERSON | TASK | FORUM
    heading: str
    lines: tuple[str, ...]
    layer: int
    style: str  # the role for people, the task kind for tasks, "forum" for forums
    codes: tuple[str, ...] = ()  # finding codes marked on this node, sorted
    focus: bool = False


@dataclass(frozen=True, slots=True)
class SceneEdge:
    kind: str  # one of EDGE_KINDS
    source: str
    target: str
    label: str = ""
    frequency: str | None = None
    codes: tuple[str, ...] = ()

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

    def index(self) -> dict[str, SceneNode]:
        return {node.key: node for node in self.nodes}


# -- focus ------------------------------------------------------------------------------


def resolve_focus(org: Organisation, focus: str) -> str:
    """The node key (``people/<id>`` or ``tasks/<id>``) that ``--focus`` names.

    Accepts a bare id or a node path; ids are one namespace (DESIGN section 2), so a bare
    id is unambiguous. Raises :class:`UnknownFocus` with a "did you mean" suggestion.
    """
    key = focus.strip()
    for section, mapping in (("people", org.people), ("tasks", org.tasks)):
        if key.startswith(section + "/") and key[len(section) + 1 :] in mapping:
            return key
    if key in org.people:
        return f"people/{key}"
    if key in org.tasks:
        return f"tasks/{key}"
    candidates = list(org.people) + list(org.tasks)
    close = difflib.get_close_matches(key, candidates, n=1)
    hint = f" (did you mean '{close[0]}'?)" if close else ""
    raise UnknownFocus(f"--focus: '{focus}' is neither a person nor a task of the file{hint}")


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


def _neighbourhood(
    org: Organisation, graph: OrgGraph, focus: str, findings: Sequence[Finding]
) -> _Visible:
    """Who and what is drawn around one person or task (DESIGN section 8, ``--focus``)."""
    section, _, ident = focus.partition("/")
    people: set[str] = set()
    tasks: set[str] = set()
    forums: set[str] = set()
    if section == "people":
        people.add(ident)
        tasks.update(_tasks_of_person(org, ident))
        for link in org.links:
            if ident in link.between:
                people.update(link.between)
        for forum_id in graph.forums_of.get(ident, ()):
            forums.add(forum_id)
            people.update(org.forums[forum_id].members)
        for task_id in tasks:
            people.update(_people_on(org.tasks[task_id], graph))
    else:
        task = org.tasks[ident]
        related = {ident, *task.depends_on}
        related.update(t.id for t in org.tasks.values() if ident in t.depends_on)
        if task.part_of is not None:
            related.add(task.part_of)
        related.update(graph.subtasks.get(ident, ()))
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


def _task_layers(org: Organisation, shown: Iterable[str]) -> dict[str, int]:
    """Row of each shown task: below everything it depends on and below its parent.

    Longest-path layering; a ``depends_on`` cycle (not forbidden by the format) is
    broken at the edge that closes it, so the result is always finite and deterministic.
    """
    shown_set = set(shown)
    depth: dict[str, int] = {}
    for start in (t for t in org.tasks if t in shown_set):
        if start in depth:
            continue
        stack: list[tuple[str, int]] = [(start, 0)]
        on_stack = {start}
        while stack:
            task_id, i = stack[-1]
            task = org.tasks[task_id]
            preds = [d for d in task.depends_on if d in shown_set]
            if task.part_of is not None and task.part_of in shown_set:
                preds.append(task.part_of)
            if i < len(preds):
                stack[-1] = (task_id, i + 1)
                pred = preds[i]
                if pred not in depth and pred not in on_stack:
                    stack.append((pred, 0))
                    on_stack.add(pred)
                continue
            depth[task_id] = 1 + max((depth[p] for p in preds if p in depth), default=-1)
            stack.pop()
            on_stack.discard(task_id)
    return depth


def build_scene(
    org: Organisation,
    graph: OrgGraph,
    findings: Sequence[Finding] | None,
    *,
    view: str = "org",
    focus: str | None = None,
    lang: str = "en",
    with_tasks: bool | None = None,
) -> Scene:
    """Decide what to draw.

    ``findings=None`` draws no findings (``--no-findings``). ``focus`` is a node key from
    :func:`resolve_focus`. ``with_tasks`` adds task nodes to the org view (the text
    exports use it so every person and task appears); by default only the tasks view
    has task nodes.
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
        visible = _neighbourhood(org, graph, focus, found)
        focus_tasks = visible.tasks
        if not show_communication:
            # the tasks view has no links or forums: keep the people its tasks involve
            keep = {focus.partition("/")[2]} if focus.startswith("people/") else set()
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
        keep: set[str] = set()
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

    # findings -> codes per scene node, missing-coordination edges
    codes: dict[str, set[str]] = {}
    missing: dict[tuple[str, str], set[str]] = {}
    unplaced = 0
    shown_tasks = {t.id for t in tasks}
    shown_forums = {f.id for f in forums}
    person_order = {pid: i for i, pid in enumerate(org.people)}
    for finding in found:
        placed = False
        person = _subject(finding.node, "people", org.people)
        task_id = _subject(finding.node, "tasks", org.tasks)
        forum_id = _subject(finding.node, "forums", org.forums)
        key = None
        if person is not None and person in visible.people:
            key = f"people/{person}"
        elif task_id is not None and task_id in shown_tasks:
            key = f"tasks/{task_id}"
        elif task_id is not None and not show_tasks and org.tasks[task_id].owner in visible.people:
            if focus_tasks is None or task_id in focus_tasks:
                key = f"people/{org.tasks[task_id].owner}"
        elif forum_id is not None and forum_id in shown_forums:
            key = f"forums/{forum_id}"
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
    for p in people:
        lines = tuple(x for x in (p.title, texts.role(p.role, lang)) if x)
        key = f"people/{p.id}"
        nodes.append(
            SceneNode(
                key=key,
                kind=PERSON,
                heading=p.name,
                lines=lines,
                layer=ROLE_LAYER.get(p.role, ROLE_LAYER["staff"]),
                style=p.role,
                codes=tuple(sorted(codes.get(key, ()))),
                focus=key == focus_key,
            )
        )
    for f in forums:
        member_layers = [
            ROLE_LAYER.get(org.people[m].role, 4) for m in f.members if m in visible.people
        ]
        key = f"forums/{f.id}"
        nodes.append(
            SceneNode(
                key=key,
                kind=FORUM,
                heading=f.name or f.id,
                lines=(texts.frequency(f.frequency, lang),),
                layer=min(member_layers, default=4) + HUB_OFFSET,
                style="forum",
                codes=tuple(sorted(codes.get(key, ()))),
            )
        )
    task_layers = _task_layers(org, (t.id for t in tasks))
    for t in tasks:
        key = f"tasks/{t.id}"
        kind = texts.text("kind." + t.effective_kind, lang)
        detail = f"{kind} · {texts.text('complexity.' + t.effective_complexity, lang)}"
        nodes.append(
            SceneNode(
                key=key,
                kind=TASK,
                heading=t.title,
                lines=(detail,),
                layer=TASK_LAYER0 + task_layers[t.id],
                style=t.effective_kind,
                codes=tuple(sorted(codes.get(key, ()))),
                focus=key == focus_key,
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
                edges.append(SceneEdge("link", f"people/{a}", f"people/{b}", label, link.frequency))
        for f in forums:
            for member in dict.fromkeys(f.members):
                if member in vis_people:
                    edges.append(
                        SceneEdge(
                            "member",
                            f"forums/{f.id}",
                            f"people/{member}",
                            texts.text("member", lang),
                            f.frequency,
                        )
                    )
    for t in org.tasks.values():
        if focus_tasks is not None and t.id not in focus_tasks:
            continue
        granter = t.mandate.granted_by if t.mandate is not None else None
        if show_tasks:
            if t.id not in shown_tasks:
                continue
            key = f"tasks/{t.id}"
            if granter is not None and granter in vis_people:
                edges.append(
                    SceneEdge("mandate", f"people/{granter}", key, texts.text("mandate", lang))
                )
            if t.owner in vis_people:
                edges.append(SceneEdge("owns", f"people/{t.owner}", key, texts.text("owns", lang)))
            for c in dict.fromkeys(t.contributors):
                if c in vis_people and c != t.owner:
                    edges.append(
                        SceneEdge(
                            "contributes", f"people/{c}", key, texts.text("contributes", lang)
                        )
                    )
            for dep in dict.fromkeys(t.depends_on):
                if dep in shown_tasks and dep != t.id:
                    edges.append(
                        SceneEdge("depends", key, f"tasks/{dep}", texts.text("depends", lang))
                    )
            if t.part_of is not None and t.part_of in shown_tasks:
                edges.append(
                    SceneEdge("part_of", key, f"tasks/{t.part_of}", texts.text("part_of", lang))
                )
        elif (
            granter is not None
            and granter != t.owner
            and granter in vis_people
            and t.owner in vis_people
        ):
            edges.append(SceneEdge("delegation", f"people/{granter}", f"people/{t.owner}", t.title))
    for (a, b), found_codes in missing.items():
        edges.append(
            SceneEdge(
                "missing",
                f"people/{a}",
                f"people/{b}",
                texts.text("missing", lang),
                codes=tuple(sorted(found_codes)),
            )
        )

    subtitle = texts.text(f"view.{view}", lang)
    if focus is not None:
        section, _, ident = focus.partition("/")
        name = org.people[ident].name if section == "people" else org.tasks[ident].title
        subtitle = f"{subtitle} · {texts.text('focus', lang)}: {name}"
    return Scene(
        title=org.name,
        subtitle=subtitle,
        view=view,
        lang=lang,
        nodes=tuple(nodes),
        edges=tuple(edges),
        show_findings=findings is not None,
        unplaced=unplaced if focus is None else 0,
    )
