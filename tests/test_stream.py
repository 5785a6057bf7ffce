"""The streaming validator (the fast path) gives exactly what the node tree gives.

``coordgraph.stream`` validates an ordinary file straight from the parser's events and
hands anything unusual to the node tree (``loader`` + ``schema``), the reference. These
tests run both on the same inputs, through ``check_text``, and compare everything a
user sees: findings (message, position, fix, related places), the model, the metrics.
They also pin which files take the fast path, so a change that quietly sends every
file down the slow one fails here rather than only in the benchmark.
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from pathlib import Path
from unittest import mock

import pytest
from hypothesis import given

from benchmarks.generate import generate
from coordgraph import engine, stream
from coordgraph.engine import FileResult, Options, check_text
from coordgraph.loader import Limits, compose, read
from coordgraph.schema import ORG, Validator
from coordgraph.stream import build_streaming
from tests.rulekit import load_cases, ruleset_with
from tests.strategies import broken_orgs, emit, organisations, tuned
from tests.test_mutations import CASES as MUTATION_CASES
from tests.test_mutations import mutated

ROOT = Path(__file__).resolve().parent.parent
ORGS = sorted((ROOT / "orgs").glob("*.org.yaml"))
AS_OF = date(2026, 12, 1)
HEADER = "version: 1\norganisation: {id: t, name: Test}\n"
PEOPLE = (
    "people:\n"
    "  anne: {name: Anne Holm, role: leader}\n"
    "  bo: {name: Bo Berg, role: inbetweener, reports_to: anne}\n"
)


@contextmanager
def tree_only() -> Iterator[None]:
    """Every file takes the reference path (the node tree)."""
    with mock.patch.object(engine, "build_streaming", lambda text, limits: None):
        yield


def streams(data: str | bytes, limits: Limits | None = None) -> bool:
    """Whether the fast path takes this file (instead of handing it to the tree)."""
    limits = limits or Limits()
    text = read(data, limits).text
    return text is not None and build_streaming(text, limits) is not None


def both(data: str | bytes, options: Options | None = None) -> tuple[FileResult, FileResult]:
    options = options or Options.default(as_of=AS_OF)
    fast = check_text(data, "t.org.yaml", options)
    with tree_only():
        tree = check_text(data, "t.org.yaml", options)
    return fast, tree


def assert_same(data: str | bytes, options: Options | None = None) -> FileResult:
    fast, tree = both(data, options)
    assert fast.findings == tree.findings
    assert fast.org == tree.org
    assert fast.metrics == tree.metrics
    assert fast.suppressed == tree.suppressed
    return fast


# -- files that take the fast path --------------------------------------------------------


@pytest.mark.parametrize("org", ORGS, ids=lambda p: p.stem)
def test_example_orgs_stream_and_match_the_tree(org: Path) -> None:
    data = org.read_bytes()
    assert streams(data)
    assert assert_same(data).findings  # the examples have gaps to report


def test_a_generated_municipal_org_streams_and_matches_the_tree() -> None:
    text = generate(300, seed=3)
    assert streams(text)
    assert_same(text)


# Ordinary files with problems the specs report: they stay on the fast path (a value is
# checked by its spec there), and say exactly what the tree says.
REPORTED_ON_THE_FAST_PATH = {
    "unknown-key": PEOPLE + "  cy: {name: Cy, role: staff, titel: Pædagog}\n",
    "unknown-top-level-key": PEOPLE + "extra: 1\n",
    "merge-key-text": PEOPLE + "  cy: {name: Cy, role: staff, <<: x}\n",
    "missing-required": PEOPLE + "  cy: {role: staff}\n",
    "bad-enum": PEOPLE + "  cy: {name: Cy, role: leder}\n",
    "null-field-is-absent": PEOPLE + "  cy: {name: Cy, role: staff, title: ~, reports_to: }\n",
    "null-id-entry": PEOPLE + "  cy:\n",
    "quoted-keys": PEOPLE + "  'cy': {\"name\": Cy, 'role': staff}\n",
    "yaml11-trap": PEOPLE + "  cy: {name: no, role: staff}\n",
    "number-as-name": PEOPLE + "  cy: {name: 12, role: staff}\n",
    "numbers-dates-bools": PEOPLE + "tasks:\n  t:\n    title: T\n    owner: bo\n"
    "    mandate: {granted_by: anne, valid_until: 2026-01-31, may_delegate: yes}\n"
    "    resources: {hours_per_week: 3.5, budget_dkk: -4}\n"
    "    follow_up: {with: anne, every: monthly, last: 2026-13-01}\n",
    "plain-values-at-their-edges": "version: 1\norganisation: {id: t, name: T}\npeople:\n"
    "  anne: {name: A, role: leader, leadership_hours: 010}\n"
    "  bo: {name: B, role: staff, reports_to: anne, leadership_hours: 0}\n"
    "  cy: {name: C, role: staff, leadership_hours: 12345678901234567890}\n"
    "  dy: {name: D, role: staff, leadership_hours: '7'}\n"
    "tasks:\n  t:\n    title: T\n    owner: bo\n"
    "    mandate: {granted_by: anne, valid_until: '2026-02-30', may_delegate: false}\n"
    "    follow_up: {with: anne, every: monthly, last: '2026-02-03'}\n"
    "  u:\n    title: U\n    owner: bo\n"
    "    mandate: {granted_by: anne, valid_until: 2026-1-5, may_delegate: True}\n"
    "    resources: {hours_per_week: 1_000, budget_dkk: 0x10}\n",
    "bad-date-and-bool": PEOPLE + "tasks:\n  t:\n    title: T\n    owner: bo\n"
    "    mandate: {granted_by: anne, valid_until: soon, may_delegate: maybe}\n",
    "unknown-references": PEOPLE + "tasks:\n  t:\n    title: T\n    owner: bø\n"
    "    contributors: [anne, ann, '', ~, 7]\n    depends_on: [x]\n    part_of: t\n",
    "criteria-both-forms": PEOPLE + "tasks:\n  t:\n    title: T\n    owner: bo\n"
    "    success_criteria: [Alle har en plan, {text: Målt, kind: outcome}, {kind: x}, ~]\n",
    "links": PEOPLE + "links:\n  - {between: [anne, anne], frequency: weekly}\n"
    "  - {between: [anne], frequency: weekly}\n  - {between: [anne, bo]}\n",
    "direction": "version: 1\norganisation:\n  id: t\n  name: T\n  direction:\n"
    "    values: {tryghed: Tryghed, tal: 12, tom: ''}\n    goals: {}\n",
    "wrong-version": "version: 2\norganisation: {id: t, name: T}\n",
    "lookalike-ids": PEOPLE + "  'bo\u200b': {name: Bo igen, role: staff}\n",
    "duplicate-id-across-sections": PEOPLE + "forums:\n  bo: {members: [anne, bo], "
    "frequency: weekly}\n",
    "reports-to-cycle": "version: 1\norganisation: {id: t, name: T}\npeople:\n"
    "  a: {name: A, role: leader, reports_to: b}\n  b: {name: B, role: leader, reports_to: a}\n",
    "suppression": PEOPLE + "tasks:\n  t: {title: T, owner: bo}  # coordgraph: ignore[CG201]\n",
    "non-ascii-and-multiline": PEOPLE + "  cy:\n    name: >-\n      Cæcilie\n      Ørsted\n"
    "    role: staff\n",
}


@pytest.mark.parametrize("name", sorted(REPORTED_ON_THE_FAST_PATH))
def test_reported_on_the_fast_path(name: str) -> None:
    text = HEADER + REPORTED_ON_THE_FAST_PATH[name]
    if text.count("version:") > 1:
        text = REPORTED_ON_THE_FAST_PATH[name]
    assert streams(text), "this file should not need the node tree"
    assert assert_same(text).findings


# -- files the fast path hands to the tree ------------------------------------------------

HANDED_TO_THE_TREE = {
    "anchor-and-alias": PEOPLE + "  cy: &c {name: Cy, role: staff}\n  dy: *c\n",
    "anchor-only": PEOPLE + "  cy: {name: &n Cy, role: staff}\n",
    "tag": PEOPLE + "  cy: {name: !!str Cy, role: staff}\n",
    "python-tag": PEOPLE + "  cy: !!python/object/apply:os.system [echo]\n",
    "non-specific-tag": PEOPLE + "  cy: {name: ! Cy, role: staff}\n",
    "duplicate-field": PEOPLE + "  cy: {name: Cy, name: Cyrus, role: staff}\n",
    "duplicate-field-after-null": PEOPLE + "  cy: {name: , name: Cy, role: staff}\n",
    "duplicate-id": PEOPLE + "  bo: {name: Bo igen, role: staff}\n",
    "duplicate-unknown-key": PEOPLE + "  cy: {name: Cy, role: staff, yes: 1, on: 2}\n",
    "several-documents": PEOPLE + "---\nversion: 1\n",
    "slash-in-id": PEOPLE + "  a/b: {name: Cy, role: staff}\n",
    "number-as-id": PEOPLE + "  12: {name: Cy, role: staff}\n",
    "empty-id": PEOPLE + "  '': {name: Cy, role: staff}\n",
    "list-for-mapping": PEOPLE + "  cy: [Cy, staff]\n",
    "mapping-for-list": PEOPLE + "forums:\n  f: {members: {anne: 1}, frequency: weekly}\n",
    "list-for-text": PEOPLE + "  cy: {name: [Cy], role: staff}\n",
    "collection-as-key": PEOPLE + "  cy: {[name]: Cy, role: staff}\n",
    "collection-under-unknown-key": PEOPLE + "  cy: {name: Cy, role: staff, x: [1]}\n",
    "syntax-error": PEOPLE + "  cy: {name: Cy, role: staff\n",
    "people-as-list": "people:\n  - anne\n",
}


@pytest.mark.parametrize("name", sorted(HANDED_TO_THE_TREE))
def test_handed_to_the_tree(name: str) -> None:
    text = HEADER + HANDED_TO_THE_TREE[name]
    assert not streams(text)
    assert assert_same(text).findings


@pytest.mark.parametrize(
    "text",
    ["", "# nothing\n", "[]\n", "just text\n", "~\n", "!!map {}\n", "&a {}\n"],
    ids=["empty", "comment", "list", "scalar", "null", "tagged-root", "anchored-root"],
)
def test_odd_roots_are_handed_to_the_tree(text: str) -> None:
    assert not streams(text)
    assert_same(text)


def test_limits_are_the_trees() -> None:
    """Past a limit the fast path stops and the tree reports it (CG005) as always."""
    text = HEADER + PEOPLE
    assert not streams(text, Limits(max_nodes=10))
    assert not streams(text, Limits(max_depth=2))
    assert streams(text, Limits(max_depth=3))
    deep = HEADER + "x: " + "[" * 70 + "]" * 70 + "\n"
    assert not streams(deep)
    assert_same(deep)


# -- every input the rest of the suite uses ---------------------------------------------


@pytest.mark.parametrize("case", load_cases(), ids=lambda c: c.id)
def test_rule_fixtures_match_the_tree(case) -> None:
    options = Options(ruleset=ruleset_with(case.rule, case.params), as_of=case.as_of)
    assert_same(case.text, options)


def test_rule_fixtures_mostly_stream() -> None:
    """The rule fixtures are ordinary files: nearly all of them take the fast path."""
    cases = load_cases()
    streamed = sum(streams(case.text) for case in cases)
    assert streamed >= 0.9 * len(cases), f"{streamed} of {len(cases)}"


@pytest.mark.parametrize(("org", "name", "seed"), MUTATION_CASES[::3])
def test_damaged_files_match_the_tree(org: Path, name: str, seed: int) -> None:
    assert_same(mutated(org, name, seed))


def test_damage_that_keeps_the_shape_stays_on_the_fast_path() -> None:
    """Changed values are checked on the fast path; the corpus must exercise both paths."""
    outcomes = [streams(mutated(*case.values)) for case in MUTATION_CASES]
    assert 0.2 * len(outcomes) < sum(outcomes) < 0.9 * len(outcomes)


@given(organisations())
@tuned(0.5)
def test_generated_orgs_stream_and_match_the_tree(doc: dict) -> None:
    text = emit(doc)
    assert streams(text)
    assert_same(text)


@given(broken_orgs())
@tuned(0.5)
def test_broken_orgs_match_the_tree(broken: tuple[dict, str, str]) -> None:
    doc, _name, _code = broken
    assert_same(emit(doc))


def test_values_shuffled_between_fields_match_the_tree() -> None:
    """Every scalar value of an example org put in random other places: wrong types,
    unknown ids and traps everywhere, checked on the fast path as by the spec."""
    lines = ORGS[0].read_text(encoding="utf-8").splitlines()
    values = [line.split(": ", 1)[1] for line in lines if ": " in line and "{" not in line]
    rnd = random.Random(7)
    for _ in range(30):
        changed = [
            line.split(": ", 1)[0] + ": " + rnd.choice(values)
            if ": " in line and "{" not in line and rnd.random() < 0.2
            else line
            for line in lines
        ]
        assert_same("\n".join(changed) + "\n")


# -- places: found again lazily, exactly where the tree has them ------------------------


def assert_places_match(text: str) -> None:
    """Every place the tree knows (each key, item and reference) is where the fast
    path finds it, and found by parsing the stretch again, not by the tree."""
    fast_v = stream._StreamValidator(text)
    stream._validate(text, Limits(), fast_v)
    tree_v = Validator(eager=True)
    ORG.validate(compose(text).root, "", tree_v)
    for path, node in dict.items(tree_v.positions):
        assert fast_v.positions.get(path) == node.span, path
    # The fast path keeps only the references not yet sound when read; every one has
    # its place all the same.
    tree_refs = {(prefix, last): node.span for prefix, last, _i, _k, node in tree_v.refs}
    for prefix, last, _ident, _kinds, where in fast_v.refs:
        assert fast_v.ref_span(prefix, last, where) == tree_refs[prefix, last]
    containers = fast_v.positions.containers
    for (prefix, last), span in tree_refs.items():
        if prefix is None:  # recorded by Ref.validate itself: the whole path in ``last``
            prefix, _, last = str(last).rpartition("/")
        assert fast_v.places.value_span(containers, prefix, last) == span, (prefix, last)
    assert fast_v.places.tree is None, "a place had to be looked up in the node tree"


PLACES = {
    "block-everything": PEOPLE + "tasks:\n  t:\n    title: T\n    owner: bo\n"
    "    contributors:\n    - anne\n    - bo\n    mandate:\n      granted_by: anne\n"
    "      decides:\n        - a\n        - b\n    success_criteria:\n"
    "      - text: Målt\n        kind: outcome\n      - Alle\n  u:\n    title: U\n"
    "    owner: anne\nlinks:\n- between: [anne, bo]\n  frequency: weekly\n"
    "- between:\n  - anne\n  - bø\n  frequency: weekly\n",
    "block-item-ended-by-the-next-entry": PEOPLE + "tasks:\n  t:\n    title: T\n"
    "    owner: bo\n    success_criteria:\n      - text: Målt\n        kind: outcome\n"
    "  u: {title: U, owner: bo}\nlinks:\n  - between: [anne, bo]\n    frequency: weekly\n"
    "forums: {}\n",
    "flow-over-lines": PEOPLE + "tasks:\n  t: {title: T,\n    owner: bo, contributors: [\n"
    "      anne, bo], mandate: {granted_by: anne}}\n",
    "crlf": (PEOPLE + "tasks:\n  t:\n    title: T\n    owner: bo\n").replace("\n", "\r\n"),
    "other-line-breaks": (PEOPLE + "tasks:\n  t:\n    title: T\n    owner: bo\n")
    .replace("\n", "\r", 3)
    .replace("\n", "\x85", 2)
    .replace("\n", "\u2028", 2),
    "no-final-newline": PEOPLE + "tasks:\n  t:\n    title: T\n    owner: bo\n    mandate:\n"
    "      granted_by: anne",
    "comments-and-blank-lines": PEOPLE + "tasks:\n  t:\n    title: T  # titel\n\n"
    "    # ejer\n    owner: bo\n    mandate:\n      granted_by: anne\n\n  # næste\n"
    "  u: {title: U, owner: bo}\n",
    "multiline-scalars": PEOPLE + "tasks:\n  t:\n    title: |\n      To\n      linjer\n"
    "    description: >\n      foldet\n      tekst\n    owner: bo\n",
    "non-ascii-ids": "people:\n  åse: {name: Åse Ørum, role: leader}\n  bø: {name: Bø, "
    "role: staff, reports_to: åse}\ntasks:\n  æ: {title: Æ, owner: bø, contributors: [åse]}\n",
}


@pytest.mark.parametrize("name", sorted(PLACES))
def test_places_are_the_trees(name: str) -> None:
    text = HEADER + PLACES[name]
    assert streams(text)
    assert_places_match(text)
    assert_same(text)


@pytest.mark.parametrize("org", ORGS, ids=lambda p: p.stem)
def test_places_in_the_example_orgs_are_the_trees(org: Path) -> None:
    assert_places_match(org.read_text(encoding="utf-8"))


def test_places_in_the_rule_fixtures_are_the_trees() -> None:
    for case in load_cases():
        if streams(case.text):
            assert_places_match(case.text)


def test_places_in_a_generated_org_are_the_trees() -> None:
    assert_places_match(generate(120, seed=5))


@given(organisations())
@tuned(0.3)
def test_places_in_generated_orgs_are_the_trees(doc: dict) -> None:
    assert_places_match(emit(doc))


@pytest.mark.parametrize("anchor", ["version: 1", "version: &v 1"], ids=["fast", "tree"])
def test_a_check_leaves_nothing_for_the_cyclic_collector(anchor: str) -> None:
    """Everything a check builds is freed the moment its result is dropped: a reference
    cycle (a validator and the place finder pointing at each other, say) would leave
    millions of objects for the collector, seconds later and seconds long."""
    import gc

    text = ORGS[0].read_text(encoding="utf-8").replace("version: 1", anchor, 1)
    options = Options.default(as_of=AS_OF)
    check_text(text, "t.org.yaml", options)  # imports and caches first
    gc.collect()
    gc.disable()  # no automatic collection may hide a cycle before we count
    try:
        result = check_text(text, "t.org.yaml", options)
        assert result.findings
        del result
        assert gc.collect() == 0
    finally:
        gc.enable()


def test_the_tree_answers_where_a_place_cannot_be_found_again() -> None:
    """The safety net of the lazy places: walking the node tree gives the tree's spans."""
    text = HEADER + PLACES["block-everything"]
    tree_v = Validator(eager=True)
    ORG.validate(compose(text).root, "", tree_v)
    places = stream._Places(text)
    for path, node in dict.items(tree_v.positions):
        parent, _, step = path.rpartition("/")
        found = places._exact(parent, step, key=True)
        assert found is not None and found.span == node.span, path
    for prefix, last, _ident, _kinds, node in tree_v.refs:
        found = places._exact(prefix or "", str(last), key=False)
        assert found is not None and found.span == node.span, (prefix, last)


def test_places_in_damaged_files_that_stream_are_the_trees() -> None:
    checked = 0
    for case in MUTATION_CASES:
        text = read(mutated(*case.values), Limits()).text
        if text is not None and streams(text):
            assert_places_match(text)
            checked += 1
    assert checked >= 50
