"""Writing a report costs little memory per finding, in every format.

A report is streamed (one item per line) from templates, never built as one tree or
one string: so memory per finding stays far under 2 KiB whatever the format, and a
SARIF log of 25,000 results costs what its findings cost. Memory only: the time per
finding is a benchmark row (``formats`` in benchmarks/run.py), never a test.
"""

from __future__ import annotations

import gc
import importlib
import tracemalloc

import pytest

from coordgraph.catalogue import load_ruleset
from coordgraph.findings import FileResult, Finding, Related, Span

FORMATS = ("text", "json", "sarif", "github", "junit", "gitlab")
COUNT = 5_000
RULESET = load_ruleset("default")


def results() -> list[FileResult]:
    codes = [code for code in RULESET.rules if code.startswith(("CG1", "CG2", "CG3"))]
    findings = []
    for i in range(COUNT):
        spec = RULESET.rules[codes[i % len(codes)]]
        findings.append(
            Finding(
                code=spec.code,
                name=spec.name,
                severity=spec.severity,
                message=f"Søren Ærø ({i}) ejer 'Sprogindsats på Mariehønen {i}' uden et mandat",
                path="orgs/kommune/Ålholm børnehus.org.yaml",
                span=Span(i + 1, 5, i + 1, 30),
                node=f"tasks/sprog-{i}",
                fix=spec.text("fix", "da"),
                related=(
                    Related(f"people/soeren-{i}", Span(i, 3, i, 9), f"Søren Ærø ({i})"),
                    Related("people/anne", Span(4, 3, 4, 7), "Anne Holm (anne)"),
                ),
            )
        )
    return [FileResult("orgs/kommune/Ålholm børnehus.org.yaml", tuple(findings))]


@pytest.mark.parametrize("fmt", FORMATS)
def test_memory_per_finding_is_under_2_kib(fmt: str) -> None:
    reporter = importlib.import_module(f"coordgraph.reporters.{fmt}")
    data = results()
    written = 0
    gc.collect()
    tracemalloc.start()
    try:
        stream = getattr(reporter, "chunks", None)
        pieces = stream(data, RULESET, "da") if stream else [reporter.render(data, RULESET, "da")]
        for piece in pieces:  # encoded as the CLI writes it, then dropped
            written += len(piece.encode("utf-8"))
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert written > COUNT * 50  # the report really holds every finding
    assert peak / COUNT < 2048, f"{fmt}: {peak / COUNT:.0f} bytes per finding"
