"""Organisation-level metrics (DESIGN section 3, "Metrics").

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
    org = graph.org
    pairs: set[frozenset[str]] = set()

    def need(a: str, b: str) -> None:
        if a != b:
            pairs.add(frozenset((a, b)))

    for task in graph.delegated_tasks:
        leader = graph.accountable_leader(task)
        if leader is not None:
            need(task.owner, leader)
    for task in org.tasks.values():
        for contributor in task.contributors:
            need(task.owner, contributor)
        for dep in task.depends_on:
            need(task.owner, org.tasks[dep].owner)
    return pairs


def _share(part: int, whole: int) -> float:
    return 1.0 if whole == 0 else part / whole


def compute_metrics(graph: OrgGraph) -> dict[str, float]:
    """Congruence, mandate completeness and anchoring, with the counts behind them."""
    requirements = coordination_requirements(graph)
    covered = sum(1 for pair in requirements if graph.communicates(*pair))  # symmetric
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
