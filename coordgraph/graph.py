"""Graph views of an organisation and the derived notions the rules share.

Built once per file and handed to every check, so no rule recomputes communication,
accountability or anchoring. The notions follow DESIGN section 2:

* **communicate** - a link joins two people or they share a forum; the pair's
  frequency is the most frequent of those;
* **delegated task** - a leadership task whose owner is not a leader;
* **accountable leader** - ``mandate.granted_by``, else ``follow_up.with``, else the
  first leader up the owner's ``reports_to`` chain, else none;
* **effective serves** - a task's own ``serves`` or, when empty, its parent's.
"""

from __future__ import annotations

from functools import cached_property
from typing import TYPE_CHECKING

from coordgraph.model import Organisation, Person, Task, more_frequent

if TYPE_CHECKING:  # networkx is imported by the views that build its graphs (start-up)
    import networkx as nx


class OrgGraph:
    """Read-only views over one :class:`Organisation`.

    ``communication``: undirected graph of person ids; every person is a node; an edge
    means the pair communicates, with attributes ``frequency`` (most frequent),
    ``links`` (link indexes), ``forums`` (forum ids) and ``trust`` (set of trust
    levels of the links joining them).
    ``tasks``: directed graph of task ids with ``depends_on`` edges task -> dependency
    (attribute ``kind="depends_on"``) and ``part_of`` edges child -> parent
    (``kind="part_of"``).
    ``delegation``: multi-digraph granter -> owner, one edge per task with a mandate
    (key and attribute ``task`` = task id).
    These three are networkx graphs, built (and networkx imported) on first use; the
    rules use none of them. They ask ``communicates``, ``frequency`` and ``link_trust``
    about pairs, answered from the links and each person's forums, and CG106 walks
    ``contact``: plain adjacency lists with each forum a node of its own.
    """

    def __init__(self, org: Organisation) -> None:
        self.org = org

    # -- communication ------------------------------------------------------------
    @cached_property
    def communication(self) -> nx.Graph:
        import networkx as nx

        graph = nx.Graph()
        graph.add_nodes_from(self.org.people)
        adj = graph._adj  # direct adjacency access: forum cliques can be large

        def touch(a: str, b: str) -> dict:
            data = adj[a].get(b)
            if data is None:
                data = {"frequency": None, "links": [], "forums": [], "trust": set()}
                adj[a][b] = data
                adj[b][a] = data
            return data

        for link in self.org.links:
            a, b = link.between
            data = touch(a, b)
            data["frequency"] = more_frequent(data["frequency"], link.frequency)
            data["links"].append(link.index)
            if link.trust is not None:
                data["trust"].add(link.trust)
        for forum in self.org.forums.values():
            members = list(dict.fromkeys(forum.members))
            for i, a in enumerate(members):
                for b in members[i + 1 :]:
                    data = touch(a, b)
                    data["frequency"] = more_frequent(data["frequency"], forum.frequency)
                    data["forums"].append(forum.id)
        return graph

    # The pair questions below are answered from the links and the forums directly, the
    # same as ``communication`` would, without building its edges: a forum of n members
    # is n*(n-1)/2 of them (hundreds of thousands in a municipality's file).

    @cached_property
    def _links(self) -> dict[tuple[str, str], tuple[str | None, set[str]]]:
        """(a, b) and (b, a) of each linked pair -> (most frequent link, trust levels)."""
        result: dict[tuple[str, str], tuple[str | None, set[str]]] = {}
        for link in self.org.links:
            a, b = link.between
            frequency, trust = result.get((a, b), (None, set()))
            frequency = more_frequent(frequency, link.frequency)
            if link.trust is not None:
                trust.add(link.trust)
            result[(a, b)] = result[(b, a)] = (frequency, trust)
        return result

    @cached_property
    def _forum_sets(self) -> dict[str, frozenset[str]]:
        return {person: frozenset(forums) for person, forums in self.forums_of.items()}

    def _shared_forums(self, a: str, b: str) -> frozenset[str]:
        if a == b:
            return frozenset()
        mine = self._forum_sets.get(a)
        theirs = self._forum_sets.get(b)
        if not mine or not theirs:
            return frozenset()
        return mine & theirs

    def communicates(self, a: str, b: str) -> bool:
        if a == b or (a, b) in self._links:
            return True
        mine = self._forum_sets.get(a)
        theirs = self._forum_sets.get(b)
        return bool(mine and theirs and not mine.isdisjoint(theirs))

    def frequency(self, a: str, b: str) -> str | None:
        """Most frequent contact between two people, ``None`` when they do not communicate."""
        linked = self._links.get((a, b))
        best = None if linked is None else linked[0]
        forums = self.org.forums
        for forum in self._shared_forums(a, b):
            best = more_frequent(best, forums[forum].frequency)
        return best

    def link_trust(self, a: str, b: str) -> frozenset[str]:
        """Trust levels declared on the links joining ``a`` and ``b``."""
        linked = self._links.get((a, b))
        return frozenset() if linked is None else frozenset(linked[1])

    @cached_property
    def contact(self) -> dict[object, list[object]]:
        """``communication`` as plain adjacency lists, with each forum a node of its own.

        Nodes: every person id, and ``("forum", id)`` for every forum, joined to each
        member; linked people are joined once however many links join them. Two people
        are connected here, with or without any one other person, exactly when they are
        in ``communication``, but a forum adds as many edges as it has members, not the
        square of that. For structure (who holds the graph together); no attributes.
        """
        adjacency: dict[object, dict[object, None]] = {p: {} for p in self.org.people}
        for link in self.org.links:
            a, b = link.between
            adjacency.setdefault(a, {})[b] = None
            adjacency.setdefault(b, {})[a] = None
        for forum in self.org.forums.values():
            node = ("forum", forum.id)
            members = adjacency[node] = {}
            for member in forum.members:
                members[member] = None
                adjacency.setdefault(member, {})[node] = None
        return {node: list(neighbours) for node, neighbours in adjacency.items()}

    @cached_property
    def forums_of(self) -> dict[str, tuple[str, ...]]:
        """Forum ids each person is a member of (people without forums are absent)."""
        result: dict[str, list[str]] = {}
        for forum in self.org.forums.values():
            for member in dict.fromkeys(forum.members):
                result.setdefault(member, []).append(forum.id)
        return {k: tuple(v) for k, v in result.items()}

    # -- people -------------------------------------------------------------------
    def person(self, person_id: str) -> Person:
        return self.org.people[person_id]

    @cached_property
    def leaders(self) -> tuple[str, ...]:
        return tuple(p.id for p in self.org.people.values() if p.role == "leader")

    @cached_property
    def direct_reports(self) -> dict[str, tuple[str, ...]]:
        result: dict[str, list[str]] = {}
        for p in self.org.people.values():
            if p.reports_to is not None:
                result.setdefault(p.reports_to, []).append(p.id)
        return {k: tuple(v) for k, v in result.items()}

    def first_leader_up(self, person_id: str) -> str | None:
        """The first leader on the ``reports_to`` chain above ``person_id`` (not itself)."""
        people = self.org.people
        current = people[person_id].reports_to
        seen = {person_id}
        while current is not None and current not in seen:
            if people[current].role == "leader":
                return current
            seen.add(current)
            current = people[current].reports_to
        return None

    # -- tasks --------------------------------------------------------------------
    @cached_property
    def tasks(self) -> nx.DiGraph:
        import networkx as nx

        graph = nx.DiGraph()
        graph.add_nodes_from(self.org.tasks)
        for task in self.org.tasks.values():
            for dep in task.depends_on:
                graph.add_edge(task.id, dep, kind="depends_on")
            if task.part_of is not None:
                graph.add_edge(task.id, task.part_of, kind="part_of")
        return graph

    @cached_property
    def delegation(self) -> nx.MultiDiGraph:
        import networkx as nx

        graph = nx.MultiDiGraph()
        graph.add_nodes_from(self.org.people)
        for task in self.org.tasks.values():
            if task.mandate is not None and task.mandate.granted_by is not None:
                graph.add_edge(task.mandate.granted_by, task.owner, key=task.id, task=task.id)
        return graph

    def is_delegated(self, task: Task) -> bool:
        return task.is_leadership and self.org.people[task.owner].role != "leader"

    @cached_property
    def delegated_tasks(self) -> tuple[Task, ...]:
        """Delegated tasks in file order."""
        return tuple(t for t in self.org.tasks.values() if self.is_delegated(t))

    @cached_property
    def leadership_tasks(self) -> tuple[Task, ...]:
        return tuple(t for t in self.org.tasks.values() if t.is_leadership)

    @cached_property
    def subtasks(self) -> dict[str, tuple[str, ...]]:
        """Direct children (``part_of``) of each task, in file order."""
        result: dict[str, list[str]] = {}
        for task in self.org.tasks.values():
            if task.part_of is not None:
                result.setdefault(task.part_of, []).append(task.id)
        return {k: tuple(v) for k, v in result.items()}

    def accountable_leader(self, task: Task) -> str | None:
        if task.mandate is not None and task.mandate.granted_by is not None:
            return task.mandate.granted_by
        if task.follow_up is not None and task.follow_up.with_ is not None:
            return task.follow_up.with_
        return self.first_leader_up(task.owner)

    @cached_property
    def _effective_serves(self) -> dict[str, tuple[str, ...]]:
        result: dict[str, tuple[str, ...]] = {}
        tasks = self.org.tasks
        for task_id in tasks:
            chain: list[str] = []
            current: str | None = task_id
            while current is not None and current not in result:
                chain.append(current)
                own = tasks[current].serves
                if own:
                    result[current] = own
                    chain.pop()
                    break
                current = tasks[current].part_of
            inherited = result.get(current, ()) if current is not None else ()
            for item in chain:
                result[item] = inherited
        return result

    def effective_serves(self, task: Task) -> tuple[str, ...]:
        return self._effective_serves[task.id]

    def serves_pedagogical_line(self, task: Task) -> bool:
        direction = self.org.direction
        return any(
            direction[e].kind == "pedagogical_line"
            for e in self.effective_serves(task)
            if e in direction
        )
