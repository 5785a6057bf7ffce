"""JSON format: every finding with its position, node and fingerprint, plus metrics."""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

from coordgraph import __version__
from coordgraph.catalogue import Ruleset
from coordgraph.findings import FileResult, Finding


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
        "files": [
            {
                "path": r.path,
                "findings": len(r.findings),
                "suppressed": r.suppressed,
                "metrics": dict(r.metrics),
            }
            for r in results
        ],
        "findings": [finding_dict(f) for r in results for f in r.findings],
    }


def render(results: Sequence[FileResult], ruleset: Ruleset, lang: str) -> str:
    return json.dumps(document(results), ensure_ascii=False, indent=2) + "\n"
