"""JUnit XML (``--format junit``), for CI systems that show test reports (GitLab, Jenkins).

``<testsuites name="coordgraph">`` holds one ``<testsuite>`` per checked file (name =
the displayed path) with ``tests`` / ``failures`` / ``errors`` / ``skipped`` counts.
Every finding is one ``<testcase>`` (``classname`` and ``file`` = the path) holding a
``<failure type="CG201" message="…">`` whose body gives ``path:line:col: severity CODE
name``, the message and the fix hint. Findings of every severity are failures: the
report lists what the check found, ``--fail-on`` decides the exit code. ``errors`` is
always 0 (coordgraph has no "crashed test"; unreadable files are CG001 findings).

Test case names are ``CODE node [fingerprint[:8]]`` and unique within their suite:
two findings of one rule on one node (same fingerprint) get `` #2``, `` #3`` … in report
order. A file without findings gets one passing test case, ``no findings``, so its suite
is never empty. Characters that XML 1.0 cannot carry (control characters other than
tab, LF and CR) are replaced by U+FFFD so the report always parses.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections.abc import Sequence
from typing import TYPE_CHECKING

from coordgraph.findings import Finding
from coordgraph.reporters.common import ordered

if TYPE_CHECKING:
    from coordgraph.catalogue import Ruleset
    from coordgraph.findings import FileResult

_FIX = {"en": "Fix", "da": "Sådan retter du det"}
_NO_FINDINGS = "no findings"
_NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def xml_text(text: str) -> str:
    """``text`` with every character XML 1.0 forbids replaced by U+FFFD."""
    return _NOT_XML.sub("\ufffd", text)


def case_names(findings: Sequence[Finding]) -> list[str]:
    """Unique test case names for one file's findings, in the same order."""
    names: list[str] = []
    taken = {_NO_FINDINGS}
    for f in findings:
        base = f"{f.code} {f.node} [{f.fingerprint[:8]}]"
        name, n = base, 1
        while name in taken:
            n += 1
            name = f"{base} #{n}"
        taken.add(name)
        names.append(name)
    return names


def _body(finding: Finding, lang: str) -> str:
    lines = [
        f"{finding.path}:{max(1, finding.line)}:{max(1, finding.column)}: "
        f"{finding.severity} {finding.code} {finding.name}",
        finding.message,
    ]
    if finding.fix:
        lines.append(f"{_FIX.get(lang, _FIX['en'])}: {finding.fix}")
    return "\n".join(lines)


def build(results: Sequence[FileResult], lang: str) -> ET.Element:
    """The report as an element tree (``<testsuites>``)."""
    root = ET.Element("testsuites", name="coordgraph")
    total_tests = total_failures = 0
    for result in results:
        path = xml_text(result.path)
        findings = ordered(result.findings)
        tests = max(1, len(findings))
        suite = ET.SubElement(
            root,
            "testsuite",
            name=path,
            tests=str(tests),
            failures=str(len(findings)),
            errors="0",
            skipped="0",
        )
        if not findings:
            ET.SubElement(suite, "testcase", name=_NO_FINDINGS, classname=path, file=path)
        for finding, name in zip(findings, case_names(findings), strict=True):
            case = ET.SubElement(suite, "testcase", name=xml_text(name), classname=path, file=path)
            failure = ET.SubElement(
                case, "failure", type=finding.code, message=xml_text(finding.message)
            )
            failure.text = xml_text(_body(finding, lang))
        total_tests += tests
        total_failures += len(findings)
    root.set("tests", str(total_tests))
    root.set("failures", str(total_failures))
    root.set("errors", "0")
    return root


def render(results: Sequence[FileResult], ruleset: Ruleset, lang: str) -> str:
    """The JUnit XML document as text (UTF-8 declared, deterministic)."""
    root = build(results, lang)
    ET.indent(root, space="  ")
    body = ET.tostring(root, encoding="unicode")
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + body + "\n"
