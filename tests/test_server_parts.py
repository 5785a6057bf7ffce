"""The language server's parts, in this process: reading the cursor's context from
half-typed text, positions by the protocol's rules, how an id is written.

``tests/test_server.py`` drives the real server; these tables pin down the cases one
by one, so a regression says which.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml
from hypothesis import given
from hypothesis import strategies as st

from coordgraph.server import context
from coordgraph.server.completion import completion
from coordgraph.server.context import ITEM, context_at, key_at
from coordgraph.server.documents import Document, Settings
from coordgraph.server.ids import scalar, suggestion
from coordgraph.server.text import UTF8, UTF16, UTF32, Lines, apply_change, units

ROOT = Path(__file__).resolve().parent.parent
HEAD = "version: 1\norganisation: {id: a, name: A}\n"

#: (text with § at the cursor, steps, at a key, word typed, what the format expects)
CONTEXTS = [
    ("tasks:\n  icdp:\n    title: T\n    owner: b§", ("tasks", "icdp", "owner"), False, "b", "Ref"),
    ("tasks:\n  icdp:\n    owner: §\n    kind: x\n", ("tasks", "icdp", "owner"), False, "", "Ref"),
    (
        "tasks:\n  t:\n    contributors: [anne, b§",
        ("tasks", "t", "contributors", ITEM),
        False,
        "b",
        "Ref",
    ),
    (
        'tasks:\n  t:\n    contributors: [anne, "b§',
        ("tasks", "t", "contributors", ITEM),
        False,
        "b",
        "Ref",
    ),
    (
        "tasks:\n  t:\n    contributors:\n      - anne\n      - b§",
        ("tasks", "t", "contributors", ITEM),
        False,
        "b",
        "Ref",
    ),
    (
        "tasks:\n  t:\n    contributors:\n    - anne\n    - §",
        ("tasks", "t", "contributors", ITEM),
        False,
        "",
        "Ref",
    ),
    (
        "forums:\n  f: {name: F, members: [a, §], frequency: weekly}\n",
        ("forums", "f", "members", ITEM),
        False,
        "",
        "Ref",
    ),
    ("people:\n  anne: {name: Anne, role: le§}", ("people", "anne", "role"), False, "le", "Enum"),
    (
        "people:\n  anne:\n    name: Anne\n    role: §",
        ("people", "anne", "role"),
        False,
        "",
        "Enum",
    ),
    ("links:\n  - between: [anne, §]", ("links", ITEM, "between", ITEM), False, "", "Ref"),
    (
        "links:\n  - between: [anne, bo]\n    frequency: w§",
        ("links", ITEM, "frequency"),
        False,
        "w",
        "Enum",
    ),
    ("links:\n- {between: [anne, bo], trust: §}", ("links", ITEM, "trust"), False, "", "Enum"),
    (
        "tasks:\n  t:\n    mandate:\n      announced_to: [§",
        ("tasks", "t", "mandate", "announced_to", ITEM),
        False,
        "",
        "Ref",
    ),
    (
        "tasks:\n  t:\n    success_criteria:\n      - {text: x, kind: §}",
        ("tasks", "t", "success_criteria", ITEM, "kind"),
        False,
        "",
        "Enum",
    ),
    (
        "tasks:\n  t:\n    serves: [\n      icdp,\n      §\n    ]",
        ("tasks", "t", "serves", ITEM),
        False,
        "",
        "Ref",
    ),
    (
        "tasks:\n  t:\n    description: >\n      some text\n    owner: §\n",
        ("tasks", "t", "owner"),
        False,
        "",
        "Ref",
    ),
    ("tasks:\n  t:\n    ow§", ("tasks", "t"), True, "ow", "Obj"),
    ("tasks:\n  t:\n    title: T\n    §", ("tasks", "t"), True, "", "Obj"),
    ("units:\n  egern: {name: E, part_of: §}", ("units", "egern", "part_of"), False, "", "Ref"),
    (
        "tasks:\n  a: {title: A, owner: x}\n  b: {title: B, part_of: §",
        ("tasks", "b", "part_of"),
        False,
        "",
        "Ref",
    ),
    ("tasks:\n  t:\n    title: 'a: b'\n    owner: §", ("tasks", "t", "owner"), False, "", "Ref"),
    (
        "tasks:\n  t:\n    title: T\n    complexity: hi§  \n",
        ("tasks", "t", "complexity"),
        False,
        "hi",
        "Enum",
    ),
]


@pytest.mark.parametrize(("text", "steps", "at_key", "word", "expected"), CONTEXTS)
def test_the_context_is_read_from_the_text_as_typed(
    text: str, steps: tuple[str, ...], at_key: bool, word: str, expected: str
) -> None:
    cursor = len(HEAD) + text.index("§")
    full = HEAD + text.replace("§", "", 1)
    context = context_at(full, cursor)
    assert context is not None
    assert (context.steps, context.at_key, context.word) == (steps, at_key, word)
    assert type(context.expected).__name__ == expected
    assert full[context.start : cursor].lstrip("\"'") == word


@pytest.mark.parametrize(
    "text",
    [
        "tasks:\n  t:\n    owner: bo # a comment §",
        "people:\n  anne: {name: Anne, role: leader}  # §",
        "tasks:\n  t:\n    description: |\n      text\n      owner: x§\n",
        "# a comment at the top§\n",
    ],
)
def test_no_context_in_comments_and_block_text(text: str) -> None:
    cursor = len(HEAD) + text.index("§")
    assert context_at(HEAD + text.replace("§", "", 1), cursor) is None


def test_the_key_under_the_cursor() -> None:
    text = "tasks:\n  t: {title: T, owner: bo}\n    mandate:\n"
    assert key_at(text, text.index("owner") + 2)[2] == "owner"  # type: ignore[index]
    assert key_at(text, text.index("mandate") + 1)[2] == "mandate"  # type: ignore[index]
    assert key_at(text, text.index("bo") + 1) is None  # a value


# -- positions by the protocol's rules ------------------------------------------------------


def test_lines_break_at_the_protocols_breaks_only() -> None:
    text = "a\r\nb\rc\nd\u2028e\x85f\x0cg"
    lines = Lines(text)
    assert [lines.content(row) for row in range(len(lines))] == [
        "a",
        "b",
        "c",
        "d\u2028e\x85f\x0cg",
    ]
    assert lines.position(text.index("e"), UTF16) == (3, 2)
    assert lines.offset(3, 2, UTF16) == text.index("e")


@pytest.mark.parametrize(("encoding", "column"), [(UTF16, 3), (UTF8, 6), (UTF32, 2)])
def test_columns_count_the_agreed_code_units(encoding: str, column: int) -> None:
    text = "x: 😀æb\n"  # before the b: 2 code points, 3 UTF-16 units, 6 UTF-8 bytes
    lines = Lines(text)
    start = text.index("😀")
    assert lines.position(start + 2, encoding) == (0, 3 + column)
    assert lines.offset(0, 3 + column, encoding) == start + 2
    assert units("😀æ", encoding) == column


def test_positions_past_the_end_are_clamped_as_the_protocol_says() -> None:
    lines = Lines("ab\ncd")
    assert lines.offset(0, 99, UTF16) == 2  # the end of the line
    assert lines.offset(9, 0, UTF16) == 5  # the end of the text
    assert lines.offset(0, 1, UTF16) == 1
    half = Lines("😀z")
    assert half.offset(0, 1, UTF16) == 0  # inside a surrogate pair: that character


def test_an_edit_is_applied_between_two_positions() -> None:
    lines = Lines("owner: bo\r\nkind: x\n")
    assert apply_change(lines, (0, 7), (0, 9), "anne", UTF16) == "owner: anne\r\nkind: x\n"
    assert apply_change(lines, (1, 0), (0, 9), "", UTF16) == "owner: bokind: x\n"  # reversed
    assert apply_change(lines, (5, 0), (5, 0), "more", UTF16) == "owner: bo\r\nkind: x\nmore"


# -- how an id is written -------------------------------------------------------------------

ids = st.text(min_size=1, max_size=20).filter(
    lambda s: "/" not in s and s.strip() == s and s.isprintable()
)


@given(ids)
def test_an_id_written_by_the_server_reads_back_as_itself(ident: str) -> None:
    written = scalar(ident)
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    data = yaml.load(f"{written}: [{written}, x]\nk: {written}\n", Loader=loader)
    assert data == {ident: [ident, "x"], "k": ident}


@pytest.mark.parametrize(
    ("ident", "written"),
    [("bo", "bo"), ("no", '"no"'), ("2024-01-02", '"2024-01-02"'), ("a, b", '"a, b"'),
     ("-x", '"-x"'), ("æble", "æble"), ("1.10", '"1.10"')],
)  # fmt: skip
def test_plain_when_safe_quoted_when_not(ident: str, written: str) -> None:
    assert scalar(ident) == written


def test_did_you_mean_prefers_a_lookalike_then_the_nearest_spelling() -> None:
    assert suggestion("bo\u00a0", ["bo", "boo"]) == "bo"
    assert suggestion("anna", ["anne", "bo"]) == "anne"
    assert suggestion("zzz", ["anne", "bo"]) is None


@pytest.mark.parametrize(
    "path",
    sorted((ROOT / "orgs").glob("*.org.yaml")),
    ids=lambda p: p.name,
)
def test_reading_from_the_entry_gives_what_reading_from_the_top_gives(
    path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The reader starts at the person or task the cursor is in (a long file is not
    read from its top each time): at every line's end and every ": " of the examples,
    (every fifth), the context is the one read from the top of the file."""
    text = path.read_text(encoding="utf-8")
    cursors = [m.start() for m in re.finditer(r"\n|: |, |\[", text)][::5]
    fast = [context_at(text, i) for i in cursors]
    monkeypatch.setattr(context, "_scan_start", lambda text, line_start: (0, []))
    assert [context_at(text, i) for i in cursors] == fast
    assert sum(c is not None and not c.at_key for c in fast) > 40


def test_thousands_of_ids_are_narrowed_by_what_is_typed() -> None:
    """A municipality of 3,000 people: the answer holds those starting with what is
    typed (at most a thousand), and says it is incomplete so the editor asks again."""
    people = "".join(f"  p{i}: {{name: P {i}, role: staff}}\n" for i in range(3000))
    text = f"{HEAD}people:\n{people}tasks:\n  t: {{title: T, owner: p12"
    document = Document("file:///x.org.yaml", None, text, 1)
    document.checked(Settings())
    answer = completion(document, len(text), UTF16)
    assert answer is not None and answer.is_incomplete
    labels = {item.label for item in answer.items}
    assert labels == {f"p{i}" for i in range(3000) if str(i).startswith("12")}
    small = text.replace(people, "  p1: {name: P, role: staff}\n")
    document = Document("file:///x.org.yaml", None, small, 1)
    document.checked(Settings())
    answer = completion(document, len(small), UTF16)
    assert answer is not None and not answer.is_incomplete


def test_an_unforeseen_failure_is_reported_and_survived(monkeypatch: pytest.MonkeyPatch) -> None:
    """Whatever goes wrong inside, the server answers: a check that fails is shown as
    one diagnostic asking for a report, and a request that fails answers nothing."""
    from lsprotocol import types

    from coordgraph.server import app, documents

    def broken(*args: object, **kwargs: object) -> None:
        raise RuntimeError("something nobody foresaw")

    server = app.make_server()
    sent: list[types.PublishDiagnosticsParams] = []
    logged: list[types.LogMessageParams] = []
    monkeypatch.setattr(server, "text_document_publish_diagnostics", sent.append)
    monkeypatch.setattr(server, "window_log_message", logged.append)
    monkeypatch.setattr(documents, "analyse", broken)
    item = types.TextDocumentItem(
        uri="file:///tmp/x.org.yaml", language_id="yaml", version=1, text="version: 1\n"
    )
    server.opened(item)
    (published,) = sent
    (diagnostic,) = published.diagnostics
    assert (
        "internal error" in diagnostic.message and "something nobody foresaw" in diagnostic.message
    )
    assert "RuntimeError" in logged[0].message
    assert app._guarded(server, "hover", lambda: 1 / 0, default=[]) == []
