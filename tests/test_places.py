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
from hypothesis import strategies as st

from benchmarks.generate import generate
from coordgraph import nodepath
from coordgraph import places as finder
from coordgraph.loader import Limits
from coordgraph.model import DIRECTION_KINDS
from coordgraph.places import LineIndex
from coordgraph.schema import ORG, IdMap
from coordgraph.validate import validate
from tests import input_cases
from tests.rulekit import load_cases
from tests.strategies import emit, organisations

ROOT = Path(__file__).resolve().parent.parent
ORGS = sorted((ROOT / "orgs").glob("*.org.yaml"))
ID_SECTIONS = {"people", "forums", "tasks", "units"}
#: The mappings of ids: read entry by entry, never kept as a whole.
ID_MAPS = {*ID_SECTIONS, *(f"organisation/direction/{kind}" for kind in DIRECTION_KINDS)}


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


def collections(text: str) -> Iterator[tuple[str, tuple[int, int, int, int, bool]]]:
    """(node path, where it is) of every mapping and list below the root, from PyYAML's
    node tree (the first of each repeated key)."""
    root = yaml.compose(text, Loader=yaml.SafeLoader)
    if not isinstance(root, yaml.MappingNode):
        return

    Found = Iterator[tuple[str, tuple[int, int, int, int, bool]]]

    def walk(node: yaml.Node, path: str, idmap: str | None) -> Found:
        if path and isinstance(node, yaml.CollectionNode):
            start, end = node.start_mark, node.end_mark
            is_map = isinstance(node, yaml.MappingNode)
            yield path, (start.index, end.index, start.line, start.column, is_map)
        if isinstance(node, yaml.MappingNode):
            seen = set()
            for key, value in node.value:
                if not isinstance(key, yaml.ScalarNode) or key.value in seen:
                    continue
                seen.add(key.value)
                child = nodepath.child(idmap if idmap is not None else path, key.value)
                section = key.value if not path and key.value in ID_SECTIONS else None
                yield from walk(value, child, section)
        elif isinstance(node, yaml.SequenceNode):
            for index, item in enumerate(node.value):
                yield from walk(item, nodepath.child(path, index), None)

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
        if places.declared(path) or path in places.fields or places.container(parent):
            found = places.place(path)
            assert found is not None and found[:2] == (start, end), path
            span = places.lines.span(found)
            assert (span.line, span.column) == editor_position(text, start), path
            end_at = (span.end_line, span.end_column)
            assert end_at in (editor_position(text, end), (span.line, span.column)), path
            checked += 1
    # Every mapping and list validation read, kept or found again from its key.
    for path, where in collections(text):
        entry = "/" in path and places.declared(path) is not None
        if entry or (path in places.fields and path not in ID_MAPS):
            assert places.container(path) == where, path
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


# -- block lists of one word per line, placed without the parser -------------------------

_WORDS = st.text(alphabet="abzæøåAZ09_.-", min_size=1, max_size=6)
#: What can happen to one line of a list: nothing, or something that makes it more
#: than one word per line, or a line that the parser reads differently.
_FAULTS = [
    None,
    "indent+1",  # the item continues the one above ('a - b')
    "indent-1",
    "gap:  ",
    "gap:\t",
    "end: ",
    "end: # note",
    "end::",
    "end:\r",
    "blank",
]


@st.composite
def word_lists(draw: st.DrawFn) -> tuple[str, int]:
    """A block list of words under a key, with at most one line that is not one word
    written the common way."""
    column = draw(st.integers(0, 6))
    count = draw(st.integers(1, 8))
    fault = draw(st.sampled_from(_FAULTS))
    at = draw(st.integers(0, count - 1))
    lines = [" " * max(column - 2, 0) + "key:\n"]
    for number in range(count):
        indent, gap, end = column, " ", ""
        if number == at and fault is not None:
            if fault.startswith("indent"):
                indent += 1 if fault.endswith("+1") else -1
            elif fault.startswith("gap:"):
                gap = fault[4:]
            elif fault.startswith("end:"):
                end = fault[4:]
            else:
                lines.append("\n")
        lines.append(" " * max(indent, 0) + "-" + gap + draw(_WORDS) + end + "\n")
    lines.append(draw(st.sampled_from(["", "next: 1\n", "\n\n", "# end\n"])))
    return "".join(lines), column


@given(word_lists())
def test_a_list_of_words_is_placed_as_the_parser_places_it(case: tuple[str, int]) -> None:
    text = case[0]
    try:
        events = list(yaml.parse(text, Loader=yaml.SafeLoader))
    except yaml.YAMLError:
        return  # no list to place
    starts = [e for e in events if isinstance(e, yaml.SequenceStartEvent)]
    if not starts:
        return
    first = starts[0]
    depth, end = 0, None
    for event in events[events.index(first) :]:
        depth += isinstance(event, yaml.SequenceStartEvent) - isinstance(
            event, yaml.SequenceEndEvent
        )
        if depth == 0:
            end = event.end_mark
            break
    assert end is not None
    where = (first.start_mark.index, end.index, first.start_mark.line, first.start_mark.column)
    quick = finder._plain_items(text, *where)
    if quick is not None:
        assert quick == finder.parsed_children(text, *where)
    assert finder.children(text, *where) == finder.parsed_children(text, *where)


@pytest.mark.parametrize("column", [0, 2, 6])
def test_a_list_of_words_needs_no_parser(column: int) -> None:
    pad = " " * column
    key = " " * max(column - 2, 0)
    text = f"{key}key:\n{pad}- anne\n{pad}- bo-berg.2  \n{pad}- søren_1\n\n{key}next: 1\n"
    start = text.index("- anne")
    where = (start, text.index("next"), 1, column)
    quick = finder._plain_items(text, *where)
    assert quick is not None and len(quick) == 3
    assert quick == finder.parsed_children(text, *where)


def test_an_entry_written_twice_is_found_where_it_is_first_written() -> None:
    text = input_cases.full(
        "people:\n"
        "  anne: {name: Anne, role: leader}\n"
        "  bo:\n"
        "    name: Bo\n"
        "    role: staff\n"
        "  ? [odd, key]\n"
        "  : {name: X, role: staff}\n"
        "  bo: {name: Bo igen, role: staff}\n"
    )
    places = validate(text, ORG, Limits()).validator.places
    container = places.container("people/bo")
    assert container is not None
    assert text[container[0] : container[1]].startswith("name: Bo\n")
    found = places.place("people/bo/name")
    assert found is not None and found[0] == text.index("name: Bo\n")
