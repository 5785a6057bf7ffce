"""Text format: one finding a line, then a summary line (DESIGN section 6)."""

from __future__ import annotations

from collections.abc import Sequence

import click

from coordgraph.catalogue import Ruleset
from coordgraph.findings import FileResult, Finding, count_by_severity
from coordgraph.terms import term

_COLOURS = {"error": "red", "warning": "yellow", "info": "cyan"}


def _word(lang: str, key: str, count: int) -> str:
    return term(f"summary.{key}.{'one' if count == 1 else 'many'}", lang)


def line(finding: Finding, color: bool = False) -> str:
    severity = finding.severity.value
    if color:
        severity = click.style(severity, fg=_COLOURS[severity], bold=severity == "error")
    location = f"{finding.path}:{finding.span.line}:{finding.span.column}:"
    if color:
        location = click.style(location, bold=True)
    return f"{location} {severity} {finding.code} {finding.name}  {finding.message}"


def summary(results: Sequence[FileResult], lang: str) -> str:
    findings = [f for r in results for f in r.findings]
    files = len(results)
    if not findings:
        text = term("summary.none", lang).format(files=files, file_word=_word(lang, "file", files))
    else:
        counts = count_by_severity(findings)
        detail = ", ".join(f"{n} {_word(lang, sev, n)}" for sev, n in counts.items() if n)
        text = term("summary.some", lang).format(
            total=len(findings),
            finding_word=_word(lang, "finding", len(findings)),
            detail=detail,
            files=files,
            file_word=_word(lang, "file", files),
        )
    suppressed = sum(r.suppressed for r in results)
    if suppressed:
        text += " " + term("summary.suppressed", lang).format(n=suppressed) + "."
    return text


def render(
    results: Sequence[FileResult],
    ruleset: Ruleset,
    lang: str,
    color: bool = False,
    quiet: bool = False,
) -> str:
    lines = [line(f, color) for r in results for f in r.findings]
    if not quiet:
        lines.append(summary(results, lang))
    return "\n".join(lines) + ("\n" if lines else "")
