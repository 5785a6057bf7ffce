"""CG1 - coordination: coordination requirements that no communication covers.

Cataldo et al.'s socio-technical congruence: people whose work depends on each other
need to communicate; a requirement without communication is a gap. Requirements come
from delegation (owner and accountable leader), from working on one task (owner and
contributors) and from dependencies between tasks (their owners, Sosa's interfaces).
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import TYPE_CHECKING, Any

from coordgraph import nodepath
from coordgraph.checks import Context, Param, rule
from coordgraph.checks.common import person_label, task_label, units_of
from coordgraph.findings import Hit, Severity
from coordgraph.model import FREQUENCY_RANK, Task, at_least_as_frequent
from coordgraph.terms import Term

if TYPE_CHECKING:
    import networkx as nx


@rule("CG101", "uncoordinated-task", missing_link=True, scope="delegated")
def uncoordinated_task(ctx: Context) -> Iterator[Hit]:
    """A delegated task whose owner does not communicate with its accountable leader.

    Without a line between the two, nobody aligns how the task is carried out with what
    the leader intended, and the inbetweener fills the gaps alone.
    """
    org, graph = ctx.org, ctx.graph
    for task in graph.delegated_tasks:
        leader = graph.accountable_leader(task)
        if leader is None:
            yield Hit(
                "CG101",
                nodepath.task(task.id),
                {"owner": person_label(org, task.owner), "task": task_label(task)},
                related=(nodepath.person(task.owner),),
                variant="no_leader",
            )
        elif not graph.communicates(task.owner, leader):
            yield Hit(
                "CG101",
                nodepath.task(task.id),
                {
                    "owner": person_label(org, task.owner),
                    "task": task_label(task),
                    "leader": person_label(org, leader),
                },
                related=(nodepath.person(task.owner), nodepath.person(leader)),
            )


@rule(
    "CG102",
    "infrequent-coordination",
    params=(
        Param(
            "required",
            "frequency_by_complexity",
            {"high": "weekly", "medium": "monthly", "low": "quarterly"},
        ),
    ),
    scope="delegated",
)
def infrequent_coordination(ctx: Context) -> Iterator[Hit]:
    """Owner and accountable leader communicate, but less often than the task needs.

    A complex task needs more alignment: param ``required`` maps each complexity to the
    least frequent contact that is still enough.
    """
    org, graph = ctx.org, ctx.graph
    required: Mapping[str, str] = ctx.params["required"]
    for task in graph.delegated_tasks:
        leader = graph.accountable_leader(task)
        need = required.get(task.effective_complexity)
        if leader is None or leader == task.owner:
            continue
        if not isinstance(need, str) or need not in FREQUENCY_RANK:
            continue  # an unknown frequency in a config is the config check's to report
        actual = graph.frequency(task.owner, leader)
        if actual is None or at_least_as_frequent(actual, need):
            continue
        yield Hit(
            "CG102",
            nodepath.task(task.id),
            {
                "owner": person_label(org, task.owner),
                "leader": person_label(org, leader),
                "task": task_label(task),
                "complexity_word": Term(f"complexity.{task.effective_complexity}"),
                "actual": Term(f"frequency.{actual}"),
                "expected": Term(f"frequency.{need}"),
            },
            related=(nodepath.person(task.owner), nodepath.person(leader)),
            # a complexity nobody wrote is said to be the default, not as if written
            variant="default_complexity" if task.complexity is None else None,
        )


@rule(
    "CG103",
    "unattended-dependency",
    params=(Param("include_contributors", "flag", False),),
    missing_link=True,
    scope="tasks",
)
def unattended_dependency(ctx: Context) -> Iterator[Hit]:
    """Task A depends on task B, but the people carrying them do not communicate.

    Sosa's unattended interface: a dependency between two pieces of work that no
    conversation covers. By default only the two owners count; with
    ``include_contributors: true`` the dependency is attended as soon as anyone working
    on A (owner or contributor) communicates with anyone working on B.
    """
    org, graph = ctx.org, ctx.graph
    include: bool = ctx.params["include_contributors"]
    for task in org.tasks.values():
        for index, dep_id in enumerate(task.depends_on):
            dep = org.tasks[dep_id]
            if dep.owner == task.owner or graph.communicates(task.owner, dep.owner):
                continue
            if include and _teams_communicate(ctx, (task.owner, *task.contributors), dep):
                continue
            yield Hit(
                "CG103",
                task.dependency_node(index),
                {
                    "task": task_label(task),
                    "dependency": task_label(dep),
                    "owner": person_label(org, task.owner),
                    "dependency_owner": person_label(org, dep.owner),
                },
                related=(
                    nodepath.task(dep.id),
                    nodepath.person(task.owner),
                    nodepath.person(dep.owner),
                ),
            )


def _teams_communicate(ctx: Context, team: tuple[str, ...], dep: Task) -> bool:
    other = (dep.owner, *dep.contributors)
    return any(ctx.graph.communicates(a, b) for a in team for b in other)


@rule("CG104", "uncoordinated-contributors", missing_link=True, scope="tasks")
def uncoordinated_contributors(ctx: Context) -> Iterator[Hit]:
    """A contributor who does not communicate with the task's owner.

    One finding per contributor (its first mention in the list); the node is the
    contributor's place in ``contributors``.
    """
    org, graph = ctx.org, ctx.graph
    for task in org.tasks.values():
        if not task.contributors:
            continue
        silent = graph.out_of_touch(task.owner, task.contributors)
        if not silent:
            continue
        owner, title = person_label(org, task.owner), task_label(task)
        owner_node = nodepath.person(task.owner)
        contributors = task.contributors
        for index, node in zip(silent, task.contributor_nodes(silent), strict=True):
            person = contributors[index]
            yield Hit(
                "CG104",
                node,
                {"contributor": person_label(org, person), "owner": owner, "task": title},
                (nodepath.person(person), owner_node),  # related
            )


@rule("CG105", "isolated-person", scope="people")
def isolated_person(ctx: Context) -> Iterator[Hit]:
    """A person with no link and no forum: nobody coordinates with them at all."""
    org, graph = ctx.org, ctx.graph
    linked = {p for link in org.links for p in link.between}
    for person in org.people.values():
        if person.id in linked or person.id in graph.forums_of:
            continue
        yield Hit("CG105", nodepath.person(person.id), {"person": person_label(org, person.id)})


@rule("CG106", "single-point-of-coordination", Severity.INFO, scope="people")
def single_point_of_coordination(ctx: Context) -> Iterator[Hit]:
    """A non-leader whose absence cuts task owners off from every leader.

    Such a person is an articulation point of the contact graph (a cut vertex between
    its biconnected components), but only fires when a part that falls off holds a task
    owner and no leader. Linear in the size of the graph: one pass of networkx's
    biconnected components, then one walk over the tree they form with the cut
    vertices.
    """
    org, graph = ctx.org, ctx.graph
    leaders = set(graph.leaders)
    owners = {t.owner for t in org.tasks.values()}
    if not leaders or not owners:
        return  # nobody to cut off, or nobody to cut them off from
    # An owner who is a leader, or who talks with one directly or in a forum, keeps that
    # way whoever else is away: only the others can be stranded.
    forums_of = graph.forums_of
    leaders_forums = {forum for leader in leaders for forum in forums_of.get(leader, ())}
    linked = {p for link in org.links if leaders.intersection(link.between) for p in link.between}
    at_risk = {
        owner
        for owner in owners
        if owner not in leaders
        and owner not in linked
        and leaders_forums.isdisjoint(forums_of.get(owner, ()))
    }
    if not at_risk:
        return  # no graph to build or walk when every owner sits next to a leader
    order = {pid: i for i, pid in enumerate(org.people)}
    cut_off = _cut_off_owners(graph.contact, leaders, at_risk, order)
    people = list(org.people)
    for pid in org.people:
        found = cut_off.get(pid)
        if found is None:
            continue
        count, first = found
        example = people[first]
        yield Hit(
            "CG106",
            nodepath.person(pid),
            {
                "person": person_label(org, pid),
                "count": count,
                "example": person_label(org, example),
            },
            related=(nodepath.person(pid), nodepath.person(example)),
        )


def _cut_off_owners(
    contact: nx.Graph[Any], leaders: set[str], owners: set[str], order: dict[str, int]
) -> dict[str, tuple[int, int]]:
    """For each non-leader whose removal strands owners: (owners stranded, first one).

    The biconnected components (blocks) and the cut vertices between them form a tree
    per connected part (the block-cut tree). Rooted anywhere holding a leader, removing
    a cut vertex ``v`` splits off exactly the subtrees below ``v``; one is stranded when
    it holds owners and no leader. Each person is weighed once: a cut vertex on its own
    tree node, anyone else in the one block that holds them. Forums weigh nothing and
    are never reported; "first" is the lowest file index, for a deterministic message.
    """
    import networkx as nx  # here: most checks never get this far, and it takes 0.1 s

    none = len(order)
    blocks = [block for block in nx.biconnected_components(contact) if len(block) > 1]
    seen_in: dict[Any, int] = {}
    cuts: set[Any] = set()
    for block in blocks:
        for node in block:
            if node in seen_in:
                cuts.add(node)
            seen_in[node] = 1
    # The block-cut tree: block i is node i; a cut vertex is its own node.
    tree: dict[Any, list[Any]] = {}
    weight: dict[Any, list[int]] = {}

    def weigh(node: Any, into: list[int]) -> None:
        if node in leaders:
            into[0] += 1
        if node in owners:
            into[1] += 1
            into[2] = min(into[2], order[node])

    for index, block in enumerate(blocks):
        tree[index] = []
        into = weight[index] = [0, 0, none]
        for node in block:
            if node in cuts:
                tree[index].append(node)
                tree.setdefault(node, []).append(index)
            else:
                weigh(node, into)
    for node in cuts:
        weigh(node, weight.setdefault(node, [0, 0, none]))
    result: dict[Any, tuple[int, int]] = {}
    done: set[Any] = set()
    for start in tree:
        if start in done:
            continue
        root = _leader_node(start, tree, weight, done)
        if root is None:
            continue
        # Sums of each subtree, children first (an iterative post-order).
        parent: dict[Any, Any] = {root: None}
        ordered = [root]
        for node in ordered:
            for neighbour in tree[node]:
                if neighbour not in parent:
                    parent[neighbour] = node
                    ordered.append(neighbour)
        total = {node: list(weight[node]) for node in ordered}
        for node in reversed(ordered):
            up = parent[node]
            led, owned, first = total[node]
            if up is None:
                continue
            if up in order and up not in leaders and led == 0 and owned > 0:
                # The part below ``up`` falls off with it (``up`` is a person: block
                # nodes are numbers, forums tuples).
                count, best = result.get(up, (0, none))
                result[up] = (count + owned, min(best, first))
            acc = total[up]
            acc[0] += led
            acc[1] += owned
            acc[2] = min(acc[2], first)
    return result


def _leader_node(
    start: Any, tree: dict[Any, list[Any]], weight: dict[Any, list[int]], done: set[Any]
) -> Any:
    """A node of the tree holding a leader, in the connected part of ``start`` (marked
    seen), or None. The tree is rooted there, so what lies above any cut vertex keeps a
    leader; parts without one are skipped: there nobody reaches a leader anyway."""
    part = [start]
    done.add(start)
    found = None
    for node in part:
        if found is None and weight[node][0] > 0:
            found = node
        for neighbour in tree[node]:
            if neighbour not in done:
                done.add(neighbour)
                part.append(neighbour)
    return found


@rule("CG107", "low-trust-delegation", scope="delegated")
def low_trust_delegation(ctx: Context) -> Iterator[Hit]:
    """A delegated task whose owner and accountable leader share a link marked low trust.

    Distributed leadership rests on trust: a mandate handed across a low-trust relation
    is likely to be second-guessed or quietly narrowed.
    """
    org, graph = ctx.org, ctx.graph
    for task in graph.delegated_tasks:
        leader = graph.accountable_leader(task)
        if leader is None or "low" not in graph.link_trust(task.owner, leader):
            continue
        yield Hit(
            "CG107",
            nodepath.task(task.id),
            {
                "owner": person_label(org, task.owner),
                "leader": person_label(org, leader),
                "task": task_label(task),
            },
            related=(nodepath.person(task.owner), nodepath.person(leader)),
        )


@rule(
    "CG108",
    "outside-own-unit",
    scope="people",
    params=(Param("levels_up", "count", 1),),
)
def outside_own_unit(ctx: Context) -> Iterator[Hit]:
    """Someone who is not in the meeting of one of their own units.

    A person's units are their home unit and ``also_in``, with the units above them up
    to ``levels_up`` levels (1: a house's staff belong in the institution's staff
    meeting, but not in the area's leaders' meeting two levels up). Externals are not
    expected in a unit's meeting. One finding per person and forum: outside their own
    team's meeting they miss what the team agrees.
    """
    org, graph = ctx.org, ctx.graph
    if not org.units:
        return
    levels_up: int = ctx.params["levels_up"]
    for person in org.people.values():
        if person.role == "external" or (person.unit is None and not person.also_in):
            continue
        mine = set(graph.forums_of.get(person.id, ()))
        for unit_id in units_of(org, person.id, levels_up):
            unit = org.units[unit_id]
            forum = unit.forum
            if forum is None or forum in mine:
                continue
            mine.add(forum)  # one finding per forum, however many units share it
            yield Hit(
                "CG108",
                nodepath.person(person.id, "forums", forum),
                {
                    "person": person_label(org, person.id),
                    "unit": f"{unit.name} ({unit.id})",
                    "forum": f"{org.forums[forum].name or forum} ({forum})",
                },
                related=(nodepath.forum(forum), nodepath.unit(unit.id)),
            )


@rule("CG109", "absent-from-venue", scope="tasks")
def absent_from_venue(ctx: Context) -> Iterator[Hit]:
    """A task's owner is not a member of the forum where the task is carried out.

    The board's secretary who is not on the board cannot take its minutes.
    """
    org = ctx.org
    for task in org.tasks.values():
        venue = task.venue
        if venue is None or task.owner in org.forums[venue].members:
            continue
        yield Hit(
            "CG109",
            nodepath.task(task.id, "venue"),
            {
                "owner": person_label(org, task.owner),
                "task": task_label(task),
                "forum": f"{org.forums[venue].name or venue} ({venue})",
            },
            related=(nodepath.person(task.owner), nodepath.forum(venue)),
        )


@rule("CG110", "infrequent-dependency-contact", scope="tasks")
def infrequent_dependency_contact(ctx: Context) -> Iterator[Hit]:
    """Task A depends on task B; their owners talk, but less often than A needs.

    How often is enough comes from CG102's ``required`` table, by A's complexity.
    CG103 keeps the case where the owners do not communicate at all.
    """
    org, graph = ctx.org, ctx.graph
    required: Mapping[str, str] = ctx.params_of("CG102")["required"]
    for task in org.tasks.values():
        if not task.depends_on:
            continue
        need = required[task.effective_complexity]
        for index, dep_id in enumerate(task.depends_on):
            dep = org.tasks[dep_id]
            if dep.owner == task.owner:
                continue
            actual = graph.frequency(task.owner, dep.owner)
            if actual is None or at_least_as_frequent(actual, need):
                continue
            yield Hit(
                "CG110",
                task.dependency_node(index),
                {
                    "task": task_label(task),
                    "dependency": task_label(dep),
                    "owner": person_label(org, task.owner),
                    "dependency_owner": person_label(org, dep.owner),
                    "complexity": Term(f"complexity.{task.effective_complexity}"),
                    "actual": Term(f"frequency.{actual}"),
                    "expected": Term(f"frequency.{need}"),
                },
                related=(
                    nodepath.task(dep.id),
                    nodepath.person(task.owner),
                    nodepath.person(dep.owner),
                ),
            )
