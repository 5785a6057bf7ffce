"""Suppression comments: ``# coordgraph: ignore[CG204] reason``.

A comment hides matching findings on its own line and on the line below it (so it can
stand above the key it is about). A suppression that hides nothing is itself reported
(CG006), so stale suppressions cannot pile up and later hide real problems. The file is
read once and the findings are grouped by line once, so many comments cost no more than
a few.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence

from coordgraph import nodepath
from coordgraph.findings import Finding, Hit, Span

_COMMENT = re.compile(r"(?:^|\s)#\s*coordgraph:\s*ignore\[([^\]]*)\]")


def find_suppressions(text: str) -> list[tuple[int, int, int, list[str]]]:
    """(line, column, end column, selectors) of each suppression comment, 1-based."""
    result = []
    for number, line in enumerate(text.splitlines(), start=1):
        if "coordgraph:" not in line:
            continue
        match = _COMMENT.search(line)
        if match is None:
            continue
        selectors = [s.strip() for s in match.group(1).split(",") if s.strip()]
        column = line.index("#", match.start()) + 1
        result.append((number, column, len(line) + 1, selectors))
    return result


def apply_suppressions(
    findings: Sequence[Finding], text: str, select: Callable[[str], list[str]]
) -> tuple[list[Finding], int, list[Hit]]:
    """The findings no comment hides, how many were hidden, and a CG006 hit for each
    comment that hid nothing. ``select`` gives the codes a selector names."""
    by_line: dict[int, list[int]] = {}
    for index, finding in enumerate(findings):
        if finding.code != "CG006":
            by_line.setdefault(finding.span.line, []).append(index)
    hidden: set[int] = set()
    unused: list[Hit] = []
    for line, column, end, selectors in find_suppressions(text):
        codes = {code for s in selectors for code in select(s)}
        matched = [
            index
            for at in (line, line + 1)
            for index in by_line.get(at, ())
            if index not in hidden and findings[index].code in codes
        ]
        if matched:
            hidden.update(matched)
            continue
        shown = ", ".join(selectors) or "?"
        unused.append(
            Hit(
                "CG006",
                nodepath.join("suppressions", shown),
                {"codes": shown},
                span=Span(line, column, line, end),
            )
        )
    kept = [f for index, f in enumerate(findings) if index not in hidden]
    return kept, len(hidden), unused
