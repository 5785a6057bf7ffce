"""Text format: one finding a line with its fix hint under it, then a summary line.

The hint is the rule's fix in the run's language, indented under its finding as ruff
shows its help lines; ``--no-hints`` or ``--quiet`` leave it out. The severity word is
the run's language too; code and rule name stay as they are, since configs name them.

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
from coordgraph.findings import FileResult, Finding, count_by_severity
from coordgraph.terms import term

_COLOURS = {"error": "red", "warning": "yellow", "info": "cyan"}


def _word(lang: str, key: str, count: int) -> str:
    return term(f"summary.{key}.{'one' if count == 1 else 'many'}", lang)


def _shown_path(path: str) -> str:
    shown = printable(path)
    return "./" + shown if shown.startswith(("::", "##")) else shown


def line(finding: Finding, color: bool = False, lang: str = "en") -> str:
    value = finding.severity.value
    severity = term(f"severity.{value}", lang)
    if color:
        severity = click.style(severity, fg=_COLOURS[value], bold=value == "error")
    location = f"{_shown_path(finding.path)}:{finding.span.line}:{finding.span.column}:"
    if color:
        location = click.style(location, bold=True)
    name, message = printable(finding.name), printable(finding.message)
    return f"{location} {severity} {printable(finding.code)} {name}  {message}"


def hint(finding: Finding, lang: str, color: bool = False) -> str | None:
    """The line under a finding that says what to do, or None when the rule has no fix."""
    if not finding.fix:
        return None
    label = term("summary.hint", lang) + ":"
    if color:
        label = click.style(label, fg="cyan", bold=True)
    return f"    {label} {printable(' '.join(finding.fix.split()))}"


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


def chunks(
    results: Sequence[FileResult],
    ruleset: Ruleset,
    lang: str,
    color: bool = False,
    quiet: bool = False,
    hints: bool = True,
) -> Iterator[str]:
    """The report piece by piece (a line each), so it is never held whole in memory."""
    hints = hints and not quiet
    for result in results:
        for finding in result.findings:
            yield line(finding, color, lang) + "\n"
            below = hint(finding, lang, color) if hints else None
            if below is not None:
                yield below + "\n"
    if not quiet:
        yield summary(results, lang) + "\n"


def render(
    results: Sequence[FileResult],
    ruleset: Ruleset,
    lang: str,
    color: bool = False,
    quiet: bool = False,
    hints: bool = True,
) -> str:
    return "".join(chunks(results, ruleset, lang, color, quiet, hints))
