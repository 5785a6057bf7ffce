"""GitHub Actions workflow commands: the runner's escaping, parsed back independently."""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from coordgraph.catalogue import Ruleset
from coordgraph.findings import FileResult, Finding, Severity, Span
from coordgraph.reporters import github

RULESET = Ruleset(name="test", rules={})  # the github format needs no rule texts
PATH = "orgs/solsikken.org.yaml"


def finding(
    code: str,
    name: str,
    node: str,
    span: Span,
    message: str,
    severity: Severity = Severity.WARNING,
    path: str = PATH,
) -> Finding:
    return Finding(code, name, severity, message, path, span, node, fix="Tilføj et mandat.")


MANDATE = finding(
    "CG201",
    "missing-mandate",
    "tasks/icdp-implementering",
    Span(42, 5, 42, 24),
    "Bo Berg (inbetweener) ejer 'Tovholder på ICDP' uden et mandat",
)
TRICKY = finding(
    "CG003",
    "schema-violation",
    "tasks/udeliv/resources",
    Span(91, 7, 93, 2),  # spans lines: the runner takes no columns then
    "Budget: 100% af 20.000 kr.,\r\nmen 'næste år'\nkan ikke læses :: ::error::",
    Severity.ERROR,
    path="orgs/a,b:c%d/Ålholm.org.yaml",
)
SPAN = finding(
    "CG209",
    "wide-span",
    "people/anne",
    Span(3, 3, 3, 7),
    "Anne Holm har 24 direkte medarbejdere",
    Severity.INFO,
)


def unescape(text: str) -> str:
    """Undo the runner's %XX escapes in one pass (independent of the escaper's order)."""
    table = {"%25": "%", "%0D": "\r", "%0A": "\n", "%3A": ":", "%2C": ","}
    return re.sub(r"%(25|0D|0A|3A|2C)", lambda m: table[m.group(0)], text)


def parse(line: str) -> tuple[str, dict[str, str], str]:
    """Parse one workflow command as the runner does: ``::cmd k=v,k=v::message``."""
    match = re.fullmatch(r"::(\w+) ([^:]*)::(.*)", line, flags=re.DOTALL)
    assert match, line
    command, props, data = match.groups()
    properties = {}
    for item in props.split(","):
        key, _, value = item.partition("=")
        properties[key] = unescape(value)
    return command, properties, unescape(data)


_BIDI_AND_SEPARATORS = set("\u061c\u200e\u200f\u2028\u2029") | {
    chr(c) for c in (*range(0x202A, 0x202F), *range(0x2066, 0x206A))
}


def shown(text: str) -> str:
    """What an annotation shows for ``text``: line breaks kept (the runner carries them),
    every other control, bidi or separator character as a visible escape."""
    out = []
    for ch in text:
        if ch in "\r\n":
            out.append(ch)
        elif ch == "\t":
            out.append("\\t")
        elif unicodedata.category(ch) in ("Cc", "Cs") or ch in _BIDI_AND_SEPARATORS:
            code = ord(ch)
            if 0xDC80 <= code <= 0xDCFF:
                out.append(f"\\x{code - 0xDC00:02x}")
            else:
                out.append(f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}")
        else:
            out.append(ch)
    return "".join(out)


def annotations(text: str) -> list[str]:
    return [line for line in text.splitlines() if line.startswith("::")]


def test_annotation_format_and_severity_commands() -> None:
    text = github.render(
        [FileResult(PATH, (MANDATE, SPAN)), FileResult("b.org.yaml", ())], RULESET, "da"
    )
    lines = annotations(text)
    assert lines[0] == (
        "::notice file=orgs/solsikken.org.yaml,line=3,col=3,endColumn=6,"
        "title=CG209 wide-span::Anne Holm har 24 direkte medarbejdere"
    )
    assert lines[1].startswith("::warning file=orgs/solsikken.org.yaml,line=42,col=5,endColumn=23,")
    command, props, message = parse(lines[1])
    assert command == "warning"
    assert props == {
        "file": PATH,
        "line": "42",
        "col": "5",
        "endColumn": "23",
        "title": "CG201 missing-mandate",
    }
    assert message == MANDATE.message
    error = annotations(github.render([FileResult(TRICKY.path, (TRICKY,))], RULESET, "da"))[0]
    assert error.startswith("::error ")


def test_escaping_round_trips_message_and_properties() -> None:
    (line,) = annotations(github.render([FileResult(TRICKY.path, (TRICKY,))], RULESET, "da"))
    assert "\r" not in line and "\n" not in line
    assert "%0D%0A" in line and "100%25" in line
    assert "file=orgs/a%2Cb%3Ac%25d/Ålholm.org.yaml," in line
    command, props, message = parse(line)
    assert command == "error"
    assert message == TRICKY.message
    assert props["file"] == TRICKY.path
    assert props["line"] == "91" and props["endLine"] == "93"
    assert "col" not in props and "endColumn" not in props


@pytest.mark.parametrize(
    ("raw", "data", "prop"),
    [
        ("100%", "100%25", "100%25"),
        ("a\r\nb", "a%0D%0Ab", "a%0D%0Ab"),
        ("CG201: a, b", "CG201: a, b", "CG201%3A a%2C b"),
        ("%0A literally", "%250A literally", "%250A literally"),
    ],
)
def test_escape_functions(raw: str, data: str, prop: str) -> None:
    assert github.escape_data(raw) == data
    assert github.escape_property(raw) == prop
    assert unescape(github.escape_property(raw)) == raw


@given(message=st.text(), path=st.text(min_size=1), line=st.integers(-3, 10**6))
def test_any_message_and_path_round_trip(message: str, path: str, line: int) -> None:
    f = finding("CG201", "missing-mandate", "tasks/x", Span(line, 1, line, 2), message, path=path)
    text = github.annotation(f)
    assert "\n" not in text and "\r" not in text  # one command, one line
    command, props, data = parse(text)
    assert command == "warning"
    assert data == shown(message)
    assert props["file"] == shown(path)
    assert props["title"] == "CG201 missing-mandate"
    assert int(props["line"]) >= 1


def test_control_characters_are_shown_not_sent_to_the_log() -> None:
    """An escape sequence or bidi override in a title reaches the log as visible text."""
    title = "ICDP\x1b]0;pwned\x07 \u202eevil\x9b2J"
    f = finding("CG201", "missing-mandate", "tasks/x", Span(1, 1, 1, 2), f"'{title}' uden mandat")
    line = github.annotation(f)
    assert not any(unicodedata.category(ch) == "Cc" for ch in line)
    assert "\u202e" not in line
    _, _, data = parse(line)
    assert data == "'ICDP\\x1b]0;pwned\\x07 \\u202eevil\\x9b2J' uden mandat"


def test_point_and_clamped_spans_give_valid_columns() -> None:
    point = finding(
        "CG105", "isolated-person", "people/ib", Span(7, 3, 7, 4), "Ib Ærenfeldt er isoleret"
    )
    _, props, _ = parse(github.annotation(point))
    assert (props["col"], props["endColumn"]) == ("3", "3")
    empty = finding("CG001", "yaml-syntax", "line/1", Span(0, 0, 0, 0), "Tom fil", Severity.ERROR)
    _, props, _ = parse(github.annotation(empty))
    assert (props["line"], props["col"], props["endColumn"]) == ("1", "1", "1")


def test_summary_line_in_log_and_empty_run() -> None:
    text = github.render([FileResult(PATH, ())], RULESET, "da")
    assert annotations(text) == []
    assert text == "coordgraph: Ingen fund i 1 fil.\n"
    text = github.render([FileResult(PATH, (MANDATE, SPAN))], RULESET, "en")
    assert text.endswith("coordgraph: 2 findings in 1 file (0 errors, 1 warning, 1 info)\n")
    text = github.render(
        [FileResult(PATH, (MANDATE,)), FileResult("b.org.yaml", ())], RULESET, "da"
    )
    assert text.endswith("coordgraph: 1 fund i 2 filer (0 fejl, 1 advarsel, 0 info)\n")


def test_deterministic() -> None:
    res = [FileResult(PATH, (SPAN, MANDATE)), FileResult(TRICKY.path, (TRICKY,))]
    assert github.render(res, RULESET, "da") == github.render(res, RULESET, "da")
    swapped = [FileResult(PATH, (MANDATE, SPAN)), FileResult(TRICKY.path, (TRICKY,))]
    assert github.render(swapped, RULESET, "da") == github.render(res, RULESET, "da")


def test_step_summary_is_appended_markdown_table(tmp_path: Path) -> None:
    summary = tmp_path / "summary.md"
    summary.write_text("# Tidligere trin\n", encoding="utf-8")
    res = [FileResult(PATH, (MANDATE, SPAN)), FileResult(TRICKY.path, (TRICKY,))]
    assert github.write_step_summary(res, summary, "da") is True
    text = summary.read_text(encoding="utf-8")
    assert text.startswith("# Tidligere trin\n")  # appended, not overwritten
    assert "| Fil | Linje | Alvorsgrad | Kode | Besked |" in text
    rows = [line for line in text.splitlines() if line.startswith("| ") and "CG" in line]
    assert len(rows) == 3
    assert "| orgs/solsikken.org.yaml | 42 | advarsel | CG201 missing-mandate | Bo Berg" in text
    tricky = next(row for row in rows if "CG003" in row)
    # one row, the pipe-free cell count intact, the line breaks shown as <br>
    assert tricky.count(" | ") == 4
    assert "<br>" in tricky and "\n" not in tricky
    assert "3 fund i 2 filer (1 fejl, 1 advarsel, 1 info)" in text


def test_step_summary_escapes_table_breakers() -> None:
    nasty = finding("CG003", "schema-violation", "x", Span(1, 1, 1, 2), "a | b <script> `c`")
    text = github.render_step_summary([FileResult(PATH, (nasty,))], "en")
    row = next(line for line in text.splitlines() if "CG003" in line)
    assert "a \\| b &lt;script&gt; \\`c\\`" in row
    assert re.sub(r"\\\|", "", row).count("|") == 6


def test_step_summary_respects_size_limit() -> None:
    many = tuple(
        finding(
            "CG104",
            "uncoordinated-contributors",
            f"tasks/t{i}/contributors/0",
            Span(i + 1, 1, i + 1, 5),
            "Søren Ærø taler ikke med ejeren " + "ø" * 200,
        )
        for i in range(400)
    )
    text = github.render_step_summary([FileResult(PATH, many)], "en", max_bytes=40_000)
    assert len(text.encode()) <= 40_000
    shown = sum(1 for line in text.splitlines() if "CG104" in line)
    assert 0 < shown < 400
    assert f"… and {400 - shown} more findings" in text
    full = github.render_step_summary([FileResult(PATH, many)], "en")
    assert sum(1 for line in full.splitlines() if "CG104" in line) == 400


def test_step_summary_unwritable_is_reported_not_raised(tmp_path: Path) -> None:
    assert github.write_step_summary([], tmp_path / "missing-dir" / "s.md") is False
    empty = tmp_path / "empty.md"
    assert github.write_step_summary([FileResult(PATH, ())], empty, "en") is True
    assert "No findings in 1 file." in empty.read_text(encoding="utf-8")
