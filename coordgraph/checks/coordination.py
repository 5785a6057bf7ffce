"""CG1 - coordination: coordination requirements that no communication covers.

Cataldo et al.'s socio-technical congruence: people whose work depends on each other
need to communicate; a requirement without communication is a gap. Requirements come
from delegation (owner and accountable leader), from working on one task (owner and
contributors) and from dependencies between tasks (their owners, Sosa's interfaces).
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from typing import Any

from coordgraph.checks import Context, Param, rule
from coordgraph.checks.common import person_label, task_label
from coordgraph.findings import Hit, Severity
from coordgraph.model import FREQUENCY_RANK, Task, at_least_as_frequent
from coordgraph.terms import Term


@rule("CG101", "uncoordinated-task", missing_link=True, scope="delegated")
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
            f"tasks/{task.id}",
            {
                "owner": person_label(org, task.owner),
                "leader": person_label(org, leader),
                "task": task_label(task),
                "complexity": task.effective_complexity,
                "actual": Term(f"frequency.{actual}"),
                "expected": Term(f"frequency.{need}"),
            },
            related=(f"people/{task.owner}", f"people/{leader}"),
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
                related=(f"tasks/{dep.id}", f"people/{task.owner}", f"people/{dep.owner}"),
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


@rule("CG105", "isolated-person", scope="people")
def isolated_person(ctx: Context) -> Iterator[Hit]:
    """A person with no link and no forum: nobody coordinates with them at all."""
    org, graph = ctx.org, ctx.graph
    linked = {p for link in org.links for p in link.between}
    for person in org.people.values():
        if person.id in linked or person.id in graph.forums_of:
            continue
        yield Hit("CG105", f"people/{person.id}", {"person": person_label(org, person.id)})


@rule("CG106", "single-point-of-coordination", Severity.INFO, scope="people")
def single_point_of_coordination(ctx: Context) -> Iterator[Hit]:
    """A non-leader whose absence cuts task owners off from every leader.

    Such a person is an articulation point of the communication graph, but only fires
    when a piece that falls off contains a task owner and no leader. Computed in one
    depth-first search per connected part (low points), so it stays linear in size.
    """
    org, graph = ctx.org, ctx.graph
    leaders = graph.leaders
    if not leaders:
        return
    owners = {t.owner for t in org.tasks.values()}
    order = {pid: i for i, pid in enumerate(org.people)}
    cut_off = _cut_off_owners(graph.contact, leaders, owners, order)
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


def _cut_off_owners(
    adjacency: Mapping[Any, Sequence[Any]],
    leaders: Sequence[str],
    owners: set[str],
    order: dict[str, int],
) -> dict[str, tuple[int, int]]:
    """For each non-leader whose removal strands owners: (owners stranded, first one).

    ``adjacency`` is ``OrgGraph.contact`` (people, and forums as nodes of their own).
    One depth-first search per connected part that holds a leader, started at a leader.
    For a vertex ``v`` and a child ``c`` of it in the search tree with
    ``low(c) >= disc(v)``, removing ``v`` cuts exactly ``c``'s subtree off from the start
    (Hopcroft and Tarjan); every part that falls off is such a subtree. A part is
    stranded when it holds no leader, so which leader starts the search does not matter.
    Each subtree carries (leaders, owners, first owner's file index), added up on the way
    back. Forums weigh nothing and are never reported; "first" is the lowest file index,
    for a deterministic message.
    """
    none = len(order)
    leader_set = set(leaders)
    disc: dict[Any, int] = {}
    low: dict[Any, int] = {}
    weight: dict[Any, list[int]] = {}
    result: dict[Any, tuple[int, int]] = {}

    def weigh(v: Any) -> list[int]:
        owned = v in owners
        return [1 if v in leader_set else 0, 1 if owned else 0, order[v] if owned else none]

    for root in leaders:
        if root in disc:
            continue
        disc[root] = low[root] = len(disc)
        weight[root] = weigh(root)
        stack: list[tuple[Any, Any, Iterator[Any]]] = [(root, None, iter(adjacency.get(root, ())))]
        while stack:
            v, parent, neighbours = stack[-1]
            for w in neighbours:
                if w not in disc:
                    disc[w] = low[w] = len(disc)
                    weight[w] = weigh(w)
                    stack.append((w, v, iter(adjacency.get(w, ()))))
                    break
                if w != parent and disc[w] < low[v]:
                    low[v] = disc[w]
            else:
                stack.pop()
                if parent is None:
                    continue
                if low[v] < low[parent]:
                    low[parent] = low[v]
                led, owned, first = sub = weight[v]
                if (
                    low[v] >= disc[parent]
                    and led == 0
                    and owned > 0
                    and parent in order
                    and parent not in leader_set
                ):
                    count, best = result.get(parent, (0, none))
                    result[parent] = (count + owned, min(best, first))
                acc = weight[parent]
                acc[0] += led
                acc[1] += owned
                if sub[2] < acc[2]:
                    acc[2] = sub[2]
    return result


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
            f"tasks/{task.id}",
            {
                "owner": person_label(org, task.owner),
                "leader": person_label(org, leader),
                "task": task_label(task),
            },
            related=(f"people/{task.owner}", f"people/{leader}"),
        )
