"""GitHub Actions workflow commands (``--format github``): one annotation per finding.

Each finding becomes one line the runner turns into an annotation on the file::

    ::warning file=orgs/a.org.yaml,line=42,col=5,endColumn=20,title=CG201 missing-mandate::Bo …

Severity ``error`` -> ``::error``, ``warning`` -> ``::warning``, ``info`` -> ``::notice``.
Escaping follows the runner: in the message ``%`` -> ``%25``, CR -> ``%0D``, LF ->
``%0A``; in property values also ``:`` -> ``%3A`` and ``,`` -> ``%2C``. Before that, any
other control character, a bidi override or a Unicode line separator is shown as an
escape (``\\x1b``, ``\\u202e``; :func:`coordgraph.display.printable`): the log is read in
terminals and log viewers too, and a command must stay exactly one line. Columns are sent
only when the finding starts and ends on one line (the runner drops them otherwise);
``endColumn`` is then the last column of the span (inclusive), never before ``col``.
After the annotations one plain line sums up the run (it shows in the log only).

GitHub shows at most 10 error and 10 warning annotations per step (50 per job), so the
full list also goes into the job summary: :func:`write_step_summary` appends a Markdown
table to the file named by ``GITHUB_STEP_SUMMARY``. :func:`render` itself reads no
environment; the CLI calls it for ``--format github`` when ``GITHUB_STEP_SUMMARY`` is set.
The summary is appended through :mod:`coordgraph.safewrite`: never to an org file, an
input or a file whose permissions do not let us write it (then a warning, and the check
goes on).
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from coordgraph.display import printable
from coordgraph.findings import Finding, Severity, count_by_severity
from coordgraph.reporters.common import ordered
from coordgraph.terms import fill, term

if TYPE_CHECKING:
    from coordgraph.catalogue import Ruleset
    from coordgraph.findings import FileResult

COMMAND = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "notice"}
#: GitHub refuses a step summary above 1 MiB; stay well below, counting what is there.
SUMMARY_LIMIT = 1024 * 1024
_SUMMARY_MARGIN = 16 * 1024
_HEAD = ("file", "line", "severity", "code", "message")  # the summary table's columns


def escape_data(text: str) -> str:
    """Escape a workflow command's message."""
    text = printable(text, keep_breaks=True)
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(text: str) -> str:
    """Escape a workflow command's property value."""
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


def annotation(finding: Finding) -> str:
    """One workflow command line (without newline) for a finding."""
    span = finding.span
    line = max(1, span.line)
    end_line = max(line, span.end_line)
    props = [("file", finding.path), ("line", str(line))]
    if end_line == line:
        column = max(1, span.column)
        end_column = max(column, span.end_column - 1)  # exclusive -> inclusive
        props += [("col", str(column)), ("endColumn", str(end_column))]
    else:
        props.append(("endLine", str(end_line)))
    props.append(("title", f"{finding.code} {finding.name}"))
    encoded = ",".join(f"{key}={escape_property(value)}" for key, value in props)
    return f"::{COMMAND[finding.severity]} {encoded}::{escape_data(finding.message)}"


def _noun(key: str, n: int, lang: str) -> str:
    return f"{n} {term(f'summary.{key}.' + ('one' if n == 1 else 'many'), lang)}"


def _counts_line(results: Sequence[FileResult], lang: str) -> str:
    findings = [f for r in results for f in r.findings]
    numbers = {"finding": len(findings), "file": len(results), **count_by_severity(findings)}
    words = {key: _noun(key, n, lang) for key, n in numbers.items()}
    return fill(term("github." + ("counts" if findings else "none"), lang), words, lang)


def chunks(results: Sequence[FileResult], ruleset: Ruleset, lang: str) -> Iterator[str]:
    """Annotations, one line per finding, then a plain summary line for the log."""
    for result in results:
        for finding in ordered(result.findings):
            yield annotation(finding) + "\n"
    yield f"coordgraph: {_counts_line(results, lang)}\n"


def render(results: Sequence[FileResult], ruleset: Ruleset, lang: str) -> str:
    return "".join(chunks(results, ruleset, lang))


def _cell(text: str) -> str:
    """Text safe inside a Markdown table cell (no HTML, no column breaks, one line)."""
    text = printable(text, keep_breaks=True)
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    text = text.replace("\\", "\\\\").replace("|", "\\|").replace("`", "\\`")
    return text.replace("\r\n", "<br>").replace("\r", "<br>").replace("\n", "<br>")


def render_step_summary(
    results: Sequence[FileResult], lang: str = "en", max_bytes: int = SUMMARY_LIMIT
) -> str:
    """The job summary as Markdown: a heading, the counts and a table of all findings.

    Rows that would take the text over ``max_bytes`` (UTF-8) are left out and counted
    in a closing line instead.
    """
    head = [term(f"github.head.{key}", lang) for key in _HEAD]
    parts = ["### coordgraph", "", _counts_line(results, lang), ""]
    findings = [f for result in results for f in ordered(result.findings)]
    if findings:
        parts += ["| " + " | ".join(head) + " |", "| --- | ---: | --- | --- | --- |"]
    budget = max_bytes - _SUMMARY_MARGIN - len("\n".join(parts).encode())
    shown = 0
    for f in findings:
        severity = term(f"severity.{f.severity.value}", lang)
        row = (
            f"| {_cell(f.path)} | {max(1, f.line)} | {_cell(severity)} "
            f"| {f.code} {_cell(f.name)} | {_cell(f.message)} |"
        )
        size = len(row.encode()) + 1
        if size > budget:
            break
        budget -= size
        parts.append(row)
        shown += 1
    if shown < len(findings):
        parts += ["", fill(term("github.more", lang), {"n": len(findings) - shown}, lang)]
    return "\n".join(parts) + "\n\n"


def write_step_summary(
    results: Sequence[FileResult],
    path: str | os.PathLike[str],
    lang: str = "en",
    protected: Iterable[Path] = (),
    warn: Callable[[str], None] | None = None,
) -> bool:
    """Append the Markdown summary to ``path`` (the ``GITHUB_STEP_SUMMARY`` file).

    Earlier content of the file counts against GitHub's 1 MiB limit. Returns False,
    without raising, when the summary is not written (``warn`` hears why): the
    annotations still stand and a summary must never fail the check.
    """
    from coordgraph.messages import say
    from coordgraph.safewrite import RefusedWrite, append, plan_write

    try:
        plan = plan_write(path, protected)
        existing = os.path.getsize(plan.path) if plan.kind == "replace" else 0
        text = render_step_summary(results, lang, SUMMARY_LIMIT - existing)
        if existing + len(text.encode()) > SUMMARY_LIMIT:
            if warn is not None:
                warn(say("summary_full", lang, path=printable(os.fspath(path))))
            return False
        append(path, text.encode("utf-8", "backslashreplace"), protected)
    except RefusedWrite as exc:
        if warn is not None:
            warn(printable(exc.message(lang)))
        return False
    except OSError as exc:
        if warn is not None:
            warn(printable(exc.strerror or str(exc)))
        return False
    return True
