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

from coordgraph.checks.common import has_description, has_resources
from coordgraph.graph import OrgGraph


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
