"""Metrics: congruence, mandate completeness, anchoring (docs/rules.md, "Metrics").

Congruence is checked against a reference written here from the definitions, on
organisations generated with hypothesis (built as model objects directly), and by hand
on the test institution.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from coordgraph.graph import OrgGraph
from coordgraph.metrics import compute_metrics
from coordgraph.model import (
    DirectionElement,
    FollowUp,
    Forum,
    Link,
    Mandate,
    Organisation,
    Person,
    Resources,
    Task,
)
from tests.rulekit import RULES_DIR, model

ROLES = ["leader", "inbetweener", "staff", "external"]
FREQ = ["daily", "weekly", "monthly", "yearly"]


@st.composite
def organisations(draw: st.DrawFn) -> Organisation:
    n = draw(st.integers(min_value=1, max_value=8))
    ids = [f"p{i}" for i in range(n)]
    people = {}
    for i, pid in enumerate(ids):
        boss = draw(st.none() | st.sampled_from(ids[:i])) if i else None
        people[pid] = Person(pid, pid.upper(), draw(st.sampled_from(ROLES)), reports_to=boss)
    pairs = [(a, b) for x, a in enumerate(ids) for b in ids[x + 1 :]]
    chosen = draw(st.lists(st.sampled_from(pairs), max_size=8)) if pairs else []
    links = tuple(Link(k, pair, draw(st.sampled_from(FREQ))) for k, pair in enumerate(chosen))
    forums = {}
    for k in range(draw(st.integers(min_value=0, max_value=2))):
        members = tuple(draw(st.lists(st.sampled_from(ids), max_size=4)))
        forums[f"f{k}"] = Forum(f"f{k}", members, "monthly")
    direction = {
        "line": DirectionElement("line", "pedagogical_line", "Linjen"),
        "goal": DirectionElement("goal", "goals", "Målet"),
    }
    tasks: dict[str, Task] = {}
    for k in range(draw(st.integers(min_value=0, max_value=7))):
        tid = f"t{k}"
        earlier = list(tasks)
        mandate = draw(st.none() | st.builds(Mandate, granted_by=st.none() | st.sampled_from(ids)))
        follow_up = draw(st.none() | st.builds(FollowUp, with_=st.none() | st.sampled_from(ids)))
        tasks[tid] = Task(
            tid,
            tid.upper(),
            draw(st.sampled_from(ids)),
            kind=draw(st.sampled_from(["leadership", "practice"])),
            description=draw(st.none() | st.just("Hvad er opgaven")),
            contributors=tuple(draw(st.lists(st.sampled_from(ids), max_size=3))),
            part_of=draw(st.none() | st.sampled_from(earlier)) if earlier else None,
            depends_on=tuple(draw(st.lists(st.sampled_from(earlier), max_size=2)))
            if earlier
            else (),
            mandate=mandate,
            resources=draw(st.none() | st.just(Resources(hours_per_week=2))),
            follow_up=follow_up,
            serves=tuple(draw(st.lists(st.sampled_from(["line", "goal"]), max_size=2))),
        )
    return Organisation(
        "o", "O", direction=direction, people=people, forums=forums, tasks=tasks, links=links
    )


def reference_congruence(org: Organisation) -> tuple[int, int]:
    """(requirements, covered), from their definition in docs/rules.md, without OrgGraph."""
    talk: set[frozenset[str]] = {frozenset(link.between) for link in org.links}
    for forum in org.forums.values():
        talk |= {frozenset((a, b)) for a in forum.members for b in forum.members if a != b}

    def leader_of(task: Task) -> str | None:
        if task.mandate and task.mandate.granted_by:
            return task.mandate.granted_by
        if task.follow_up and task.follow_up.with_:
            return task.follow_up.with_
        boss = org.people[task.owner].reports_to
        while boss is not None:
            if org.people[boss].role == "leader":
                return boss
            boss = org.people[boss].reports_to
        return None

    pairs: set[frozenset[str]] = set()
    for task in org.tasks.values():
        delegated = task.kind == "leadership" and org.people[task.owner].role != "leader"
        others = list(task.contributors)
        others += [org.tasks[d].owner for d in task.depends_on]
        if delegated and leader_of(task) is not None:
            others.append(leader_of(task))  # type: ignore[arg-type]
        pairs |= {frozenset((task.owner, o)) for o in others if o != task.owner}
    return len(pairs), len(pairs & talk)


@settings(max_examples=200, deadline=None)
@given(organisations())
def test_congruence_matches_the_reference(org: Organisation) -> None:
    metrics = compute_metrics(OrgGraph(org))
    required, covered = reference_congruence(org)
    assert metrics["coordination_requirements"] == required
    assert metrics["coordination_covered"] == covered
    expected = 1.0 if required == 0 else covered / required
    assert metrics["congruence"] == pytest.approx(expected)
    for key in ("congruence", "mandate_completeness", "anchoring"):
        assert 0.0 <= metrics[key] <= 1.0


@settings(max_examples=150, deadline=None)
@given(organisations(), st.data())
def test_adding_a_link_never_lowers_congruence(org: Organisation, data: st.DataObject) -> None:
    ids = list(org.people)
    if len(ids) < 2:
        return
    a, b = data.draw(st.lists(st.sampled_from(ids), min_size=2, max_size=2, unique=True))
    more = replace(org, links=(*org.links, Link(len(org.links), (a, b), "weekly")))
    before, after = compute_metrics(OrgGraph(org)), compute_metrics(OrgGraph(more))
    assert after["congruence"] >= before["congruence"]
    assert after["coordination_requirements"] == before["coordination_requirements"]


@settings(max_examples=150, deadline=None)
@given(organisations())
def test_mandate_completeness_and_anchoring_match_their_definitions(org: Organisation) -> None:
    metrics = compute_metrics(OrgGraph(org))
    leaders = {p.id for p in org.people.values() if p.role == "leader"}
    delegated = [t for t in org.tasks.values() if t.kind == "leadership" and t.owner not in leaders]
    complete = [t for t in delegated if t.description and t.resources and t.mandate]
    assert metrics["delegated_tasks"] == len(delegated)
    assert metrics["complete_mandates"] == len(complete)

    def serves(task: Task) -> tuple[str, ...]:
        while not task.serves and task.part_of is not None:
            task = org.tasks[task.part_of]
        return task.serves

    leadership = [t for t in org.tasks.values() if t.kind == "leadership"]
    anchored = [t for t in leadership if "line" in serves(t)]
    assert (metrics["leadership_tasks"], metrics["anchored_tasks"]) == (
        len(leadership),
        len(anchored),
    )


def test_empty_denominators_give_one() -> None:
    org = Organisation("o", "O", people={"anne": Person("anne", "Anne", "leader")})
    metrics = compute_metrics(OrgGraph(org))
    assert metrics == {
        "congruence": 1.0,
        "mandate_completeness": 1.0,
        "anchoring": 1.0,
        "coordination_requirements": 0,
        "coordination_covered": 0,
        "delegated_tasks": 0,
        "complete_mandates": 0,
        "leadership_tasks": 0,
        "anchored_tasks": 0,
    }


def test_a_pair_needed_by_several_tasks_counts_once() -> None:
    people = {
        "anne": Person("anne", "Anne", "leader"),
        "bo": Person("bo", "Bo", "inbetweener", reports_to="anne"),
    }
    tasks = {
        "a": Task("a", "A", "bo", contributors=("anne",)),
        "b": Task("b", "B", "bo", depends_on=("c",)),
        "c": Task("c", "C", "anne", mandate=Mandate(granted_by="anne")),
    }
    org = Organisation("o", "O", people=people, tasks=tasks)
    metrics = compute_metrics(OrgGraph(org))
    assert (metrics["coordination_requirements"], metrics["congruence"]) == (1, 0.0)


def test_metrics_of_the_test_institution_by_hand() -> None:
    """Lindehøjskolen: 14 pairs, all covered but jonas-vagn; 6 of 8 delegated tasks
    complete (inklusionsindsats lacks a description, matematik a mandate); 6 of 9
    leadership tasks reach the line (not laesetest, trivselsindsats, budget)."""
    text = (RULES_DIR / "lindehoejskolen.org.yaml").read_text(encoding="utf-8")
    metrics = compute_metrics(OrgGraph(model(text)))
    assert metrics == {
        "congruence": pytest.approx(13 / 14),
        "mandate_completeness": pytest.approx(6 / 8),
        "anchoring": pytest.approx(6 / 9),
        "coordination_requirements": 14,
        "coordination_covered": 13,
        "delegated_tasks": 8,
        "complete_mandates": 6,
        "leadership_tasks": 9,
        "anchored_tasks": 6,
    }


def test_engine_reports_the_metrics() -> None:
    from tests.rulekit import check

    text = (RULES_DIR / "lindehoejskolen.org.yaml").read_text(encoding="utf-8")
    result = check(text, as_of=date(2026, 12, 1))
    assert result.metrics["congruence"] == pytest.approx(13 / 14)


UNITS = """\
version: 1
organisation:
  id: k
  name: K
  direction: {pedagogical_line: {leg: Leg}}
units:
  inst: {name: Institutionen, forum: pm}
  a: {name: Hus A, part_of: inst}
  b: {name: Hus B, part_of: inst}
people:
  leder: {name: Leder, role: leader, unit: inst}
  ka: {name: Koordinator A, role: inbetweener, unit: a, reports_to: leder}
  kb: {name: Koordinator B, role: inbetweener, unit: b, reports_to: leder}
  pa: {name: Pædagog A, role: staff, unit: a, reports_to: ka}
forums:
  pm: {members: [leder, ka, kb], frequency: monthly}
tasks:
  ta:
    title: Opgave A
    owner: ka
    description: D
    resources: {hours_per_week: 2}
    mandate: {granted_by: leder}
    contributors: [pa]
    serves: [leg]
  tb: {title: Opgave B, owner: kb}
"""


def test_unit_metrics_count_the_tasks_of_each_units_people() -> None:
    from tests.rulekit import check

    result = check(UNITS)
    a, b, inst = (result.unit_metrics[u] for u in ("a", "b", "inst"))
    # Hus A: ka's task answers all three, anchored; ka-leder covered, ka-pa not
    assert (a["mandate_completeness"], a["anchoring"], a["congruence"]) == (1.0, 1.0, 0.5)
    # Hus B: kb's task answers nothing and serves nothing; kb-leder covered by the forum
    assert (b["mandate_completeness"], b["anchoring"], b["congruence"]) == (0.0, 0.0, 1.0)
    # the institution holds both houses
    assert inst["delegated_tasks"] == 2 and inst["mandate_completeness"] == 0.5
    assert inst["coordination_requirements"] == 3
    assert result.metrics["mandate_completeness"] == 0.5


def test_unit_metrics_reach_json_and_statistics(tmp_path: Path) -> None:
    import json

    from tests.strategies import run_cli

    org = tmp_path / "k.org.yaml"
    org.write_text(UNITS, encoding="utf-8")
    code, out, _err = run_cli("check", "--isolated", "--format", "json", str(org))
    assert code == 1
    assert json.loads(out)["files"][0]["units"]["b"]["anchoring"] == 0.0
    _code, out, _err = run_cli("check", "--isolated", "--statistics", "--lang", "da", str(org))
    assert "  enhed b: koordineringsdækning 1.00, afklarede mandater 0.00, forankring 0.00" in out


def test_metrics_are_measured_only_when_read(monkeypatch: pytest.MonkeyPatch) -> None:
    """A check whose output shows no metrics never measures them; reading them does,
    once."""
    from coordgraph import engine
    from tests.rulekit import check

    calls: list[str] = []

    def counting(graph: OrgGraph) -> dict[str, float]:
        calls.append("whole")
        return compute_metrics(graph)

    monkeypatch.setattr(engine, "compute_metrics", counting)
    result = check(UNITS)
    assert calls == [] and len(result.findings) > 0
    assert result.metrics["congruence"] == pytest.approx(2 / 3)
    assert dict(result.metrics) == dict(result.metrics)
    assert calls == ["whole"]


@pytest.mark.parametrize(
    ("args", "measured"),
    [
        ([], False),
        (["--statistics"], True),
        (["--format", "json"], True),
        (["--format", "sarif"], False),
    ],
)
def test_the_cli_measures_metrics_only_for_outputs_that_show_them(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, args: list[str], measured: bool
) -> None:
    from coordgraph import metrics
    from tests.test_cli import run

    calls: list[str] = []
    original = metrics.Measured.values_now

    def counting(self: metrics.Measured[object]) -> dict[str, object]:
        calls.append("read")
        return original.fget(self)  # type: ignore[attr-defined,no-any-return]

    monkeypatch.setattr(metrics.Measured, "values_now", property(counting))
    org = tmp_path / "k.org.yaml"
    org.write_text(UNITS, encoding="utf-8")
    code, output = run("check", str(org), "--jobs", "1", "--fail-on", "warning", *args)
    assert code == 1, output
    assert bool(calls) is measured
    if "--statistics" in args:
        assert "0.67" in output  # congruence of the whole
