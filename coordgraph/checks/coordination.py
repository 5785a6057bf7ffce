"""CG1 - coordination: coordination requirements that no communication covers.

Cataldo et al.'s socio-technical congruence: people whose work depends on each other
need to communicate; a requirement without communication is a gap. Requirements come
from delegation (owner and accountable leader), from working on one task (owner and
contributors) and from dependencies between tasks (their owners, Sosa's interfaces).
"""

from __future__ import annotations

from collections.abc import Iterator

import networkx as nx

from coordgraph.checks import Context, check
from coordgraph.checks.common import person_label, task_label
from coordgraph.findings import Hit
from coordgraph.model import FREQUENCY_RANK, Task, at_least_as_frequent


@check("CG101")
def uncoordinated_task(ctx: Context) -> Iterator[Hit]:
    """A delegated task whose owner does not communicate with its accountable leader.

    Without a line between the two, nobody aligns how the task is carried out with what
    the leader intended, and the inbetweener fills the gaps alone.
    """
    org, graph = ctx.org, ctx.graph
    for task in graph.delegated_tasks:
        leader = graph.accountable_leader(task)
        args = {"owner": person_label(org, task.owner), "task": task_label(task)}
        if leader is None:
            yield Hit(
                "CG101",
                f"tasks/{task.id}",
                args,
                related=(f"people/{task.owner}",),
                variant="no_leader",
            )
        elif not graph.communicates(task.owner, leader):
            yield Hit(
                "CG101",
                f"tasks/{task.id}",
                {**args, "leader": person_label(org, leader)},
                related=(f"people/{task.owner}", f"people/{leader}"),
            )


@check("CG102")
def infrequent_coordination(ctx: Context) -> Iterator[Hit]:
    """Owner and accountable leader communicate, but less often than the task needs.

    A complex task needs more alignment: param ``required`` maps each complexity to the
    least frequent contact that is still enough.
    """
    org, graph = ctx.org, ctx.graph
    required: dict[str, str] = dict(ctx.params.get("required") or {})
    for task in graph.delegated_tasks:
        leader = graph.accountable_leader(task)
        need = required.get(task.complexity)
        if leader is None or leader == task.owner:
            continue
        if not isinstance(need, str) or need not in FREQUENCY_RANK:
            continue  # an unknown frequency in a config is the config check's to report
        actual = graph.frequency(task.owner, leader)
        if actual is None or at_least_as_frequent(actual, need):
            continue
        yield Hit(
            "CG102",
            f"tasks/{task.id}",
            {
                "owner": person_label(org, task.owner),
                "leader": person_label(org, leader),
                "task": task_label(task),
                "complexity": task.complexity,
                "actual": actual,
                "expected": need,
            },
            related=(f"people/{task.owner}", f"people/{leader}"),
        )


@check("CG103")
def unattended_dependency(ctx: Context) -> Iterator[Hit]:
    """Task A depends on task B, but the people carrying them do not communicate.

    Sosa's unattended interface: a dependency between two pieces of work that no
    conversation covers. By default only the two owners count; with
    ``include_contributors: true`` the dependency is attended as soon as anyone working
    on A (owner or contributor) communicates with anyone working on B.
    """
    org, graph = ctx.org, ctx.graph
    include = bool(ctx.params.get("include_contributors", False))
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
                related=(f"tasks/{dep.id}", f"people/{task.owner}", f"people/{dep.owner}"),
            )


def _teams_communicate(ctx: Context, team: tuple[str, ...], dep: Task) -> bool:
    other = (dep.owner, *dep.contributors)
    return any(ctx.graph.communicates(a, b) for a in team for b in other)


@check("CG104")
def uncoordinated_contributors(ctx: Context) -> Iterator[Hit]:
    """A contributor who does not communicate with the task's owner.

    One finding per contributor (its first mention in the list); the node is the
    contributor's place in ``contributors``.
    """
    org, graph = ctx.org, ctx.graph
    for task in org.tasks.values():
        seen: set[str] = set()
        for index, person in enumerate(task.contributors):
            if person in seen:
                continue
            seen.add(person)
            if graph.communicates(person, task.owner):
                continue
            yield Hit(
                "CG104",
                task.contributor_node(index),
                {
                    "contributor": person_label(org, person),
                    "owner": person_label(org, task.owner),
                    "task": task_label(task),
                },
                related=(f"people/{person}", f"people/{task.owner}"),
            )


@check("CG105")
def isolated_person(ctx: Context) -> Iterator[Hit]:
    """A person with no link and no forum: nobody coordinates with them at all."""
    org, graph = ctx.org, ctx.graph
    linked = {p for link in org.links for p in link.between}
    for person in org.people.values():
        if person.id in linked or person.id in graph.forums_of:
            continue
        yield Hit("CG105", f"people/{person.id}", {"person": person_label(org, person.id)})


@check("CG106")
def single_point_of_coordination(ctx: Context) -> Iterator[Hit]:
    """A non-leader whose absence cuts task owners off from every leader.

    Such a person is an articulation point of the communication graph, but only fires
    when a piece that falls off contains a task owner and no leader. Computed once from
    the block-cut tree (biconnected components), so it stays near-linear in size.
    """
    org, graph = ctx.org, ctx.graph
    comm = graph.contact  # forums as nodes: the same cut people, far fewer edges
    leaders = set(graph.leaders)
    if not leaders:
        return
    owners = {t.owner for t in org.tasks.values()}
    order = {pid: i for i, pid in enumerate(org.people)}
    cut_off = _cut_off_owners(comm, leaders, owners, order)
    people = list(org.people)
    for pid in org.people:
        found = cut_off.get(pid)
        if found is None:
            continue
        count, first = found
        example = people[first]
        yield Hit(
            "CG106",
            f"people/{pid}",
            {
                "person": person_label(org, pid),
                "count": count,
                "example": person_label(org, example),
            },
            related=(f"people/{pid}", f"people/{example}"),
        )


#: A node of the block-cut tree: ("block", index) or ("cut", vertex), a vertex being a
#: person id or ("forum", id).
TreeNode = tuple[str, "str | int | tuple[str, str]"]


def _cut_off_owners(
    comm: nx.Graph, leaders: set[str], owners: set[str], order: dict[str, int]
) -> dict[str, tuple[int, int]]:
    """For each non-leader cut vertex that strands owners: (owners stranded, first one).

    The block-cut tree of each component that holds a leader is rooted at a leader. For a
    cut vertex ``v``, each child block's subtree is a piece that loses contact with the
    root when ``v`` is removed; the piece is stranded when it holds no leader. Every
    vertex is counted once: cut vertices as their own tree node, the others in the one
    block they belong to. "First" is the lowest file index, for a deterministic message.
    Nodes that are not people (forums in ``OrgGraph.contact``) weigh nothing and are
    never reported.
    """
    blocks = list(nx.biconnected_components(comm))
    # A vertex is a cut vertex exactly when it lies in more than one block.
    in_blocks: dict[object, int] = {}
    for block in blocks:
        for v in block:
            in_blocks[v] = in_blocks.get(v, 0) + 1
    cut_vertices = {v for v, count in in_blocks.items() if count > 1}
    candidates = {v for v in cut_vertices if v in order and v not in leaders}
    if not candidates:
        return {}
    tree = nx.Graph()
    weight: dict[TreeNode, tuple[int, int, int]] = {}  # node -> (leaders, owners, first owner)
    none = len(order)

    def weigh(vertices: list[str]) -> tuple[int, int, int]:
        owned = [order[v] for v in vertices if v in owners]
        return (
            sum(1 for v in vertices if v in leaders),
            len(owned),
            min(owned, default=none),
        )

    for index, block in enumerate(blocks):
        node: TreeNode = ("block", index)
        tree.add_node(node)
        plain = [v for v in block if v not in cut_vertices]
        weight[node] = weigh(plain)
        for v in block:
            if v in cut_vertices:
                tree.add_edge(node, ("cut", v))
    for v in cut_vertices:
        weight[("cut", v)] = weigh([v])

    result: dict[str, tuple[int, int]] = {}
    for component in nx.connected_components(tree):
        root = _leader_node(component, weight)
        if root is None:
            continue
        parent: dict[TreeNode, TreeNode | None] = {root: None}
        visit = [root]
        preorder: list[TreeNode] = []
        while visit:
            node = visit.pop()
            preorder.append(node)
            for nxt in tree.adj[node]:
                if nxt not in parent:
                    parent[nxt] = node
                    visit.append(nxt)
        totals = {node: list(weight[node]) for node in preorder}
        for node in reversed(preorder):
            up = parent[node]
            if up is None:
                continue
            sub, acc = totals[node], totals[up]
            acc[0] += sub[0]
            acc[1] += sub[1]
            acc[2] = min(acc[2], sub[2])
        for node in preorder:
            up = parent[node]
            if up is None or up[0] != "cut" or up[1] not in candidates:
                continue
            cut = str(up[1])
            led, owned, first = totals[node]
            if led == 0 and owned > 0:
                count, best = result.get(cut, (0, none))
                result[cut] = (count + owned, min(best, first))
    return result


def _leader_node(
    component: set[TreeNode], weight: dict[TreeNode, tuple[int, int, int]]
) -> TreeNode | None:
    """A tree node of the component that holds a leader, preferring a deterministic one."""
    holding = [node for node in component if weight[node][0] > 0]
    if not holding:
        return None
    return min(holding, key=lambda n: (n[0], str(n[1])))


@check("CG107")
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
            f"tasks/{task.id}",
            {
                "owner": person_label(org, task.owner),
                "leader": person_label(org, leader),
                "task": task_label(task),
            },
            related=(f"people/{task.owner}", f"people/{leader}"),
        )
