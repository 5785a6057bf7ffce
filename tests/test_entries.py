"""An entry of scalar fields is read without a frame (validate.SHORT): whatever an entry
holds, reading it that way gives the same findings, places and model as reading it
through frames. The generated entries leave the short way at every point it can: an
unknown or repeated key, an empty, tagged, anchored, aliased, nested or invalid value,
a missing required field."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from hypothesis import given, settings
from hypothesis import strategies as st

from coordgraph import validate
from coordgraph.engine import FileResult, Options, check_text
from coordgraph.loader import Limits, read
from coordgraph.schema import ORG

HEAD = "version: 1\norganisation: {id: hus, name: Huset}\n"

VALUES = {
    "name": ["Bo Berg", "'Bo Berg'", '"Bo\\tBerg"', "~", "", "!!str 12", "&n Bo", "*n", "12"],
    "role": ["staff", "leader", "inbetweener", "boss", "Staff", "~", "[staff]", "yes"],
    "title": ["Pædagog", "{a: 1}", "[a, b]", "!!int 3", "2026-01-01", "no"],
    "reports_to": ["p0", "p1", "nobody", "~", "p0/x"],
    "nme": ["Bo"],  # a near miss of name
    "colour": ["red"],  # unknown
}

field = st.sampled_from(sorted(VALUES)).flatmap(
    lambda key: st.tuples(st.just(key), st.sampled_from(VALUES[key]))
)
entry = st.tuples(st.lists(field, max_size=5), st.booleans())  # fields, flow style


def _people(entries: list[tuple[list[tuple[str, str]], bool]]) -> str:
    lines = ["people:\n"]
    for index, (fields, flow) in enumerate(entries):
        if flow or not fields:
            inside = ", ".join(f"{key}: {value}" for key, value in fields)
            lines.append(f"  p{index}: {{{inside}}}\n")
        else:
            lines.append(f"  p{index}:\n")
            lines += [f"    {key}: {value}\n" for key, value in fields]
    return "".join(lines)


TASKS = (
    "tasks:\n  t:\n    title: Opgave\n    owner: p0\n    contributors: [p1, p2, p9]\n"
    "    complexity: high\n"
)


@contextmanager
def _through_frames() -> Iterator[None]:
    validate.SHORT = False
    try:
        yield
    finally:
        validate.SHORT = True


def _seen(result: FileResult) -> list[tuple[object, ...]]:
    return [(f.code, f.span, f.message, f.node, tuple(f.related)) for f in result.findings]


@settings(max_examples=300, deadline=None)
@given(st.lists(entry, min_size=1, max_size=4), st.booleans())
def test_an_entry_reads_the_same_short_or_through_frames(
    entries: list[tuple[list[tuple[str, str]], bool]], with_task: bool
) -> None:
    text = HEAD + _people(entries) + (TASKS if with_task else "")
    options = Options.default()
    short = check_text(text, "t.org.yaml", options)
    with _through_frames():
        framed = check_text(text, "t.org.yaml", options)
    assert _seen(short) == _seen(framed), text
    assert short.org == framed.org, text


@settings(max_examples=100, deadline=None)
@given(st.lists(entry, min_size=1, max_size=4))
def test_the_short_way_counts_every_node(
    entries: list[tuple[list[tuple[str, str]], bool]],
) -> None:
    """The node limit stops a file at the same node either way."""
    text = HEAD + _people(entries)
    for max_nodes in range(4, 30, 3):
        limits = Limits(max_nodes=max_nodes)
        data, _hits = read(text, limits)
        assert data is not None
        short = validate.validate(data, ORG, limits)
        with _through_frames():
            framed = validate.validate(data, ORG, limits)
        assert short.input_hits == framed.input_hits, (max_nodes, text)
        assert short.raw == framed.raw


def test_both_ways_are_taken() -> None:
    """The switch decides: an entry of scalar fields makes no frame the short way."""
    made: list[object] = []
    original = validate._new

    def counting(cls: type) -> object:
        made.append(cls)
        return original(cls)

    text = HEAD + "people:\n  a: {name: A, role: leader}\n  b: {name: B, role: staff}\n"
    validate._new = counting  # type: ignore[assignment]
    try:
        check_text(text, "t.org.yaml", Options.default())
        short = len(made)
        made.clear()
        with _through_frames():
            check_text(text, "t.org.yaml", Options.default())
        framed = len(made)
    finally:
        validate._new = original
    assert framed - short == 2
