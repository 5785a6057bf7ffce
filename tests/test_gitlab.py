"""GitLab Code Quality JSON: the fields GitLab reads, and fingerprints unique per report."""

from __future__ import annotations

import json
from typing import Any

from coordgraph.catalogue import Ruleset
from coordgraph.findings import FileResult, Finding, Severity, Span
from coordgraph.reporters import gitlab

RULESET = Ruleset(name="test", rules={})
SOLSIKKEN = "./orgs/solsikken.org.yaml"


def finding(
    code: str,
    name: str,
    node: str,
    line: int,
    message: str,
    severity: Severity = Severity.WARNING,
    path: str = SOLSIKKEN,
) -> Finding:
    return Finding(code, name, severity, message, path, Span(line, 3, line, 9), node)


MANDATE = finding("CG201", "missing-mandate", "tasks/icdp", 42, "Bo Berg ejer 'ICDP' uden mandat")
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
    "Ukendt nøgle 'budjet'",
    Severity.ERROR,
)
TWIN_3 = finding(
    "CG003",
    "schema-violation",
    "tasks/udeliv/resources",
    93,
    "Ukendt nøgle 'vikar'",
    Severity.ERROR,
)
WIDE = finding(
    "CG209",
    "wide-span",
    "people/anne",
    0,  # out of range: GitLab needs begin >= 1
    "Anne Holm har 24 direkte medarbejdere",
    Severity.INFO,
    path="orgs/Ålholm.org.yaml",
)


def report(res: list[FileResult]) -> list[dict[str, Any]]:
    return json.loads(gitlab.render(res, RULESET, "da"))


def results() -> list[FileResult]:
    return [
        FileResult(SOLSIKKEN, (MANDATE, TWIN_1, TWIN_2, TWIN_3)),
        FileResult(WIDE.path, (WIDE,)),
        FileResult("orgs/tom.org.yaml", ()),
    ]


def test_issue_fields() -> None:
    issues = report(results())
    assert len(issues) == 5
    first = issues[0]
    assert first == {
        "description": "CG201 missing-mandate: Bo Berg ejer 'ICDP' uden mandat",
        "check_name": "CG201",
        "fingerprint": MANDATE.fingerprint,
        "severity": "minor",
        "location": {"path": "orgs/solsikken.org.yaml", "lines": {"begin": 42}},
    }
    severities = {issue["check_name"]: issue["severity"] for issue in issues}
    assert severities == {"CG201": "minor", "CG003": "major", "CG209": "info"}
    assert issues[-1]["location"] == {"path": "orgs/Ålholm.org.yaml", "lines": {"begin": 1}}


def test_fingerprints_unique_even_for_same_code_and_node() -> None:
    assert TWIN_1.fingerprint == TWIN_2.fingerprint == TWIN_3.fingerprint
    prints = [issue["fingerprint"] for issue in report(results())]
    assert len(set(prints)) == len(prints)
    assert prints[1] == TWIN_1.fingerprint  # the first occurrence keeps its own
    assert all(len(p) == 32 and int(p, 16) >= 0 for p in prints)


def test_unique_fingerprints_avoid_colliding_with_a_real_one() -> None:
    # A derived fingerprint must not equal one that another finding already has.
    twins = [TWIN_1, TWIN_2]
    derived = gitlab.unique_fingerprints(twins)[1]
    impostor = Finding("CG999", "x", Severity.INFO, "m", "p", Span(1, 1, 1, 2), "n")
    fake = _with_fingerprint(impostor, derived)
    prints = gitlab.unique_fingerprints([TWIN_1, TWIN_2, fake])
    assert len(set(prints)) == 3


def _with_fingerprint(base: Finding, value: str) -> Finding:
    """A finding whose fingerprint is fixed, to provoke a collision on purpose."""

    class Pinned(Finding):
        __slots__ = ()

        @property
        def fingerprint(self) -> str:
            return value

    return Pinned(*base)


def test_empty_report_is_an_empty_list() -> None:
    assert gitlab.render([], RULESET, "da") == "[]\n"
    assert report([FileResult("orgs/tom.org.yaml", ())]) == []


def test_danish_letters_survive_encoding() -> None:
    text = gitlab.render(results(), RULESET, "da")
    assert "Ålholm" in text and "nøgle" in text
    decoded = json.loads(text.encode("utf-8"))
    assert decoded[1]["description"].endswith("'hours_per_week' skal være et tal")


def test_deterministic() -> None:
    first = gitlab.render(results(), RULESET, "da")
    assert gitlab.render(results(), RULESET, "da") == first
    shuffled = [FileResult(SOLSIKKEN, (TWIN_3, TWIN_1, MANDATE, TWIN_2)), *results()[1:]]
    assert gitlab.render(shuffled, RULESET, "da") == first
