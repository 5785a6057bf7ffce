"""Findings as the editor's diagnostics: the same findings as ``coordgraph check``, each
with its exact range, severity, code, a link to the rule's documentation and the other
places it concerns."""

from __future__ import annotations

import contextlib
import re
from functools import cache
from importlib import resources
from pathlib import Path

from lsprotocol import types

from coordgraph.findings import Finding, Severity
from coordgraph.server.documents import Check, Document
from coordgraph.server.ranges import index_range, span_range
from coordgraph.server.text import Lines
from coordgraph.starter import schema_home, schema_reference
from coordgraph.terms import term

SOURCE = "coordgraph"
#: The code of the server's own note that a ``$schema`` comment leads nowhere (not a
#: finding of the check: it is about the editor's set-up, not the organisation).
SCHEMA_REFERENCE = "schema-reference"
SEVERITIES = {
    Severity.ERROR: types.DiagnosticSeverity.Error,
    Severity.WARNING: types.DiagnosticSeverity.Warning,
    Severity.INFO: types.DiagnosticSeverity.Information,
}
_MODELINE = re.compile(r"#\s*yaml-language-server:\s*\$schema=(\S+)")


@cache
def bundled_rules_url() -> str | None:
    """The rule reference shipped with coordgraph (``docs/rules.md``), as a file URI:
    in the installed package, else (an editable install) beside the package."""
    candidates = []
    with contextlib.suppress(ModuleNotFoundError, TypeError, ValueError):
        candidates.append(Path(str(resources.files("coordgraph.docs").joinpath("rules.md"))))
    candidates.append(Path(__file__).resolve().parents[2] / "docs" / "rules.md")
    for path in candidates:
        if path.is_file():
            return path.resolve().as_uri()
    return None


def rule_url(finding: Finding, base: str | None) -> str | None:
    """Where the finding's rule is documented: its heading in docs/rules.md."""
    base = base or bundled_rules_url()
    if not base:
        return None
    return f"{base.split('#', 1)[0]}#{finding.code.lower()}-{finding.name}"


def diagnostic(
    finding: Finding, check: Check, uri: str, encoding: str, rules_url: str | None
) -> types.Diagnostic:
    lines = check.lines
    related = [
        types.DiagnosticRelatedInformation(
            location=types.Location(
                uri=uri, range=span_range(lines, item.span, check.shift, encoding)
            ),
            message=item.label,
        )
        for item in finding.related
    ]
    href = rule_url(finding, rules_url)
    return types.Diagnostic(
        range=span_range(lines, finding.span, check.shift, encoding),
        severity=SEVERITIES[finding.severity],
        code=finding.code,
        code_description=types.CodeDescription(href=href) if href else None,
        source=SOURCE,
        message=finding.message,
        related_information=related or None,
        data={"node": finding.node, "name": finding.name},
    )


def diagnostics(
    document: Document, check: Check, encoding: str, rules_url: str | None
) -> list[types.Diagnostic]:
    """The diagnostics of one check: its findings, a configuration that cannot be used,
    a ``$schema`` comment that leads to no file."""
    uri = document.uri
    result = [diagnostic(f, check, uri, encoding, rules_url) for f in check.findings]
    lang = check.lang
    if check.config_problem is not None:
        result.insert(
            0,
            types.Diagnostic(
                range=index_range(check.lines, 0, 0, encoding),
                severity=types.DiagnosticSeverity.Error,
                source=SOURCE,
                message=term("server.config_error", lang).format(problem=check.config_problem),
            ),
        )
    broken = broken_schema_reference(document, check.lines)
    if broken is not None:
        start, end, reference = broken
        result.append(
            types.Diagnostic(
                range=index_range(check.lines, start, end, encoding),
                severity=types.DiagnosticSeverity.Information,
                code=SCHEMA_REFERENCE,
                source=SOURCE,
                message=term("server.schema_reference", lang).format(path=reference),
            )
        )
    return result


def schema_modeline(lines: Lines) -> tuple[int, int, str] | None:
    """The ``$schema`` value of the ``yaml-language-server`` comment among the first
    lines: its start and end index and the value."""
    for row in range(min(len(lines), 5)):
        content = lines.content(row)
        match = _MODELINE.search(content)
        if match is not None and content.lstrip().startswith("#"):
            start = lines.starts[row] + match.start(1)
            return start, start + len(match.group(1)), match.group(1)
    return None


def broken_schema_reference(document: Document, lines: Lines) -> tuple[int, int, str] | None:
    """A ``$schema`` comment whose path leads to no file (a file moved to another
    folder, say), or None. Addresses (``https:``…) are not looked up."""
    if document.path is None:
        return None
    found = schema_modeline(lines)
    if found is None or re.match(r"[A-Za-z][A-Za-z0-9+.-]+:", found[2]):
        return None
    target = document.path.parent / found[2]
    try:
        if target.is_file():
            return None
    except OSError:
        return None
    return found


def schema_repair(document: Document) -> str | None:
    """The ``$schema`` value that leads to the schema kept in the document's
    repository (see :func:`coordgraph.starter.schema_home`), when one exists there."""
    if document.path is None:
        return None
    folder = document.path.parent
    home = schema_home(folder)
    try:
        if not home.is_file():
            return None
    except OSError:
        return None
    return schema_reference(home, folder)
