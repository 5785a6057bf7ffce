"""Text format: one finding a line, then a summary line.

Everything taken from the files (paths, names, titles, messages) is shown through
:func:`coordgraph.display.printable`: a control character, a bidi override or a line
break in a title is shown as an escape (``\\x1b``, ``\\u202e``, ``\\n``), so the
output can neither drive the terminal nor start a line of its own. A line that would
begin with ``::`` (a file named so, in the folder checked) gets ``./`` in front, so a
CI runner reading the log never takes it for a workflow command.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence

import click

from coordgraph.catalogue import Ruleset
from coordgraph.display import printable
from coordgraph.engine import FileResult
from coordgraph.findings import Finding, count_by_severity

_COLOURS = {"error": "red", "warning": "yellow", "info": "cyan"}

SUMMARY = {
    "en": {
        "none": "No findings in {files} {file_word}.",
        "some": "Found {total} {finding_word} ({detail}) in {files} {file_word}.",
        "file": ("file", "files"),
        "finding": ("finding", "findings"),
        "error": ("error", "errors"),
        "warning": ("warning", "warnings"),
        "info": ("info", "infos"),
        "suppressed": "{n} suppressed by comments",
    },
    "da": {
        "none": "Ingen fund i {files} {file_word}.",
        "some": "Fandt {total} {finding_word} ({detail}) i {files} {file_word}.",
        "file": ("fil", "filer"),
        "finding": ("fund", "fund"),
        "error": ("fejl", "fejl"),
        "warning": ("advarsel", "advarsler"),
        "info": ("info", "info"),
        "suppressed": "{n} undertrykt af kommentarer",
    },
}


def _word(lang: str, key: str, count: int) -> str:
    singular, plural = SUMMARY[lang][key]
    return singular if count == 1 else plural


def _shown_path(path: str) -> str:
    shown = printable(path)
    return "./" + shown if shown.startswith(("::", "##")) else shown


def line(finding: Finding, color: bool = False) -> str:
    severity = finding.severity.value
    if color:
        severity = click.style(severity, fg=_COLOURS[severity], bold=severity == "error")
    location = f"{_shown_path(finding.path)}:{finding.span.line}:{finding.span.column}:"
    if color:
        location = click.style(location, bold=True)
    name, message = printable(finding.name), printable(finding.message)
    return f"{location} {severity} {printable(finding.code)} {name}  {message}"


def summary(results: Sequence[FileResult], lang: str) -> str:
    lang = lang if lang in SUMMARY else "en"
    findings = [f for r in results for f in r.findings]
    files = len(results)
    texts = SUMMARY[lang]
    if not findings:
        text = texts["none"].format(files=files, file_word=_word(lang, "file", files))
    else:
        counts = count_by_severity(findings)
        detail = ", ".join(f"{n} {_word(lang, sev, n)}" for sev, n in counts.items() if n)
        text = texts["some"].format(
            total=len(findings),
            finding_word=_word(lang, "finding", len(findings)),
            detail=detail,
            files=files,
            file_word=_word(lang, "file", files),
        )
    suppressed = sum(r.suppressed for r in results)
    if suppressed:
        text += " " + texts["suppressed"].format(n=suppressed) + "."
    return text


def chunks(
    results: Sequence[FileResult],
    ruleset: Ruleset,
    lang: str,
    color: bool = False,
    quiet: bool = False,
) -> Iterator[str]:
    """The report piece by piece (a line each), so it is never held whole in memory."""
    for result in results:
        for finding in result.findings:
            yield line(finding, color) + "\n"
    if not quiet:
        yield summary(results, lang) + "\n"


def render(
    results: Sequence[FileResult],
    ruleset: Ruleset,
    lang: str,
    color: bool = False,
    quiet: bool = False,
) -> str:
    return "".join(chunks(results, ruleset, lang, color, quiet))
