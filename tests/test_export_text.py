"""Mermaid and DOT export: the same picture as text, parseable, escaped, deterministic."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from coordgraph.model import Organisation, Person
from coordgraph.render.cli import render
from coordgraph.render.dot import to_dot
from coordgraph.render.mermaid import escape, to_mermaid
from coordgraph.render.scene import build_scene
from tests import _render_samples as samples

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def result():
    return samples.checked("da")


def _scene(result, view: str = "org"):
    return build_scene(
        result.org, result.graph, result.findings, view=view, lang="da", with_tasks=True
    )


# -- Mermaid ----------------------------------------------------------------------------

_NODE = re.compile(r'^    (\w+)(\(\[|\(|\[)"([^"]*)"(\]\)|\)|\])$')
_EDGE = re.compile(r'^    (\w+) (-->|---|===|-\.->|--o)(?:\|"([^"]*)"\|)? (\w+)$')
_OTHER = re.compile(r"^    (classDef \w+ \S.*|class [\w,]+ \w+|linkStyle [\d,]+ \S.*)$")


def parse_mermaid(text: str) -> tuple[dict[str, str], list[tuple[str, str, str, str]], list[str]]:
    """Node labels by id, edges (source, arrow, label, target) and the other statements.

    Every line must be one of the statements coordgraph writes: anything else (an
    unescaped quote breaking a label, say) fails the parse.
    """
    lines = text.splitlines()
    assert lines[0].startswith("%% coordgraph: ")
    assert lines[1] == "flowchart TB"
    nodes: dict[str, str] = {}
    edges: list[tuple[str, str, str, str]] = []
    other: list[str] = []
    for line in lines[2:]:
        if m := _NODE.match(line):
            assert m.group(1) not in nodes, f"node {m.group(1)} defined twice"
            nodes[m.group(1)] = m.group(3)
        elif m := _EDGE.match(line):
            edges.append((m.group(1), m.group(2), m.group(3) or "", m.group(4)))
        elif _OTHER.match(line):
            other.append(line.strip())
        else:
            raise AssertionError(f"not a Mermaid statement coordgraph writes: {line!r}")
    return nodes, edges, other


def test_mermaid_has_every_person_and_task_exactly_once(result):
    text = to_mermaid(_scene(result))
    nodes, edges, _ = parse_mermaid(text)
    for person in result.org.people.values():
        defs = [label for label in nodes.values() if label.split("<br/>")[0] == escape(person.name)]
        assert len(defs) == 1, person.id
    for task in result.org.tasks.values():
        defs = [label for label in nodes.values() if label.split("<br/>")[0] == escape(task.title)]
        assert len(defs) == 1, task.id
    assert len(nodes) == len(result.org.people) + len(result.org.tasks) + len(result.org.forums)
    for source, _, _, target in edges:
        assert source in nodes and target in nodes


def test_mermaid_marks_missing_links_and_findings(result):
    text = to_mermaid(_scene(result))
    nodes, edges, other = parse_mermaid(text)
    missing = [(i, e) for i, e in enumerate(edges) if e[1] == "-.->"]
    labels = sorted(e[2] for _, e in missing)
    assert labels == ["mangler: CG101", "mangler: CG103", "mangler: CG104", "mangler: CG104"]
    pairs = {(e[0], e[3]) for _, e in missing}
    assert ("p_anne", "p_dorte") in pairs and ("p_bo", "p_dorte") in pairs
    link_style = next(s for s in other if s.startswith("linkStyle"))
    assert link_style.split()[1] == ",".join(str(i) for i, _ in missing)
    assert any(s.startswith("classDef finding ") and "stroke-dasharray" in s for s in other)
    flagged = next(s for s in other if s.startswith("class ") and s.endswith(" finding"))
    assert "t_sprogindsats" in flagged.split()[1].split(",")
    assert "CG201" in nodes["t_sprogindsats"]


def test_mermaid_without_findings_marks_nothing(result):
    scene = build_scene(result.org, result.graph, None, view="org", lang="da", with_tasks=True)
    text = to_mermaid(scene)
    assert "-.->" not in text and "finding" not in text and "linkStyle" not in text


def test_mermaid_escapes_quotes_and_markup(result):
    nodes, _, _ = parse_mermaid(to_mermaid(_scene(result)))
    assert nodes["p_erik"].startswith("Erik #quot;Æble#quot; Ås #lt;x#gt;<br/>")
    assert "Back\\slash #amp; co" in nodes["p_erik"]
    assert nodes["p_dorte"].split("<br/>")[1] == "Sprog #124; tale #35;1"
    assert escape("#quot;") == "#35;quot;"  # a literal entity stays literal


def test_mermaid_ids_stay_unique_when_ids_reduce_alike():
    org = Organisation(
        "x",
        "X",
        people={
            "a-b": Person("a-b", "Første", "leader"),
            "a_b": Person("a_b", "Anden", "staff"),
            "end": Person("end", "Tredje", "staff"),
        },
    )
    nodes, _, _ = parse_mermaid(to_mermaid(build_scene(org, samples.graph_of(org), None)))
    assert sorted(nodes) == ["p_a_b", "p_a_b_2", "p_end"]


# -- DOT ----------------------------------------------------------------------------------

_TOKEN = re.compile(
    r'\s*(?:(?P<str>"(?:[^"\\]|\\.)*")|(?P<id>[A-Za-z_][A-Za-z0-9_.]*|-?\d+(?:\.\d+)?)'
    r"|(?P<op>->|--|[{}\[\];,=]))"
)


def tokens(text: str) -> list[tuple[str, str]]:
    out, pos = [], 0
    text = text.rstrip()
    while pos < len(text):
        m = _TOKEN.match(text, pos)
        if m is None or m.end() == pos:
            raise AssertionError(f"DOT: cannot tokenize at {text[pos : pos + 30]!r}")
        kind = m.lastgroup
        assert kind is not None
        value = m.group(kind)
        if kind == "str":
            value = re.sub(r"\\(.)", r"\1", value[1:-1].replace("\\n", "\n"))
        out.append((kind, value))
        pos = m.end()
    return out


class Dot:
    """A small recursive-descent parser for the DOT subset coordgraph writes."""

    def __init__(self, text: str) -> None:
        self.toks = tokens(text)
        self.i = 0
        self.nodes: dict[str, dict[str, str]] = {}
        self.edges: list[tuple[str, str, dict[str, str]]] = []
        self.ranks: list[list[str]] = []
        self.graph_attrs: dict[str, str] = {}
        self._graph()

    def _next(self, expect: str | None = None) -> tuple[str, str]:
        kind, value = self.toks[self.i]
        self.i += 1
        if expect is not None:
            assert value == expect and kind != "str", (expect, value)
        return kind, value

    def _peek(self) -> str:
        return self.toks[self.i][1] if self.i < len(self.toks) else ""

    def _id(self) -> str:
        kind, value = self._next()
        assert kind in ("str", "id"), value
        return value

    def _attrs(self) -> dict[str, str]:
        attrs: dict[str, str] = {}
        self._next("[")
        while self._peek() != "]":
            key = self._id()
            self._next("=")
            attrs[key] = self._id()
            if self._peek() == ",":
                self._next(",")
        self._next("]")
        return attrs

    def _graph(self) -> None:
        assert self._next()[1] == "digraph"
        self._id()
        self._next("{")
        while self._peek() != "}":
            self._statement()
        self._next("}")
        assert self.i == len(self.toks), "text after the graph"

    def _statement(self) -> None:
        if self._peek() == "{":
            self._next("{")
            self._next("rank")
            self._next("=")
            assert self._id() == "same"
            self._next(";")
            members = []
            while self._peek() != "}":
                members.append(self._id())
                self._next(";")
            self._next("}")
            self.ranks.append(members)
            return
        first = self._id()
        if first in ("graph", "node", "edge") and self._peek() == "[":
            attrs = self._attrs()
            if first == "graph":
                self.graph_attrs = attrs
        elif self._peek() == "->":
            self._next("->")
            second = self._id()
            self.edges.append((first, second, self._attrs()))
        else:
            assert first not in self.nodes, f"node {first} declared twice"
            self.nodes[first] = self._attrs()
        self._next(";")


def test_dot_parses_and_has_every_person_and_task_exactly_once(result):
    scene = _scene(result)
    dot = Dot(to_dot(scene))
    expected = (
        {f"people/{p}" for p in result.org.people}
        | {f"tasks/{t}" for t in result.org.tasks}
        | {f"forums/{f}" for f in result.org.forums}
    )
    assert set(dot.nodes) == expected
    for source, target, _ in dot.edges:
        assert source in dot.nodes and target in dot.nodes
    # the same picture as the drawing: one DOT edge per scene edge
    assert len(dot.edges) == len(scene.edges)
    ranked = [key for rank in dot.ranks for key in rank]
    assert sorted(ranked) == sorted(expected)


def test_dot_marks_missing_links_dashed_and_findings(result):
    dot = Dot(to_dot(_scene(result)))
    missing = [(s, t, a) for s, t, a in dot.edges if a.get("style") == "dashed"]
    assert {(s, t) for s, t, _ in missing} >= {
        ("people/anne", "people/dorte"),
        ("people/bo", "people/dorte"),
        ("people/dorte", "people/frida"),
    }
    assert all(a["label"].startswith("mangler: CG1") for _, _, a in missing)
    assert all(a["color"] == "#D55E00" for _, _, a in missing)
    task = dot.nodes["tasks/sprogindsats"]
    assert "dashed" in task["style"] and "CG201" in task["label"]
    assert "dashed" not in dot.nodes["people/anne"]["style"]


def test_dot_escapes_quotes_backslashes_and_newlines(result):
    dot = Dot(to_dot(_scene(result)))
    label = dot.nodes["people/erik"]["label"]
    assert label.split("\n")[:2] == ['Erik "Æble" Ås <x>', "Back\\slash & co"]


def test_dot_in_english_says_missing(result):
    scene = build_scene(
        result.org, result.graph, result.findings, view="org", lang="en", with_tasks=True
    )
    dot = Dot(to_dot(scene))
    labels = {a.get("label") for _, _, a in dot.edges if a.get("style") == "dashed"}
    assert "missing: CG101" in labels


def test_tasks_view_text_has_tasks_and_the_people_on_them(result):
    dot = Dot(to_dot(build_scene(result.org, result.graph, result.findings, view="tasks")))
    assert {f"tasks/{t}" for t in result.org.tasks} <= set(dot.nodes)
    assert not any(key.startswith("forums/") for key in dot.nodes)
    assert "people/dorte" in dot.nodes


# -- command line -------------------------------------------------------------------------


@pytest.fixture()
def org_file(tmp_path: Path) -> Path:
    path = tmp_path / "solsikken.org.yaml"
    path.write_text(samples.SOLSIKKEN_YAML, encoding="utf-8")
    return path


def test_cli_text_formats_print_to_stdout(org_file):
    runner = CliRunner()
    mermaid = runner.invoke(render, [str(org_file), "--format", "mermaid", "--lang", "da"])
    assert mermaid.exit_code == 0
    parse_mermaid(mermaid.output)
    dot = runner.invoke(render, [str(org_file), "--format", "dot", "-o", "-", "--lang", "en"])
    assert dot.exit_code == 0
    assert set(Dot(dot.output).nodes) >= {"people/anne", "tasks/sprogindsats"}


def test_cli_text_format_from_the_file_name(org_file):
    out = org_file.parent / "org.dot"
    result = CliRunner().invoke(render, [str(org_file), "-o", str(out), "--focus", "bo"])
    assert result.exit_code == 0, result.output
    dot = Dot(out.read_text(encoding="utf-8"))
    assert "people/bo" in dot.nodes and "people/frida" not in dot.nodes
    assert "bold" in dot.nodes["people/bo"]["style"]  # the focus


def test_text_export_is_identical_across_hash_seeds(org_file):
    outputs = set()
    for seed in ("0", "31337"):
        done = subprocess.run(
            [sys.executable, "-m", "coordgraph", "render", str(org_file), "--format", "mermaid"],
            env={**os.environ, "PYTHONHASHSEED": seed},
            capture_output=True,
            check=True,
            cwd=ROOT,
        )
        outputs.add(done.stdout)
    assert len(outputs) == 1


# -- any organisation -------------------------------------------------------------------

from hypothesis import given, settings  # noqa: E402

from tests.strategies import budget, emit, organisations  # noqa: E402


@settings(max_examples=budget(0.5), deadline=None)
@given(organisations())
def test_any_organisation_exports_parseable_text_with_every_node_once(doc):
    from coordgraph.engine import Options, check_text

    result = check_text(emit(doc), "gen.org.yaml", Options.default(as_of=samples.AS_OF))
    assert result.org is not None
    scene = _scene(result)
    nodes, edges, _ = parse_mermaid(to_mermaid(scene))
    assert len(nodes) == len(scene.nodes)
    assert len(edges) == len(scene.edges)
    dot = Dot(to_dot(scene))
    expected = {f"people/{p}" for p in result.org.people} | {f"tasks/{t}" for t in result.org.tasks}
    assert expected <= set(dot.nodes)
    assert len(dot.edges) == len(scene.edges)
