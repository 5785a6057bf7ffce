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

The XML is written piece by piece (never held whole in memory), laid out and escaped
as ElementTree would write it. ``testcase`` carries a ``file`` attribute: GitLab shows
it beside each case, Jenkins' JUnit plugin ignores it; only a strict validation against
the Jenkins/Surefire XSD, which does not know it, rejects the report (see docs/ci.md).
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections.abc import Iterator, Sequence
from typing import TYPE_CHECKING

from coordgraph.findings import Finding
from coordgraph.reporters.common import ordered
from coordgraph.terms import term

if TYPE_CHECKING:
    from coordgraph.catalogue import Ruleset
    from coordgraph.findings import FileResult

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
        f"{term('severity.' + finding.severity.value, lang)} {finding.code} {finding.name}",
        finding.message,
    ]
    if finding.fix:
        lines.append(f"{term('explain.fix', lang)}: {finding.fix}")
    return "\n".join(lines)


def build(results: Sequence[FileResult], lang: str) -> ET.Element:
    """The report as an element tree (``<testsuites>``), parsed from :func:`render`."""
    return ET.fromstring(render(results, None, lang).encode("utf-8"))


_ATTR = {"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "\n": "&#10;", "\r": "&#13;"}
_ATTR["\t"] = "&#09;"
_ATTR_CHARS = re.compile('[&<>"\n\r\t]')
_TEXT_CHARS = re.compile("[&<>]")


def _attr(text: str) -> str:
    """An attribute value, quoted and escaped as ElementTree does."""
    return '"' + _ATTR_CHARS.sub(lambda m: _ATTR[m.group()], xml_text(text)) + '"'


def _text(text: str) -> str:
    return _TEXT_CHARS.sub(lambda m: _ATTR[m.group()], xml_text(text))


def chunks(results: Sequence[FileResult], ruleset: Ruleset | None, lang: str) -> Iterator[str]:
    """The JUnit XML document piece by piece (UTF-8 declared, deterministic)."""
    yield '<?xml version="1.0" encoding="UTF-8"?>\n'
    tests = sum(max(1, len(r.findings)) for r in results)
    failures = sum(len(r.findings) for r in results)
    head = f'<testsuites name="coordgraph" tests="{tests}" failures="{failures}" errors="0"'
    if not results:
        yield head + " />\n"
        return
    yield head + ">\n"
    for result in results:
        path = _attr(result.path)
        findings = ordered(result.findings)
        yield (
            f'  <testsuite name={path} tests="{max(1, len(findings))}" '
            f'failures="{len(findings)}" errors="0" skipped="0">\n'
        )
        if not findings:
            yield f'    <testcase name="{_NO_FINDINGS}" classname={path} file={path} />\n'
        for finding, name in zip(findings, case_names(findings), strict=True):
            yield (
                f"    <testcase name={_attr(name)} classname={path} file={path}>\n"
                f"      <failure type={_attr(finding.code)} message={_attr(finding.message)}>"
                f"{_text(_body(finding, lang))}</failure>\n"
                "    </testcase>\n"
            )
        yield "  </testsuite>\n"
    yield "</testsuites>\n"


def render(results: Sequence[FileResult], ruleset: Ruleset | None, lang: str) -> str:
    """The JUnit XML document as text (UTF-8 declared, deterministic)."""
    return "".join(chunks(results, ruleset, lang))
