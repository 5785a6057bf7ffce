"""JSON format: every finding with its position, node and fingerprint, plus metrics.

An object with ``tool``, ``version``, ``files`` (path, counts, metrics per file) and
``findings``; each file and each finding is written on a line of its own, so the report
is streamed (never held whole in memory) and reads well in a diff.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Sequence
from json.encoder import encode_basestring
from typing import Any

from coordgraph import __version__
from coordgraph.catalogue import Ruleset
from coordgraph.findings import FileResult, Finding
from coordgraph.reporters.common import json_array


def finding_dict(finding: Finding) -> dict[str, Any]:
    return {
        "code": finding.code,
        "name": finding.name,
        "severity": finding.severity.value,
        "message": finding.message,
        "path": finding.path,
        "line": finding.span.line,
        "column": finding.span.column,
        "end_line": finding.span.end_line,
        "end_column": finding.span.end_column,
        "node": finding.node,
        "fingerprint": finding.fingerprint,
        "fix": finding.fix,
        "related": [
            {
                "node": r.node,
                "label": r.label,
                "line": r.span.line,
                "column": r.span.column,
            }
            for r in finding.related
        ],
    }


def document(results: Sequence[FileResult]) -> dict[str, Any]:
    return {
        "tool": "coordgraph",
        "version": __version__,
        "files": [_file_dict(r) for r in results],
        "findings": [finding_dict(f) for r in results for f in r.findings],
    }


_string = encode_basestring  # a JSON string literal (UTF-8 kept), in C


def finding_json(finding: Finding) -> str:
    """:func:`finding_dict` as one line of JSON text, written from a template: a report
    can hold a great many findings, and ``json.dumps`` of a fresh dict per finding
    costs several times what the rest of the line does."""
    span = finding.span
    related = ", ".join(
        f'{{"node": {_string(r.node)}, "label": {_string(r.label)}, '
        f'"line": {r.span.line}, "column": {r.span.column}}}'
        for r in finding.related
    )
    return (
        f'{{"code": {_string(finding.code)}, "name": {_string(finding.name)}, '
        f'"severity": "{finding.severity.value}", "message": {_string(finding.message)}, '
        f'"path": {_string(finding.path)}, "line": {span.line}, "column": {span.column}, '
        f'"end_line": {span.end_line}, "end_column": {span.end_column}, '
        f'"node": {_string(finding.node)}, "fingerprint": "{finding.fingerprint}", '
        f'"fix": {_string(finding.fix)}, "related": [{related}]}}'
    )


def _file_dict(result: FileResult) -> dict[str, Any]:
    return {
        "path": result.path,
        "findings": len(result.findings),
        "suppressed": result.suppressed,
        "metrics": dict(result.metrics),
        "units": {unit: dict(metrics) for unit, metrics in result.unit_metrics.items()},
    }


def chunks(results: Sequence[FileResult], ruleset: Ruleset, lang: str) -> Iterator[str]:
    """The document of :func:`document`, piece by piece."""
    yield f'{{\n  "tool": "coordgraph",\n  "version": {json.dumps(__version__)},\n  "files": '
    yield from json_array((_file_dict(r) for r in results), "    ")
    yield ',\n  "findings": '
    findings = (finding_json(f) for r in results for f in r.findings)
    yield from json_array(findings, "    ", encoded=True)
    yield "\n}\n"


def render(results: Sequence[FileResult], ruleset: Ruleset, lang: str) -> str:
    return "".join(chunks(results, ruleset, lang))
