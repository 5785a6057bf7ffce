"""Organisation-level metrics (docs/rules.md, "Metrics").

* ``congruence`` - coordination congruence (Cataldo et al.): the share of coordination
  requirements covered by communication. A requirement is an unordered pair of two
  different people who need to coordinate: a delegated task's owner and its
  accountable leader, a task's owner and each of its contributors, and the owners of
  two tasks joined by ``depends_on``. Pairs are counted once however many tasks create
  them; a pair is covered when the two communicate (a link or a shared forum). A
  delegated task without an accountable leader creates no pair (there is nobody to
  pair with; CG101 reports it).
* ``mandate_completeness`` - the share of delegated tasks that answer all three
  questions: a description, resources (at least one value) and a mandate.
* ``anchoring`` - the share of leadership tasks whose effective ``serves`` reaches the
  pedagogical line.

A share with an empty denominator is 1.0: nothing is required, so nothing is missing
(an organisation without delegated tasks has complete mandates). The raw counts are
returned beside the shares.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from typing import TypeVar

from coordgraph.checks.common import has_description, has_resources, units_of
from coordgraph.graph import OrgGraph
from coordgraph.model import Task

V = TypeVar("V")


class Measured(Mapping[str, V]):
    """Metrics worked out when first read.

    Most checks show no metrics (the text format without ``--statistics``), and a
    large file's are a tenth of its check; a result carries this instead of the
    numbers, and whoever reads them pays once.
    """

    __slots__ = ("_measure", "_values")

    def __init__(self, measure: Callable[[], dict[str, V]]) -> None:
        self._measure: Callable[[], dict[str, V]] | None = measure
        self._values: dict[str, V] = {}

    @property
    def values_now(self) -> dict[str, V]:
        """The metrics as a plain dict, measured if not yet."""
        if self._measure is not None:
            self._values = self._measure()
            self._measure = None  # the graph it holds is let go
        return self._values

    def __getitem__(self, key: str) -> V:
        return self.values_now[key]

    def __iter__(self) -> Iterator[str]:
        return iter(self.values_now)

    def __len__(self) -> int:
        return len(self.values_now)

    def __repr__(self) -> str:
        return repr(self.values_now)


def coordination_requirements(graph: OrgGraph) -> set[frozenset[str]]:
    """Every coordination requirement of the organisation, as unordered pairs."""
    return {frozenset(pair) for pair in _requirement_pairs(graph)}


def _requirement_pairs(graph: OrgGraph) -> set[tuple[str, str]]:
    """The requirements as (smaller id, larger id): one per unordered pair, cheaply."""
    org = graph.org
    pairs: set[tuple[str, str]] = set()
    add = pairs.add
    for task in graph.delegated_tasks:
        leader = graph.accountable_leader(task)
        if leader is not None and leader != task.owner:
            add((task.owner, leader) if task.owner < leader else (leader, task.owner))
    tasks = org.tasks
    for task in tasks.values():
        owner = task.owner
        for other in task.contributors:
            if other != owner:
                add((owner, other) if owner < other else (other, owner))
        for dep in task.depends_on:
            other = tasks[dep].owner
            if other != owner:
                add((owner, other) if owner < other else (other, owner))
    return pairs


def _share(part: int, whole: int) -> float:
    return 1.0 if whole == 0 else part / whole


def compute_metrics(graph: OrgGraph) -> dict[str, float]:
    """Congruence, mandate completeness and anchoring, with the counts behind them."""
    requirements = _requirement_pairs(graph)
    communicates = graph.communicates
    covered = sum(1 for a, b in requirements if communicates(a, b))
    delegated = graph.delegated_tasks
    complete = sum(
        1 for t in delegated if t.mandate is not None and has_description(t) and has_resources(t)
    )
    leadership = graph.leadership_tasks
    anchored = sum(1 for t in leadership if graph.serves_pedagogical_line(t))
    return {
        "congruence": _share(covered, len(requirements)),
        "mandate_completeness": _share(complete, len(delegated)),
        "anchoring": _share(anchored, len(leadership)),
        "coordination_requirements": len(requirements),
        "coordination_covered": covered,
        "delegated_tasks": len(delegated),
        "complete_mandates": complete,
        "leadership_tasks": len(leadership),
        "anchored_tasks": anchored,
    }


def unit_metrics(graph: OrgGraph) -> dict[str, dict[str, float]]:
    """The three shares for each unit, counting the tasks owned by its people.

    A unit's people are everyone whose units (home, ``also_in`` and the units above
    them) include it, so a house's figures are inside its institution's. A requirement
    counts for the units of the owner of the task that makes it. Units without people
    who own tasks get 1.0 everywhere, as the whole does.
    """
    org = graph.org
    if not org.units:
        return {}
    units_of_person = {pid: units_of(org, pid) for pid in org.people}
    pairs: dict[str, set[tuple[str, str]]] = {u: set() for u in org.units}
    delegated: dict[str, list[Task]] = {u: [] for u in org.units}
    leadership: dict[str, list[Task]] = {u: [] for u in org.units}

    def require(owner: str, other: str | None) -> None:
        if other is None or other == owner:
            return
        pair = (owner, other) if owner < other else (other, owner)
        for unit in units_of_person[owner]:
            pairs[unit].add(pair)

    for task in org.tasks.values():
        owner = task.owner
        if graph.is_delegated(task):
            require(owner, graph.accountable_leader(task))
            for unit in units_of_person[owner]:
                delegated[unit].append(task)
        if task.is_leadership:
            for unit in units_of_person[owner]:
                leadership[unit].append(task)
        for other in task.contributors:
            require(owner, other)
        for dep in task.depends_on:
            require(owner, org.tasks[dep].owner)
    communicates = graph.communicates
    result: dict[str, dict[str, float]] = {}
    for unit in org.units:
        covered = sum(1 for a, b in pairs[unit] if communicates(a, b))
        complete = sum(
            1
            for t in delegated[unit]
            if t.mandate is not None and has_description(t) and has_resources(t)
        )
        anchored = sum(1 for t in leadership[unit] if graph.serves_pedagogical_line(t))
        result[unit] = {
            "congruence": _share(covered, len(pairs[unit])),
            "mandate_completeness": _share(complete, len(delegated[unit])),
            "anchoring": _share(anchored, len(leadership[unit])),
            "coordination_requirements": len(pairs[unit]),
            "delegated_tasks": len(delegated[unit]),
            "leadership_tasks": len(leadership[unit]),
        }
    return result
