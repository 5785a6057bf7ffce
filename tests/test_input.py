"""CG0: the file itself. Every case with its code and exact 1-based position."""

from __future__ import annotations

import subprocess
import sys
import textwrap
import time
from datetime import date
from pathlib import Path

import pytest

from coordgraph.engine import Options, check_text
from coordgraph.findings import Finding

AS_OF = date(2026, 11, 26)

HEADER = """\
version: 1
organisation: {id: test, name: Test}
"""


def check(text: str | bytes, lang: str = "en") -> list[Finding]:
    return list(check_text(text, "t.org.yaml", Options.default(as_of=AS_OF, lang=lang)).findings)


def input_findings(text: str | bytes) -> list[tuple[str, int, int]]:
    return [(f.code, f.line, f.column) for f in check(text) if f.code.startswith("CG0")]


def only(findings: list[Finding], code: str) -> Finding:
    matching = [f for f in findings if f.code == code]
    assert len(matching) == 1, [(f.code, f.message) for f in findings]
    return matching[0]


# -- CG001 ---------------------------------------------------------------------------


def test_syntax_error_is_placed_where_the_mistake_is() -> None:
    text = HEADER + "people:\n  anne: {name: Anne, role: leader\n"
    finding = only(check(text), "CG001")
    # libyaml notices at the end of the stream; the brace left open is where it was written.
    assert (finding.line, finding.column) == (4, 9)
    assert "anne: {name: Anne, role: leader}" in finding.message


def test_an_unknown_parser_problem_keeps_the_parsers_place_in_plain_words() -> None:
    text = HEADER + "people: {}\nx: !a!b c\n"
    finding = only(check(text), "CG001")
    assert (finding.line, finding.column) == (4, 4)
    assert "cannot be read from here: a '!' that begins a value" in finding.message
    assert "tag handle" not in finding.message


def test_syntax_error_position_is_clamped_into_the_file() -> None:
    text = 'version: 1\nname: "unterminated'
    finding = only(check(text), "CG001")
    lines = text.split("\n")
    assert 1 <= finding.line <= len(lines)
    assert 1 <= finding.column <= len(lines[finding.line - 1]) + 1


def test_undecodable_bytes_are_reported_with_their_position() -> None:
    data = (HEADER + "people:\n  anne: {name: B\xf8rge, role: leader}\n").encode("latin-1")
    finding = only(check(data), "CG001")
    assert (finding.line, finding.column) == (4, 17)
    assert "UTF-8" in finding.message and "0xf8" in finding.message


def test_utf16_is_reported_not_misread() -> None:
    data = (HEADER).encode("utf-16")
    finding = only(check(data), "CG001")
    assert "UTF-16" in finding.message


def test_utf8_with_bom_is_read() -> None:
    data = b"\xef\xbb\xbf" + HEADER.encode()
    assert input_findings(data) == []


def test_control_character_is_a_syntax_finding() -> None:
    finding = only(check(HEADER + "x: \x07\n"), "CG001")
    assert finding.line == 3


# -- CG002 ---------------------------------------------------------------------------


def test_duplicate_key_reports_both_positions() -> None:
    text = HEADER + textwrap.dedent(
        """\
        people:
          anne: {name: Anne, role: leader}
          bo: {name: Bo, role: staff}
          anne: {name: Anne Igen, role: staff}
        """
    )
    finding = only(check(text), "CG002")
    assert (finding.line, finding.column) == (6, 3)
    assert "line 4" in finding.message and "'anne'" in finding.message


def test_keys_that_resolve_to_the_same_value_are_duplicates() -> None:
    # YAML 1.1: `010` is octal 8, so PyYAML would keep only one of these keys.
    text = HEADER + "people:\n  anne: {name: Anne, role: leader}\nx:\n  010: a\n  8: b\n"
    assert ("CG002", 7, 3) in input_findings(text)
    text = HEADER + "x:\n  yes: a\n  true: b\n"
    assert ("CG002", 5, 3) in input_findings(text)
    text = "version: 1\nversion: 1\n"
    assert only(check(text), "CG002").line == 2


# -- CG003 ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("snippet", "position", "words"),
    [
        # unknown key with a suggestion
        ("people:\n  anne: {name: Anne, rolle: leader}\n", (4, 22), ["rolle", "role"]),
        # wrong type
        ("people:\n  anne: {name: [Anne], role: leader}\n", (4, 16), ["must be a string"]),
        # missing required key: at the subject's key
        ("people:\n  anne: {name: Anne}\n", (4, 3), ["required key 'role'"]),
        # invalid enum value with a suggestion
        ("people:\n  anne: {name: Anne, role: leder}\n", (4, 28), ["leder", "leader"]),
        # invalid date
        (
            "people:\n  a: {name: A, role: leader}\n"
            "tasks:\n  t: {title: T, owner: a, mandate: {valid_until: 2027-02-30}}\n",
            (6, 50),
            ["2027-02-30", "YYYY-MM-DD"],
        ),
        # YAML 1.1 trap in an id
        ("people:\n  no: {name: Nora, role: leader}\n", (4, 3), ["'no'", "quotes"]),
        # YAML 1.1 trap in a name
        ("people:\n  anne: {name: 1.10, role: leader}\n", (4, 16), ["1.10", "quotes"]),
        # a date where a name is expected
        ("people:\n  anne: {name: 2024-01-02, role: leader}\n", (4, 16), ["date", "quotes"]),
        # id used twice across sections
        (
            "people:\n  anne: {name: Anne, role: leader}\n"
            "forums:\n  anne: {members: [anne], frequency: weekly}\n",
            (6, 3),
            ["'anne'", "people/anne"],
        ),
        # a non-standard tag
        ("people:\n  anne: {name: !custom Anne, role: leader}\n", (4, 16), ["tag"]),
    ],
)
def test_schema_violations(snippet: str, position: tuple[int, int], words: list[str]) -> None:
    findings = [f for f in check(HEADER + snippet) if words[0] in f.message]
    finding = only(findings, "CG003")
    assert (finding.line, finding.column) == position
    for word in words:
        assert word in finding.message


def test_missing_top_level_keys_and_wrong_version() -> None:
    assert [f.code for f in check("people: {}\n")] == ["CG003", "CG003"]
    finding = only(check("version: 2\norganisation: {id: a, name: A}\n"), "CG003")
    assert finding.line == 1 and "version: 1" in finding.message


def test_python_object_payload_is_reported_and_never_executed(tmp_path: Path) -> None:
    marker = tmp_path / "executed"
    text = HEADER + (
        "people:\n"
        f"  anne: {{name: !!python/object/apply:os.system ['touch {marker}'], role: leader}}\n"
        f"  bo: !!python/object/apply:subprocess.call [['touch', '{marker}']]\n"
    )
    findings = check(text)
    assert not marker.exists()
    tags = [f for f in findings if f.code == "CG003" and "tag" in f.message]
    assert [(f.line, f.column) for f in tags] == [(4, 16), (5, 7)]
    assert all("!!python/object/apply" in f.message for f in tags)


def test_findings_are_in_danish_with_lang_da() -> None:
    finding = only(check(HEADER + "people:\n  anne: {name: Anne}\n", lang="da"), "CG003")
    assert "mangler den påkrævede nøgle 'role'" in finding.message


# -- CG004 ---------------------------------------------------------------------------


def test_unknown_reference_with_suggestion() -> None:
    text = HEADER + textwrap.dedent(
        """\
        people:
          anne: {name: Anne, role: leader}
          bo: {name: Bo, role: inbetweener, reports_to: annne}
        """
    )
    finding = only(check(text), "CG004")
    assert (finding.line, finding.column) == (5, 49)
    assert finding.node == "people/bo/reports_to"
    assert "'annne'" in finding.message and "'anne'" in finding.message


def test_reference_to_the_wrong_kind() -> None:
    text = HEADER + textwrap.dedent(
        """\
        people:
          anne: {name: Anne, role: leader}
        forums:
          ledermoede: {members: [anne], frequency: weekly}
        tasks:
          t: {title: T, owner: ledermoede}
        """
    )
    finding = only(check(text), "CG004")
    assert (finding.line, finding.column) == (8, 24)
    assert "forum" in finding.message and "person" in finding.message


def test_reports_to_cycle_is_reported_once() -> None:
    text = HEADER + textwrap.dedent(
        """\
        people:
          anne: {name: Anne, role: leader, reports_to: bo}
          bo: {name: Bo, role: inbetweener, reports_to: carl}
          carl: {name: Carl, role: staff, reports_to: anne}
        """
    )
    finding = only(check(text), "CG004")
    assert finding.node == "people/anne/reports_to"
    assert (finding.line, finding.column) == (4, 36)
    assert "anne → bo → carl → anne" in finding.message


def test_part_of_cycle_is_reported() -> None:
    text = HEADER + textwrap.dedent(
        """\
        people:
          anne: {name: Anne, role: leader}
        tasks:
          a: {title: A, owner: anne, part_of: b}
          b: {title: B, owner: anne, part_of: a}
        """
    )
    finding = only(check(text), "CG004")
    assert finding.node == "tasks/a/part_of"
    assert finding.line == 6


# -- CG005 ---------------------------------------------------------------------------


def alias_bomb(levels: int = 10, width: int = 10) -> str:
    lines = ["version: 1", "organisation: {id: x, name: X}", "a0: &a0 [x]"]
    for level in range(1, levels):
        items = ", ".join(f"*a{level - 1}" for _ in range(width))
        lines.append(f"a{level}: &a{level} [{items}]")
    return "\n".join(lines) + "\n"


def nested(depth: int) -> str:
    return "version: 1\nx: " + "[" * depth + "]" * depth + "\n"


@pytest.mark.parametrize(
    ("name", "text", "code"),
    [
        ("alias bomb", alias_bomb(), "CG005"),
        ("self-referencing alias", "version: 1\na: &a [1, *a]\n", "CG005"),
        ("nesting 20,000 deep", nested(20_000), "CG005"),
        ("nesting 100,000 deep", nested(100_000), "CG005"),
        ("nesting in mappings", "version: 1\nx: " + "{a: " * 5000 + "1" + "}" * 5000, "CG005"),
    ],
)
def test_hostile_input_is_refused_quickly(name: str, text: str, code: str) -> None:
    start = time.monotonic()
    findings = check(text)
    elapsed = time.monotonic() - start
    assert [f.code for f in findings] == [code], name
    assert elapsed < 2.0, f"{name} took {elapsed:.1f}s"


def test_deep_nesting_does_not_crash_the_process(tmp_path: Path) -> None:
    # PyYAML's C composer segfaults past ~25,000 levels: prove we never get there.
    org = tmp_path / "deep.org.yaml"
    org.write_text(nested(100_000))
    process = subprocess.run(
        [sys.executable, "-m", "coordgraph", "check", "--format", "text", str(org)],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert process.returncode == 1, process.stderr
    assert "CG005" in process.stdout
    assert "Traceback" not in process.stderr


def test_size_limit_is_refused_before_parsing() -> None:
    from coordgraph.loader import Limits, read

    text, hits = read(b"x" * 2000, Limits(max_bytes=1000))
    assert [h.code for h in hits] == ["CG005"] and text is None


def test_too_many_aliases() -> None:
    text = "version: 1\na: &a x\nb: [" + ", ".join(["*a"] * 1500) + "]\n"
    finding = only(check(text), "CG005")
    assert "1000" in finding.message


def test_legitimate_aliases_are_read() -> None:
    text = HEADER + textwrap.dedent(
        """\
        people:
          anne: {name: Anne, role: leader}
          bo: {name: Bo, role: inbetweener, reports_to: anne}
        forums:
          f1: {members: &team [anne, bo], frequency: weekly}
          f2: {members: *team, frequency: monthly}
        """
    )
    assert input_findings(text) == []


def test_multiple_documents_are_reported() -> None:
    finding = only(check(HEADER + "---\nversion: 1\n"), "CG003")
    assert finding.line == 3 and "more than one" in finding.message


def test_list_positions_survive_an_unknown_entry() -> None:
    """A finding on the third contributor points at the third entry, not the second."""
    text = HEADER + textwrap.dedent(
        """\
        people:
          anne: {name: Anne, role: leader}
          sofie: {name: Sofie, role: staff, reports_to: anne}
          tove: {name: Tove, role: staff}
        forums:
          f: {members: [anne, sofie], frequency: weekly}
        tasks:
          t:
            title: T
            owner: sofie
            kind: practice
            contributors: [ghost, anne, tove]
            depends_on: [nothing, u]
          u: {title: U, owner: tove, kind: practice}
        """
    )
    findings = check(text)
    cg104 = only(findings, "CG104")
    assert cg104.node == "tasks/t/contributors/2"
    assert (cg104.line, cg104.column) == (14, 33)
    cg103 = only(findings, "CG103")
    assert cg103.node == "tasks/t/depends_on/1"
    assert (cg103.line, cg103.column) == (15, 27)


# -- every input message in Danish, with nothing English filled in ------------------------

PERSON = "people:\n  anne: {name: Anne Holm, role: leader}\n"
DANISH_INPUT_MESSAGES = [
    (PERSON + "  bo: {name: Bo, role: staff, leadership_hours: .inf}\n",
     "'.inf' er ikke et endeligt tal"),
    (PERSON + "  bo: {name: Bo, role: staff, leadership_hours: !!int fem}\n",
     "'fem' er ikke et heltal"),
    (PERSON + "  bo: {name: Bo, role: staff, leadership_hours: !!float fem}\n",
     "'fem' er ikke et tal"),
    (PERSON + "  bo: {name: Bo, role: staff, leadership_hours: !!int _}\n",
     "'_' har ingen cifre, hvor der skulle stå et tal"),
    (PERSON + "  bo: {name: Bo, role: staff, leadership_hours: " + "9" * 4001 + "}\n",
     "et tal med 4001 cifre er for langt"),
    (PERSON + "tasks:\n  t: {title: T, owner: anne, mandate: {may_delegate: !!bool måske}}\n",
     "'måske' er hverken true eller false"),
    (PERSON + "  '': {name: Bo, role: staff}\n", "et id kan ikke være tomt"),
    (PERSON + "".join(f"  p{i}: {{name: P, role: boss}}\n" for i in range(1001)),
     "1 problemer mere i filen er ikke vist (kun de første 1000)"),
    (PERSON + "tasks:\n  t: {title: T, owner: anne" + ", title: T" * 1001 + "}\n",
     "Filen gentager nøgler mere end 1000 gange; den afvises"),
]  # fmt: skip


@pytest.mark.parametrize(("body", "expected"), DANISH_INPUT_MESSAGES)
def test_input_messages_are_danish_throughout(body: str, expected: str) -> None:
    messages = [f.message for f in check(HEADER + body, lang="da")]
    assert any(expected in message for message in messages), messages
    english = ("is not", "cannot", "more problems", "repeats keys", "digits", "lone surrogate")
    assert not any(word in message for message in messages for word in english), messages


def test_too_many_nodes_is_danish() -> None:
    from coordgraph.catalogue import load_ruleset

    ruleset = load_ruleset("default").with_overrides(
        {"CG005": {"params": {"max_nodes": 10}}}, "test"
    )
    options = Options(ruleset=ruleset, as_of=AS_OF, lang="da")
    findings = check_text(HEADER + PERSON, "t.org.yaml", options).findings
    assert [f.message for f in findings] == [
        "Filen rummer mere end 10 YAML-knuder (nøgler og værdier); del den op i mindre filer"
    ]


def test_every_scalar_problem_has_a_message_in_both_languages() -> None:
    from coordgraph.catalogue import load_ruleset
    from coordgraph.scalars import SCALAR_PROBLEMS

    spec = load_ruleset("default").rules["CG003"]
    for reason in SCALAR_PROBLEMS:
        for lang in ("da", "en"):
            template = spec.template(f"scalar_{reason}", lang)
            assert template.format(where="x", value="v", digits=9), reason


def test_a_lone_surrogate_is_reported_in_danish(monkeypatch: pytest.MonkeyPatch) -> None:
    """Only PyYAML's pure-Python scanner lets one through (libyaml refuses the escape),
    so the spec is given the event directly, as that parser would."""
    import yaml

    from coordgraph import schema
    from coordgraph.catalogue import load_ruleset
    from coordgraph.schema import INVALID, Text, Validator

    monkeypatch.setattr(schema, "CHECKS_SURROGATES", True)
    text = 'people: {anne: {name: "Anne \\ud800"}}\n'
    v = Validator(text)
    mark = yaml.Mark("t", 21, 0, 21, None, None)
    end = yaml.Mark("t", 35, 0, 35, None, None)
    event = yaml.ScalarEvent(None, None, (False, True), "Anne \ud800", mark, end, '"')
    assert Text().read(event, "people/anne", "name", v) is INVALID
    [hit] = v.hits
    template = load_ruleset("default").rules["CG003"].template(hit.variant, "da")
    assert template.format(**hit.args) == (
        "people/anne/name: teksten indeholder et enligt surrogattegn (et ugyldigt tegn); "
        "skriv den igen"
    )
    assert hit.span is not None and (hit.span.line, hit.span.column) == (1, 22)


def test_an_unreadable_file_is_reported_in_danish(tmp_path: Path) -> None:
    from coordgraph.engine import check_file

    folder = tmp_path / "not-a-file.org.yaml"
    folder.mkdir()  # reading it fails as reading an unreadable file does
    options = Options.default(as_of=AS_OF, lang="da")
    [finding] = check_file(folder, "not-a-file.org.yaml", options).findings
    assert finding.code == "CG001"
    assert finding.message.startswith("Filen kan ikke læses (")


WRONG_KINDS = """\
version: 1
organisation: {id: t, name: T}
units:
  egern: {name: Egern}
people:
  anne: {name: Anne Holm, role: leader}
  bo: {name: Bo Berg, role: staff}
forums:
  pm: {members: [anne, bo], frequency: monthly}
tasks:
  t: {title: T, owner: egern, kind: practice}
  u: {title: U, owner: anne, kind: practice, venue: bo}
links:
  - {between: [anne, pm], frequency: weekly}
"""


@pytest.mark.parametrize(
    ("lang", "expected"),
    [
        (
            "en",
            [
                ("tasks/t/owner", "a unit is not a person", "for example the unit's leader"),
                ("tasks/u/venue", "which is a person, not a forum", "the field expects"),
                ("links/0/between/1", "a link joins two people", "to the forum's members"),
            ],
        ),
        (
            "da",
            [
                ("tasks/t/owner", "en enhed er ikke en person", "for eksempel enhedens leder"),
                ("tasks/u/venue", "som er en person, ikke et forum", "feltet forventer"),
                ("links/0/between/1", "går mellem to personer", "på forummets deltagere"),
            ],
        ),
    ],
)
def test_a_reference_to_the_wrong_kind_gets_a_hint_that_fits(
    lang: str, expected: list[tuple[str, str, str]]
) -> None:
    """A forum as one end of a link, a unit as a task's owner, a person as a venue:
    each says what it is and what to write instead, never 'declare the missing id'."""
    found = [(f.node, f.message, f.fix) for f in check(WRONG_KINDS, lang) if f.code == "CG004"]
    assert len(found) == len(expected)
    for (node, message, fix), (want_node, want_message, want_fix) in zip(
        found, expected, strict=True
    ):
        assert node == want_node and want_message in message and want_fix in fix
        assert "declare" not in fix.lower() and "erklær" not in fix.lower()
