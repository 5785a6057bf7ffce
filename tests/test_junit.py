"""JUnit XML: parses, counts right, one uniquely named test case per finding."""

from __future__ import annotations

import xml.etree.ElementTree as ET

from hypothesis import given
from hypothesis import strategies as st

from coordgraph.catalogue import Ruleset
from coordgraph.findings import FileResult, Finding, Severity, Span
from coordgraph.reporters import junit

RULESET = Ruleset(name="test", rules={})
SOLSIKKEN = "orgs/solsikken.org.yaml"
SKOVBAKKE = "orgs/skovbakkeskolen.org.yaml"
EMPTY = "orgs/dagtilbud-nord.org.yaml"


def finding(
    code: str,
    name: str,
    node: str,
    line: int,
    message: str,
    severity: Severity = Severity.WARNING,
    path: str = SOLSIKKEN,
    fix: str = "Giv opgaven et mandat fra lederen.",
) -> Finding:
    return Finding(code, name, severity, message, path, Span(line, 5, line, 9), node, fix)


MANDATE = finding("CG201", "missing-mandate", "tasks/icdp", 42, "Bo Berg ejer 'ICDP' uden mandat")
# Two findings with the same code and node: the same fingerprint.
TWIN_1 = finding(
    "CG003",
    "schema-violation",
    "tasks/udeliv/resources",
    91,
    "'hours_per_week' skal være et tal",
    Severity.ERROR,
)
TWIN_2 = finding(
    "CG003",
    "schema-violation",
    "tasks/udeliv/resources",
    92,
    "Ukendt nøgle 'budjet' <&>\"",
    Severity.ERROR,
)
OTHER_FILE = finding(
    "CG209",
    "wide-span",
    "people/øjvind",
    7,
    "Øjvind Ærø har 24 direkte medarbejdere",
    Severity.INFO,
    path=SKOVBAKKE,
)


def results() -> list[FileResult]:
    return [
        FileResult(SOLSIKKEN, (MANDATE, TWIN_1, TWIN_2)),
        FileResult(SKOVBAKKE, (OTHER_FILE,)),
        FileResult(EMPTY, ()),
    ]


def parsed(res: list[FileResult], lang: str = "da") -> ET.Element:
    text = junit.render(res, RULESET, lang)
    assert text.startswith('<?xml version="1.0" encoding="UTF-8"?>\n')
    return ET.fromstring(text.encode("utf-8"))


def test_parses_with_suite_per_file_and_right_counts() -> None:
    root = parsed(results())
    assert root.tag == "testsuites"
    assert (root.get("tests"), root.get("failures"), root.get("errors")) == ("5", "4", "0")
    suites = root.findall("testsuite")
    assert [s.get("name") for s in suites] == [SOLSIKKEN, SKOVBAKKE, EMPTY]
    counts = [(s.get("tests"), s.get("failures"), s.get("errors")) for s in suites]
    assert counts == [("3", "3", "0"), ("1", "1", "0"), ("1", "0", "0")]
    for suite in suites:
        cases = suite.findall("testcase")
        assert len(cases) == int(suite.get("tests", "-1"))
        assert len(suite.findall("testcase/failure")) == int(suite.get("failures", "-1"))
        assert all(case.get("classname") == suite.get("name") for case in cases)


def test_file_without_findings_has_one_passing_case() -> None:
    suite = parsed(results()).findall("testsuite")[2]
    (case,) = suite.findall("testcase")
    assert case.get("name") == "no findings"
    assert list(case) == []


def test_names_unique_even_for_same_code_and_node() -> None:
    assert TWIN_1.fingerprint == TWIN_2.fingerprint
    suite = parsed(results()).findall("testsuite")[0]
    names = [case.get("name") for case in suite.findall("testcase")]
    assert len(set(names)) == len(names) == 3
    prefix = f"CG003 tasks/udeliv/resources [{TWIN_1.fingerprint[:8]}]"
    assert names[1] == prefix and names[2] == f"{prefix} #2"
    assert names[0] == f"CG201 tasks/icdp [{MANDATE.fingerprint[:8]}]"


def test_case_names_helper_never_repeats() -> None:
    triple = [TWIN_1, TWIN_2, TWIN_1]
    assert len(set(junit.case_names(triple))) == 3


def test_failure_carries_code_message_position_and_fix() -> None:
    suite = parsed(results()).findall("testsuite")[0]
    failure = suite.findall("testcase")[2].find("failure")
    assert failure is not None
    assert failure.get("type") == "CG003"
    assert failure.get("message") == TWIN_2.message  # <&>" escaped and restored
    body = failure.text or ""
    assert body.startswith(f"{SOLSIKKEN}:92:5: fejl CG003 schema-violation\n")  # Danish
    assert TWIN_2.message in body
    assert "Sådan retter du det: Giv opgaven et mandat fra lederen." in body
    english = parsed(results(), "en").findall("testsuite")[0].find("testcase/failure")
    assert english is not None and "\nHow to fix it: Giv opgaven" in (english.text or "")
    assert ": warning CG201" in (english.text or "")


def test_danish_letters_survive_encoding() -> None:
    suite = parsed(results()).findall("testsuite")[1]
    case = suite.find("testcase")
    assert case is not None
    assert case.get("name", "").startswith("CG209 people/øjvind [")
    failure = case.find("failure")
    assert failure is not None and failure.get("message") == OTHER_FILE.message


def test_control_characters_cannot_break_the_xml() -> None:
    bad = finding(
        "CG001", "yaml-syntax", "line/1", 1, "Tegnet \x00\x1b er ikke tilladt", Severity.ERROR
    )
    root = parsed([FileResult("orgs/x\x07.org.yaml", (bad,))])
    failure = root.find("testsuite/testcase/failure")
    assert failure is not None
    assert failure.get("message") == "Tegnet \ufffd\ufffd er ikke tilladt"


@given(message=st.text(), path=st.text(min_size=1), node=st.text())
def test_any_text_gives_parseable_xml(message: str, path: str, node: str) -> None:
    f = finding("CG104", "uncoordinated-contributors", node, 3, message, path=path)
    root = parsed([FileResult(path, (f, f))])
    suite = root.find("testsuite")
    assert suite is not None and suite.get("name") == junit.xml_text(path)
    names = [case.get("name") for case in suite.findall("testcase")]
    assert len(set(names)) == 2
    failure = suite.find("testcase/failure")
    assert failure is not None
    # ElementTree writes CR in attributes as &#13; but a bare CR in text is read as LF
    assert failure.get("message") == junit.xml_text(message)


def test_no_files_gives_an_empty_report() -> None:
    root = parsed([])
    assert root.findall("testsuite") == []
    assert (root.get("tests"), root.get("failures")) == ("0", "0")


def test_deterministic() -> None:
    first = junit.render(results(), RULESET, "da")
    assert junit.render(results(), RULESET, "da") == first
    shuffled = [FileResult(SOLSIKKEN, (TWIN_2, MANDATE, TWIN_1)), *results()[1:]]
    assert junit.render(shuffled, RULESET, "da") == first
