"""CG1 - coordination: fixtures in tests/rules/CG1*.yaml, plus what fixtures cannot show
(the order of ``related`` for the diagrams, CG106 against a brute-force reference)."""

from __future__ import annotations

import itertools
from itertools import pairwise

import networkx as nx
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from coordgraph.checks import Context
from coordgraph.checks.coordination import single_point_of_coordination
from coordgraph.graph import OrgGraph
from coordgraph.model import Forum, Link, Organisation, Person, Task
from tests.rulekit import Case, load_cases, model, of_rule, run_case

CASES = load_cases("CG1")


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.id)
def test_fixture(case: Case) -> None:
    result = run_case(case)
    assert not [f for f in result.findings if f.code.startswith("CG0")]
    found = [(f.node, f.line - case.offset) for f in of_rule(result.findings, case.rule)]
    assert found == list(case.expect)


def _only(case_name: str) -> Case:
    (case,) = [c for c in CASES if c.name == case_name]
    return case


def test_cg101_related_is_owner_then_leader() -> None:
    finding = of_rule(run_case(_only("owner-and-granter-never-meet")).findings, "CG101")[0]
    assert [r.node for r in finding.related] == ["people/bo", "people/anne"]
    assert finding.message == (
        "Bo Berg (bo) owns the delegated task 'Tovholder på ICDP' (icdp) but does not "
        "communicate with Anne Holm (anne), the accountable leader: no link and no shared forum"
    )


def test_cg101_without_a_leader_relates_only_the_owner() -> None:
    finding = of_rule(run_case(_only("no-accountable-leader-at-all")).findings, "CG101")[0]
    assert [r.node for r in finding.related] == ["people/bo"]
    assert "no leader is accountable" in finding.message


def test_cg101_leader_found_up_the_chain_is_named() -> None:
    finding = of_rule(run_case(_only("first-leader-up-the-reports-to-chain")).findings, "CG101")[0]
    assert [r.node for r in finding.related] == ["people/bo", "people/anne"]


def test_cg102_message_names_frequencies_in_both_languages() -> None:
    case = _only("high-biweekly-is-one-step-too-rare")
    en = of_rule(run_case(case, "en").findings, "CG102")[0].message
    da = of_rule(run_case(case, "da").findings, "CG102")[0].message
    assert "only every two weeks" in en and "at least weekly" in en
    assert "taler kun sammen hver 14. dag" in da and "mindst ugentligt" in da
    assert "Bo Berg (bo)" in da and "Anne Holm (anne)" in da


def test_cg103_related_is_dependency_then_both_owners() -> None:
    finding = of_rule(run_case(_only("owners-never-meet")).findings, "CG103")[0]
    assert [r.node for r in finding.related] == ["tasks/icdp", "people/hanne", "people/bo"]
    assert "'Sprogindsats' (sprog) depends on 'Tovholder på ICDP' (icdp)" in finding.message


def test_cg103_columns_tell_apart_dependencies_on_one_line() -> None:
    findings = of_rule(
        run_case(_only("one-finding-per-dependency-indexed-as-written")).findings, "CG103"
    )
    line = "    depends_on: [icdp, budget, sprog]"
    assert [f.column for f in findings] == [line.index("icdp") + 1, line.index("sprog") + 1]


def test_cg104_related_is_contributor_then_owner() -> None:
    finding = of_rule(run_case(_only("second-contributor-never-meets-the-owner")).findings, "CG104")
    assert [r.node for r in finding[0].related] == ["people/tove", "people/hanne"]


def test_cg106_names_how_many_owners_and_the_first() -> None:
    finding = of_rule(run_case(_only("a-hub-stranding-two-branches")).findings, "CG106")[0]
    assert finding.severity.value == "info"
    assert "for 2 task owner(s), among them Sofie Lund (sofie)" in finding.message


# -- CG106 against a brute-force reference --------------------------------------------


def _reference_cg106(org: Organisation) -> list[str]:
    """Remove each non-leader in turn and look for owners who lost every leader, in a
    graph of people built here: an edge for each link and each pair sharing a forum."""
    graph = nx.Graph()
    graph.add_nodes_from(org.people)
    graph.add_edges_from(link.between for link in org.links)
    for forum in org.forums.values():
        graph.add_edges_from(itertools.combinations(forum.members, 2))
    leaders = {p.id for p in org.people.values() if p.role == "leader"}
    owners = {t.owner for t in org.tasks.values()}

    def reach_leader(g: nx.Graph) -> set[str]:
        reached: set[str] = set()
        for leader in leaders & set(g):
            reached |= nx.node_connected_component(g, leader)
        return reached

    before = reach_leader(graph)
    result = []
    for person in org.people:
        if person in leaders:
            continue
        rest = graph.copy()
        rest.remove_node(person)
        after = reach_leader(rest)
        if any(o in before and o not in after for o in owners if o != person):
            result.append(person)
    return result


@st.composite
def organisations(draw: st.DrawFn) -> Organisation:
    n = draw(st.integers(min_value=1, max_value=9))
    ids = [f"p{i}" for i in range(n)]
    roles = draw(st.lists(st.sampled_from(["leader", "inbetweener", "staff"]), min_size=n,
                          max_size=n))  # fmt: skip
    people = {i: Person(i, i.upper(), r) for i, r in zip(ids, roles, strict=True)}
    pairs = [(a, b) for x, a in enumerate(ids) for b in ids[x + 1 :]]
    chosen = draw(st.lists(st.sampled_from(pairs), unique=True) if pairs else st.just([]))
    links = tuple(Link(k, pair, "weekly") for k, pair in enumerate(chosen))
    owners = draw(st.lists(st.sampled_from(ids), max_size=5))
    tasks = {f"t{k}": Task(f"t{k}", f"T{k}", owner) for k, owner in enumerate(owners)}
    groups = draw(st.lists(st.lists(st.sampled_from(ids), max_size=4, unique=True), max_size=3))
    forums = {f"f{k}": Forum(f"f{k}", tuple(group), "monthly") for k, group in enumerate(groups)}
    return Organisation("o", "O", people=people, tasks=tasks, links=links, forums=forums)


@settings(max_examples=300, deadline=None)
@given(organisations())
def test_cg106_matches_removing_each_person(org: Organisation) -> None:
    context = Context(org=org, graph=OrgGraph(org), params={}, as_of=None)  # type: ignore[arg-type]
    got = [hit.node.removeprefix("people/") for hit in single_point_of_coordination(context)]
    assert got == _reference_cg106(org)


def test_cg106_on_a_long_chain_counts_every_stranded_owner() -> None:
    """A path leader - p1 - ... - p400, everyone owning a task: each p_k strands the rest."""
    n = 400
    people = {"anne": Person("anne", "Anne", "leader")}
    people |= {f"p{i}": Person(f"p{i}", f"P{i}", "staff") for i in range(1, n + 1)}
    chain = ["anne", *[f"p{i}" for i in range(1, n + 1)]]
    links = tuple(Link(k, (a, b), "weekly") for k, (a, b) in enumerate(pairwise(chain)))
    tasks = {f"t{i}": Task(f"t{i}", f"T{i}", f"p{i}") for i in range(1, n + 1)}
    org = Organisation("o", "O", people=people, tasks=tasks, links=links)
    context = Context(org=org, graph=OrgGraph(org), params={}, as_of=None)  # type: ignore[arg-type]
    hits = list(single_point_of_coordination(context))
    assert [h.node for h in hits] == [f"people/p{i}" for i in range(1, n)]
    assert [h.args["count"] for h in hits] == [n - i for i in range(1, n)]
    assert hits[0].args["example"] == "P2 (p2)"


def test_model_helper_rejects_broken_input() -> None:
    with pytest.raises(AssertionError):
        model("version: 1\norganisation: {id: x, name: X}\npeople: {a: {name: A}}\n")


def test_cg106_roots_where_a_leader_is() -> None:
    """A leader declared first, then a coordinator, then the only owner behind him: the
    part that falls off is below the coordinator, however the blocks come out."""
    people = {
        "anne": Person("anne", "Anne", "leader"),
        "bo": Person("bo", "Bo", "inbetweener"),
        "cy": Person("cy", "Cy", "staff"),
    }
    links = (Link(0, ("cy", "bo"), "weekly"), Link(1, ("bo", "anne"), "weekly"))
    org = Organisation("o", "O", people=people, tasks={"t": Task("t", "T", "cy")}, links=links)
    context = Context(org=org, graph=OrgGraph(org), params={}, as_of=None)  # type: ignore[arg-type]
    assert [h.node for h in single_point_of_coordination(context)] == ["people/bo"]
