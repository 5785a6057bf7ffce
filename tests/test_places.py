"""Places found again on demand are where the text is.

Validation keeps only each declared id's key, the root's keys and each mapping's and
list's start and end; :class:`coordgraph.places.Places` finds any other key or item by
parsing that stretch again. These tests hold it to an independent reference: PyYAML's
own composer, whose nodes carry start and end indexes, walked along the node paths of
the file format. Every key of every validated mapping and every item of every
validated list, in the examples, the rule fixtures, hand-made layouts and generated
organisations, must be found exactly there; lines and columns are an editor's.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
import yaml
from hypothesis import given

from benchmarks.generate import generate
from coordgraph import nodepath
from coordgraph.loader import Limits
from coordgraph.places import LineIndex
from coordgraph.schema import ORG, IdMap
from coordgraph.validate import validate
from tests import input_cases
from tests.rulekit import load_cases
from tests.strategies import emit, organisations

ROOT = Path(__file__).resolve().parent.parent
ORGS = sorted((ROOT / "orgs").glob("*.org.yaml"))
ID_SECTIONS = {"people", "forums", "tasks", "units"}


def reference(text: str) -> Iterator[tuple[str, tuple[int, int]]]:
    """(node path, place) of every key and list item, from PyYAML's node tree."""
    root = yaml.compose(text, Loader=yaml.SafeLoader)
    if not isinstance(root, yaml.MappingNode):
        return

    Found = Iterator[tuple[str, tuple[int, int]]]

    def walk(node: yaml.Node, path: str, idmap: str | None) -> Found:
        if isinstance(node, yaml.MappingNode):
            for key, value in node.value:
                if not isinstance(key, yaml.ScalarNode):
                    continue
                if idmap is not None:
                    child = nodepath.child(idmap, key.value)
                else:
                    child = nodepath.child(path, key.value)
                yield child, (key.start_mark.index, key.end_mark.index)
                section = key.value if not path and key.value in ID_SECTIONS else None
                if path == "organisation/direction":
                    section = "direction"
                yield from walk(value, child, section)
        elif isinstance(node, yaml.SequenceNode):
            for index, item in enumerate(node.value):
                child = nodepath.child(path, index)
                yield child, (item.start_mark.index, item.end_mark.index)
                yield from walk(item, child, None)

    yield from walk(root, "", None)


def editor_position(text: str, index: int) -> tuple[int, int]:
    """Line and column as an editor shows them, worked out the slow, obvious way."""
    before = re.split(r"\r\n|\r|\n", text[:index])
    if index >= len(text) and len(before) > 1 and before[-1] == "":
        before.pop()  # past the final line break: the end of the last line
        return len(before), len(before[-1]) + 1
    return len(before), len(before[-1]) + 1


def assert_places(text: str) -> int:
    """Every place the validator can be asked for is the reference's, and shows at the
    line and column an editor shows; returns how many were compared."""
    validated = validate(text, ORG, Limits())
    assert not validated.stopped
    places = validated.validator.places
    checked = 0
    for path, (start, end) in reference(text):
        parent = nodepath.parent(path)
        if path in places.keys or path in places.fields or parent in places.containers:
            found = places.place(path)
            assert found is not None and found[:2] == (start, end), path
            span = places.lines.span(found)
            assert (span.line, span.column) == editor_position(text, start), path
            end_at = (span.end_line, span.end_column)
            assert end_at in (editor_position(text, end), (span.line, span.column)), path
            checked += 1
    return checked


def test_the_reference_walk_follows_id_sections() -> None:
    assert isinstance(ORG.fields["people"], IdMap)
    paths = dict(reference(input_cases.full(input_cases.PEOPLE)))
    assert "people/anne" in paths and "people/anne/name" in paths


@pytest.mark.parametrize("org", ORGS, ids=lambda p: p.stem)
def test_places_in_the_examples(org: Path) -> None:
    assert assert_places(org.read_text(encoding="utf-8")) > 300


def test_places_in_the_rule_fixtures() -> None:
    checked = sum(assert_places(case.text) for case in load_cases())
    assert checked > 1000


@pytest.mark.parametrize("name", sorted(input_cases.LAYOUTS))
def test_places_in_layouts(name: str) -> None:
    assert assert_places(input_cases.full(input_cases.LAYOUTS[name])) > 10


def test_places_in_a_generated_municipal_org() -> None:
    assert assert_places(generate(300, seed=3)) > 5000


@given(organisations())
def test_places_in_generated_orgs(doc: dict) -> None:
    assert_places(emit(doc))


@pytest.mark.parametrize(
    ("text", "index", "expected"),
    [
        ("a\nb\n", 2, (2, 1)),
        ("a\r\nb\r\n", 3, (2, 1)),
        ("a\rb\r", 2, (2, 1)),
        ("a\x85b\n", 2, (1, 3)),  # NEL: one line in an editor, two for libyaml
        ("a\u2028b\u2029c\n", 4, (1, 5)),
        ("a\nb\n", 4, (2, 2)),  # the end of the file: the end of the last line
        ("a\nb", 3, (2, 2)),
        ("", 0, (1, 1)),
    ],
)
def test_line_index_uses_editors_line_breaks(
    text: str, index: int, expected: tuple[int, int]
) -> None:
    assert LineIndex(text).position(index) == expected


def test_line_index_counts_characters_not_bytes() -> None:
    lines = LineIndex("æøå: x\n")
    assert lines.position(5) == (1, 6)
    assert lines.index_of_byte(len("æøå: ".encode())) == 5
