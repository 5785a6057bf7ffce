"""The organisation as a graph, and the derived notions the rules share.

Built once per file and handed to every check, so no rule recomputes communication,
accountability or anchoring:

* **communicate** - a link joins two people or they share a forum; the pair's
  frequency is the most frequent of those;
* **delegated task** - a leadership task whose owner is not a leader;
* **accountable leader** - ``mandate.granted_by``, else ``follow_up.with``, else the
  first leader up the owner's ``reports_to`` chain, else none;
* **effective serves** - a task's own ``serves`` or, when empty, its parent's.

The structure is a networkx graph (:attr:`OrgGraph.contact`) and the rules that ask
structural questions use networkx's algorithms on it (CG106: biconnected components).
Questions about one pair of people are answered from the links and each person's
forums directly, which is what the rules ask most and what a forum of n members would
otherwise make n*(n-1)/2 edges of.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import cached_property
from typing import TYPE_CHECKING, Any

from coordgraph.model import Organisation, Person, Task, more_frequent

if TYPE_CHECKING:
    import networkx as nx


def forum_node(forum_id: str) -> tuple[str, str]:
    """A forum's node in :attr:`OrgGraph.contact` (people are their ids)."""
    return ("forum", forum_id)


class OrgGraph:
    """Read-only views over one :class:`Organisation`.

    ``contact`` is an undirected networkx graph: every person is a node, every forum a
    node of its own (:func:`forum_node`) joined to each member, and two linked people
    are joined once however many links join them. Two people are connected in it, with
    or without any one other person, exactly when they are through the communication
    the file declares, so its articulation points and blocks say who holds the
    organisation together.
    """

    def __init__(self, org: Organisation) -> None:
        self.org = org

    @cached_property
    def contact(self) -> nx.Graph[Any]:
        # networkx is imported when a rule first asks for the graph: a check where no
        # rule needs it (most small files) starts 0.1 s sooner.
        import networkx as nx

        graph: nx.Graph[Any] = nx.Graph()
        graph.add_nodes_from(self.org.people)
        graph.add_edges_from(link.between for link in self.org.links)
        for forum in self.org.forums.values():
            node = forum_node(forum.id)
            graph.add_node(node)
            graph.add_edges_from((node, member) for member in forum.members)
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

    def out_of_touch(self, person: str, others: Sequence[str]) -> list[int]:
        """Positions in ``others`` of those who do not communicate with ``person``, each
        at its first mention: :meth:`communicates` for a whole list, with ``person``'s
        links and forums looked up once (a task may have 100,000 contributors)."""
        links = self._links
        mine = self.forums_of.get(person)
        mine_set = frozenset(mine) if mine else frozenset()
        forums_of = self.forums_of
        seen: set[str] = set()
        result: list[int] = []
        for index, other in enumerate(others):
            if other in seen:
                continue
            seen.add(other)
            if other == person or (other, person) in links:
                continue
            theirs = forums_of.get(other)
            if theirs and not mine_set.isdisjoint(theirs):
                continue
            result.append(index)
        return result

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
    def forums_of(self) -> dict[str, tuple[str, ...]]:
        """Forum ids each person is a member of (people without forums are absent)."""
        result: dict[str, tuple[str, ...]] = {}
        get = result.get
        for forum in self.org.forums.values():
            this = (forum.id,)
            for member in dict.fromkeys(forum.members):
                known = get(member)
                result[member] = this if known is None else known + this
        return result

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
        return self._leader_above[person_id]

    @cached_property
    def _leader_above(self) -> dict[str, str | None]:
        """First leader above each person, for everyone at once: each chain is walked
        once, however many people hang below it (``reports_to`` has no cycles)."""
        people = self.org.people
        result: dict[str, str | None] = {}
        for start in people:
            chain: list[str] = []
            current = start
            found: str | None = None
            while current not in result:
                chain.append(current)
                boss = people[current].reports_to
                if boss is None:
                    break
                if people[boss].role == "leader":
                    found = boss
                    break
                if boss in result:
                    found = result[boss]
                    break
                current = boss
            else:
                found = result[current]
            for member in chain:
                result[member] = found
        return result

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

    @cached_property
    def served_direction(self) -> frozenset[str]:
        """The direction elements some task serves, itself or through a parent task."""
        # Tasks without serves of their own share their parent's tuple: each once.
        return frozenset(e for serves in set(self._effective_serves.values()) for e in serves)

    def serves_pedagogical_line(self, task: Task) -> bool:
        direction = self.org.direction
        return any(
            direction[e].kind == "pedagogical_line"
            for e in self.effective_serves(task)
            if e in direction
        )
