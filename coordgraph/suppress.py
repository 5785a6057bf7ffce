"""Suppression comments: ``# coordgraph: ignore[CG204] reason``.

A comment hides matching findings on its own line and on the line below it (so it can
stand above the key it is about). A suppression that hides nothing is itself reported
(CG006), so stale suppressions cannot pile up and later hide real problems.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from coordgraph.findings import Finding, Span
from coordgraph.terms import fill

if TYPE_CHECKING:
    from coordgraph.engine import Options

_COMMENT = re.compile(r"(?:^|\s)#\s*coordgraph:\s*ignore\[([^\]]*)\]")


def find_suppressions(text: str) -> list[tuple[int, int, list[str]]]:
    """(line, column, selectors) of each suppression comment, 1-based."""
    result = []
    for number, line in enumerate(text.splitlines(), start=1):
        if "coordgraph:" not in line:
            continue
        match = _COMMENT.search(line)
        if match is None:
            continue
        selectors = [s.strip() for s in match.group(1).split(",") if s.strip()]
        column = line.index("#", match.start()) + 1
        result.append((number, column, selectors))
    return result


def apply_suppressions(
    findings: list[Finding], text: str, path: str, options: Options, report_unused: bool
) -> tuple[list[Finding], int]:
    """Drop suppressed findings; add CG006 for suppressions that matched nothing."""
    ruleset = options.ruleset
    kept = list(findings)
    hidden = 0
    unused: list[Finding] = []
    for line, column, selectors in find_suppressions(text):
        codes = {code for s in selectors for code in ruleset.select(s)}
        matched = [
            f
            for f in kept
            if f.code in codes and f.code != "CG006" and f.span.line in (line, line + 1)
        ]
        if matched:
            hidden += len(matched)
            kept = [f for f in kept if f not in matched]
            continue
        if report_unused:
            spec = ruleset.rules["CG006"]
            shown = ", ".join(selectors) or "?"
            message = fill(spec.template(None, options.lang), {"codes": shown}, options.lang)
            unused.append(
                Finding(
                    code="CG006",
                    name=spec.name,
                    severity=spec.severity,
                    message=message,
                    path=path,
                    span=Span(line, column, line, len(text.splitlines()[line - 1]) + 1),
                    node=f"suppressions/{shown}",
                    fix=spec.text("fix", options.lang),
                )
            )
    return kept + unused, hidden
