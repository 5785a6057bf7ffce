"""Related nodes (the people and tasks a finding involves) are looked up when an output
asks for them, and only the outputs that show them (JSON, SARIF) make them at all."""

from __future__ import annotations

import pickle
from pathlib import Path

import pytest

from coordgraph import engine
from coordgraph.findings import Related, Span
from tests.rulekit import check, of_rule
from tests.test_cli import run

#: ``bo`` contributes to Anne's task and never meets her: one CG104 with two related.
ORG = """\
version: 1
organisation: {id: k, name: K}
people:
  leder: {name: Leder, role: leader}
  anne: {name: Anne Holm, role: inbetweener, reports_to: leder}
  bo: {name: Bo Berg, role: staff, reports_to: anne}
forums:
  pm: {members: [leder, anne], frequency: monthly}
tasks:
  t:
    title: Sprogindsats
    owner: anne
    contributors: [bo]
"""


def test_related_nodes_are_looked_up_when_first_asked(monkeypatch: pytest.MonkeyPatch) -> None:
    named: list[str] = []
    label = engine._label

    def counting(node: str, org: object) -> str:
        named.append(node)
        return label(node, org)  # type: ignore[arg-type]

    monkeypatch.setattr(engine, "_label", counting)
    (finding,) = of_rule(check(ORG).findings, "CG104")
    assert [r.node for r in finding.related] == ["people/bo", "people/anne"]
    assert named == []  # made, not yet looked up
    bo, anne = finding.related
    assert (bo.span, bo.label) == (Span(6, 3, 6, 5), "Bo Berg (bo)")
    assert named == ["people/bo"]
    assert anne == Related("people/anne", Span(5, 3, 5, 7), "Anne Holm (anne)")
    assert named == ["people/bo", "people/anne"]
    bo.span, anne.label  # noqa: B018 - looked up once only
    assert len(named) == 2


def test_pickling_settles_related_nodes() -> None:
    (finding,) = of_rule(check(ORG).findings, "CG104")
    copy = pickle.loads(pickle.dumps(finding))
    assert copy == finding
    assert all(r._source is None for r in copy.related)
    assert repr(copy.related[0]) == (
        "Related(node='people/bo', span=Span(line=6, column=3, end_line=6, end_column=5), "
        "label='Bo Berg (bo)')"
    )


@pytest.mark.parametrize(
    ("fmt", "shown"),
    [("text", False), ("github", False), ("junit", False), ("json", True), ("sarif", True)],
)
def test_the_cli_makes_related_nodes_only_for_outputs_that_show_them(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, fmt: str, shown: bool
) -> None:
    made: list[Related] = []
    pending = Related.pending

    def counting(node: str, source: object) -> Related:
        related = pending(node, source)  # type: ignore[arg-type]
        made.append(related)
        return related

    monkeypatch.setattr(Related, "pending", staticmethod(counting))
    for name in ("a", "b"):
        (tmp_path / f"{name}.org.yaml").write_text(ORG, encoding="utf-8")
    code, output = run(
        "check", str(tmp_path), "--jobs", "1", "--format", fmt, "--fail-on", "warning"
    )
    assert code == 1, output
    assert bool(made) is shown
    # looked up before the next file is read: no result holds a file's places
    assert all(r._source is None for r in made)
    if shown:
        assert "Bo Berg (bo)" in output


def test_a_checked_file_holds_no_places_once_checked(tmp_path: Path) -> None:
    """In a folder run, each file's related nodes are looked up as it is checked (so
    its text and places can go), not when the report is written at the end."""
    from coordgraph.cli import _check_one, collect

    (tmp_path / "a.org.yaml").write_text(ORG, encoding="utf-8")
    (item,) = collect([str(tmp_path)])
    settings = {"config": None, "isolated": True, "lang": None, "as_of": None}
    result = _check_one((item, {**settings, "select": (), "ignore": (), "related": True}))
    related = [r for f in result.findings for r in f.related]
    assert related and all(r._source is None for r in related)


#: ``bo`` and ``cy`` contribute to two of Anne's tasks and never meet her: four CG104,
#: each naming Anne.
TWO_TASKS = (
    ORG.replace("    contributors: [bo]\n", "    contributors: [bo, cy]\n")
    + "  u:\n    title: Forældremøder\n    owner: anne\n    contributors: [cy, bo]\n"
).replace(
    "  bo: {name: Bo Berg, role: staff, reports_to: anne}\n",
    "  bo: {name: Bo Berg, role: staff, reports_to: anne}\n"
    "  cy: {name: Cy Dam, role: staff, reports_to: anne}\n",
)


def test_related_entries_are_made_when_a_finding_is_read_one_per_node(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    made: list[str] = []
    pending = Related.pending

    def counting(node: str, source: object) -> Related:
        made.append(node)
        return pending(node, source)  # type: ignore[arg-type]

    monkeypatch.setattr(Related, "pending", staticmethod(counting))
    findings = of_rule(check(TWO_TASKS).findings, "CG104")
    assert len(findings) == 4
    assert made == []  # nothing made until an output reads them
    assert [len(f.related) for f in findings] == [2, 2, 2, 2]  # counted without making
    assert made == []
    entries = [r for f in findings for r in f.related]
    assert sorted(made) == ["people/anne", "people/bo", "people/cy"]  # one each
    anne = [r for r in entries if r.node == "people/anne"]
    assert len(anne) == 4 and all(r is anne[0] for r in anne)


def test_related_entries_compare_hash_and_pickle_as_a_tuple() -> None:
    (finding,) = of_rule(check(ORG).findings, "CG104")
    entries = tuple(finding.related)
    assert finding.related == entries and entries == finding.related
    assert hash(finding.related) == hash(entries)
    assert finding.related[:1] == entries[:1] and finding.related[-1] is entries[-1]
    copy = pickle.loads(pickle.dumps(finding.related))
    assert type(copy) is tuple and copy == entries
    (again,) = of_rule(check(ORG).findings, "CG104")
    assert again == finding and hash(again) == hash(finding)


def test_no_cycle_keeps_a_checked_model_alive() -> None:
    """Unread related entries hold the file's places and model until looked up; once
    the findings go, so does the model, without waiting for the cyclic collector (the
    CLI runs with it paused)."""
    import gc

    from coordgraph.model import Organisation

    def models() -> int:
        return sum(isinstance(o, Organisation) for o in gc.get_objects())

    gc.collect()
    before = models()
    gc.disable()
    try:
        result = check(TWO_TASKS)
        findings = of_rule(result.findings, "CG104")
        assert findings[0].related[0].label == "Bo Berg (bo)"  # one read, the rest not
        assert models() > before
        del result, findings
        assert models() == before
    finally:
        gc.enable()
